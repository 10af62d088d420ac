//! The word lists of [`news`](super): page furniture and news cues of Bangladeshi news sites
//! (sources: see the module docs of [`news`](super)).

/// Lines that point elsewhere.
pub(super) const READ_MORE: &[&str] = &[
    "আরও পড়ুন",
    "আরো পড়ুন",
    "আরও পড়ুনঃ",
    "বিস্তারিত জানতে",
    "বিস্তারিত দেখুন",
    "বিস্তারিত পাওয়া যাবে",
    "বিস্তারিত পড়ুন",
    "বিস্তারিত তথ্য",
    "ভিজিট করুন",
    "লিংকে ক্লিক",
    "লিঙ্কে ক্লিক",
    "সম্পর্কিত খবর",
    "আরও খবর",
    "read more",
    "details at",
    "for details",
    "click here",
];

/// Caption and photo-credit cues.
pub(super) const CAPTION: &[&str] = &[
    "ছবি:",
    "ছবি :",
    "ছবিঃ",
    "ছবি-",
    "ছবি –",
    "ফাইল ছবি",
    "সংগৃহীত ছবি",
    "ছবি: সংগৃহীত",
    "photo:",
    "file photo",
    "photo credit",
];

/// Contact cues (with their colon: `যোগাযোগ` alone is an ordinary word, "communication").
pub(super) const CONTACT: &[&str] = &[
    "যোগাযোগ:",
    "যোগাযোগ :",
    "যোগাযোগঃ",
    "ফোন:",
    "ফোন :",
    "মোবাইল:",
    "মোবাইল :",
    "ইমেইল:",
    "ই-মেইল:",
    "ইমেল:",
    "হটলাইন:",
    "contact:",
    "phone:",
    "tel:",
    "email:",
    "e-mail:",
];

/// Reporter-line openings.
pub(super) const BYLINE_START: &[&str] = &[
    "নিজস্ব প্রতিবেদক",
    "নিজস্ব সংবাদদাতা",
    "স্টাফ রিপোর্টার",
    "স্টাফ করেসপন্ডেন্ট",
    "বিশেষ প্রতিনিধি",
    "বিশেষ প্রতিবেদক",
    "জেলা প্রতিনিধি",
    "উপজেলা প্রতিনিধি",
    "অনলাইন ডেস্ক",
    "ডেস্ক রিপোর্ট",
    "আন্তর্জাতিক ডেস্ক",
    "বিনোদন ডেস্ক",
    "ক্রীড়া ডেস্ক",
    "খেলা ডেস্ক",
    "লিখেছেন",
    "staff reporter",
    "staff correspondent",
];

/// Words that make a short line a reporter's line.
pub(super) const BYLINE_WORDS: &[&str] = &["প্রতিবেদক", "সংবাদদাতা", "প্রতিনিধি", "ডেস্ক", "রিপোর্টার"];

/// Publication-time cues.
pub(super) const DATELINE_START: &[&str] = &[
    "প্রকাশিত:",
    "প্রকাশিত :",
    "প্রকাশ:",
    "প্রকাশ :",
    "আপডেট:",
    "আপডেট :",
    "সর্বশেষ আপডেট",
    "published:",
    "updated:",
];

/// Month names (Bengali spellings of the Gregorian months, the Bengali calendar, English).
pub(super) const MONTHS: &[&str] = &[
    "জানুয়ারি",
    "জানুয়ারী",
    "ফেব্রুয়ারি",
    "ফেব্রুয়ারী",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekdays and times of day, which with months and numbers make up a dateline.
pub(super) const DATE_WORDS: &[&str] = &[
    "শনিবার",
    "রবিবার",
    "রোববার",
    "সোমবার",
    "মঙ্গলবার",
    "বুধবার",
    "বৃহস্পতিবার",
    "শুক্রবার",
    "পূর্বাহ্ন",
    "অপরাহ্ন",
    "সকাল",
    "দুপুর",
    "বিকেল",
    "সন্ধ্যা",
    "রাত",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "am",
    "pm",
];

/// Most words of a dateline that are not dates (the place: `ঢাকা`, `কক্সবাজার সদর`).
pub(super) const DATELINE_OTHER_WORDS: usize = 2;

/// Top-level domains a bare address ends with.
pub(super) const TLDS: &[&str] = &[
    "com", "net", "org", "gov", "edu", "info", "bd", "in", "uk", "us", "io", "co", "news", "tv",
];

/// Most words a byline or dateline has.
pub(super) const SHORT_LINE_WORDS: usize = 8;

/// Actors: roles and institutions that make a sentence about someone acting (matched as word
/// prefixes, so inflected forms count: প্রধানমন্ত্রীর, আদালতের).
pub(super) const ACTORS: &[&str] = &[
    "প্রধানমন্ত্রী",
    "রাষ্ট্রপতি",
    "প্রেসিডেন্ট",
    "মন্ত্রী",
    "প্রতিমন্ত্রী",
    "মন্ত্রণালয়",
    "সরকার",
    "সংসদ",
    "আদালত",
    "হাইকোর্ট",
    "ট্রাইব্যুনাল",
    "বিচারক",
    "পুলিশ",
    "র‍্যাব",
    "সেনাবাহিনী",
    "কমিশন",
    "মেয়র",
    "চেয়ারম্যান",
    "সচিব",
    "উপাচার্য",
    "জাতিসংঘ",
    "ব্যাংক",
    "কর্তৃপক্ষ",
    "অধিদপ্তর",
    "নেতা",
    "দল",
];

/// Decisions and reported acts (word prefixes).
pub(super) const DECISIONS: &[&str] = &[
    "সিদ্ধান্ত",
    "ঘোষণা",
    "অনুমোদন",
    "নির্দেশ",
    "আদেশ",
    "রায়",
    "গ্রেপ্তার",
    "গ্রেফতার",
    "নিষেধাজ্ঞা",
    "চুক্তি",
    "পাস",
    "বরাদ্দ",
    "নিয়োগ",
    "স্থগিত",
    "বাতিল",
    "জারি",
    "দণ্ড",
    "কারাদণ্ড",
    "জরিমানা",
    "বাজেট",
    "নির্বাচিত",
    "স্বাক্ষর",
    "উদ্বোধন",
    "নিহত",
    "আহত",
];
