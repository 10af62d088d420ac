//! The number vocabulary of both languages, as data: every word the parser in
//! [`super`] knows, with its value. Nothing else in the crate spells a number word.
//!
//! Sources: the Bengali cardinals 0–100 and ordinals are the standard forms of Bangla Academy
//! usage (with the variant spellings RisingNews uses, e.g. `এগার`/`এগারো`, `উন`/`ঊন`); Indian
//! multipliers: শ/শত/শো = 10², হাজার = 10³, লাখ/লক্ষ = 10⁵, কোটি = 10⁷. English words are the
//! ordinary short-scale ones (million = 10⁶, billion = 10⁹, trillion = 10¹²) plus the South Asian
//! lakh/crore that English-language Bangladeshi papers use.
//!
//! `য়` `ড়` `ঢ়` may be written precomposed or as letter + nukta (NFC decomposes them): the parser
//! folds entries and input alike ([`super::fold`]), so both spellings match.

/// Bengali cardinal words with their values (stems: a classifier or case suffix from
/// [`BN_SUFFIXES`] may follow, as in `তিনটি`, `পাঁচজন`, `দশের`).
pub const BN_CARDINALS: &[(&str, f64)] = &[
    ("শূন্য", 0.0),
    ("এক", 1.0),
    ("দুই", 2.0),
    ("দু", 2.0),
    ("দুয়ে", 2.0),
    // "a couple" (মাস দুয়েক: about two months).
    ("দুয়েক", 2.0),
    ("তিন", 3.0),
    ("চার", 4.0),
    ("পাঁচ", 5.0),
    // The candrabindu typed before the vowel sign, a common misspelling.
    ("পাচঁ", 5.0),
    ("ছয়", 6.0),
    ("ছ", 6.0),
    ("সাত", 7.0),
    ("আট", 8.0),
    ("নয়", 9.0),
    ("দশ", 10.0),
    ("এগারো", 11.0),
    ("এগার", 11.0),
    ("বারো", 12.0),
    ("তেরো", 13.0),
    ("তের", 13.0),
    ("চৌদ্দ", 14.0),
    ("পনেরো", 15.0),
    ("পনের", 15.0),
    ("ষোলো", 16.0),
    ("ষোল", 16.0),
    ("সতেরো", 17.0),
    ("সতের", 17.0),
    ("আঠারো", 18.0),
    ("আঠার", 18.0),
    ("ঊনিশ", 19.0),
    ("উনিশ", 19.0),
    ("বিশ", 20.0),
    ("কুড়ি", 20.0),
    ("একুশ", 21.0),
    ("বাইশ", 22.0),
    ("তেইশ", 23.0),
    ("চব্বিশ", 24.0),
    ("পঁচিশ", 25.0),
    ("ছাব্বিশ", 26.0),
    ("সাতাশ", 27.0),
    ("আঠাশ", 28.0),
    ("ঊনত্রিশ", 29.0),
    ("ত্রিশ", 30.0),
    ("তিরিশ", 30.0),
    ("একত্রিশ", 31.0),
    ("বত্রিশ", 32.0),
    ("তেত্রিশ", 33.0),
    ("চৌত্রিশ", 34.0),
    ("পঁয়ত্রিশ", 35.0),
    ("ছত্রিশ", 36.0),
    ("সাঁইত্রিশ", 37.0),
    ("আটত্রিশ", 38.0),
    ("ঊনচল্লিশ", 39.0),
    ("চল্লিশ", 40.0),
    ("একচল্লিশ", 41.0),
    ("বিয়াল্লিশ", 42.0),
    ("তেতাল্লিশ", 43.0),
    ("চুয়াল্লিশ", 44.0),
    ("পঁয়তাল্লিশ", 45.0),
    ("ছেচল্লিশ", 46.0),
    ("সাতচল্লিশ", 47.0),
    ("আটচল্লিশ", 48.0),
    ("ঊনপঞ্চাশ", 49.0),
    ("পঞ্চাশ", 50.0),
    ("একান্ন", 51.0),
    ("বাহান্ন", 52.0),
    ("বায়ান্ন", 52.0),
    ("তিপ্পান্ন", 53.0),
    ("চুয়ান্ন", 54.0),
    ("পঞ্চান্ন", 55.0),
    ("ছাপ্পান্ন", 56.0),
    ("সাতান্ন", 57.0),
    ("আটান্ন", 58.0),
    ("ঊনষাট", 59.0),
    ("ষাট", 60.0),
    ("একষট্টি", 61.0),
    ("বাষট্টি", 62.0),
    ("তেষট্টি", 63.0),
    ("চৌষট্টি", 64.0),
    ("পঁয়ষট্টি", 65.0),
    ("ছেষট্টি", 66.0),
    ("সাতষট্টি", 67.0),
    ("আটষট্টি", 68.0),
    ("ঊনসত্তর", 69.0),
    ("সত্তর", 70.0),
    ("একাত্তর", 71.0),
    ("বাহাত্তর", 72.0),
    ("তিয়াত্তর", 73.0),
    ("চুয়াত্তর", 74.0),
    ("পঁচাত্তর", 75.0),
    ("ছিয়াত্তর", 76.0),
    ("সাতাত্তর", 77.0),
    ("আটাত্তর", 78.0),
    ("ঊনআশি", 79.0),
    ("আশি", 80.0),
    ("একাশি", 81.0),
    ("বিরাশি", 82.0),
    ("তিরাশি", 83.0),
    ("চুরাশি", 84.0),
    ("পঁচাশি", 85.0),
    ("ছিয়াশি", 86.0),
    ("সাতাশি", 87.0),
    ("অষ্টাশি", 88.0),
    ("ঊননব্বই", 89.0),
    ("নব্বই", 90.0),
    ("একানব্বই", 91.0),
    ("বিরানব্বই", 92.0),
    ("তিরানব্বই", 93.0),
    ("চুরানব্বই", 94.0),
    ("পঁচানব্বই", 95.0),
    ("ছিয়ানব্বই", 96.0),
    ("সাতানব্বই", 97.0),
    ("আটানব্বই", 98.0),
    ("নিরানব্বই", 99.0),
];

/// Bengali cardinal words that are also ordinary words (`এক` "a", `নয়` "is not", `শূন্য`
/// "empty"): a number the translation may leave out, and never missing when absent.
pub const BN_WEAK_CARDINALS: &[&str] = &["শূন্য", "এক", "নয়"];

/// Bengali multipliers (Indian scale, plus the loan words news copy uses).
pub const BN_MULTIPLIERS: &[(&str, f64)] = &[
    ("শ", 1e2),
    ("শো", 1e2),
    ("শত", 1e2),
    ("হাজার", 1e3),
    ("লাখ", 1e5),
    ("লক্ষ", 1e5),
    ("কোটি", 1e7),
    ("মিলিয়ন", 1e6),
    ("বিলিয়ন", 1e9),
    ("ট্রিলিয়ন", 1e12),
];

/// Reduplicated or plural multipliers: "thousands of", "lakhs of" — a vague quantity (weak).
/// (A multiplier written twice, `হাজার হাজার`, is vague too: the parser sees the repeat.)
pub const BN_VAGUE: &[&str] = &["হাজারো", "লাখো", "শতশত"];

/// Bengali whole-number fractions: দেড় = 1½, আড়াই = 2½; অর্ধেক/অর্ধ = ½ (weak: "half" is
/// as often a word as a number).
pub const BN_FRACTIONS: &[(&str, f64)] =
    &[("দেড়", 1.5), ("আড়াই", 2.5), ("অর্ধেক", 0.5), ("অর্ধ", 0.5)];

/// Modifiers of the number that follows: সাড়ে = +½, সোয়া = +¼, পৌনে = −¼ (of its unit:
/// সাড়ে তিনশো = 350, পৌনে দুই লাখ = 175,000).
pub const BN_MODIFIERS: &[(&str, f64)] = &[("সাড়ে", 0.5), ("সোয়া", 0.25), ("পৌনে", -0.25)];

/// Bengali decimal point word: `২ দশমিক ১৮` = 2.18.
pub const BN_DECIMAL: &[&str] = &["দশমিক"];

/// Words that make the number before them a percentage (`৬ শতাংশ`, `৬ ভাগ`); `শতকরা` comes
/// before it (`শতকরা ৬ ভাগ`).
pub const BN_PERCENT: &[&str] = &[
    "শতাংশ",
    "শতাংশের",
    "শতাংশে",
    "ভাগ",
    "ভাগের",
    "ভাগে",
    "পার্সেন্ট",
    "শতকরা",
    "%",
];

/// Bengali words joining two numbers into a range or a pair (`৪০ থেকে ৫০ হাজার`: the
/// multiplier of the second applies to the first too).
pub const BN_RANGE: &[&str] = &["থেকে", "বা", "হতে", "অথবা", "কিংবা", "ও", "এবং"];

/// Endings that make a digit run an ordinal or a date (`৫ম`, `২য়`, `৪র্থ`, `৬ষ্ঠ`, `১লা`,
/// `২রা`, `৪ঠা`, `২১শে`, `১৪তম`, `৭ই`): the number is kept, its value unchanged.
pub const BN_ORDINAL_ENDINGS: &[&str] = &["ম", "য়", "র্থ", "ষ্ঠ", "লা", "রা", "ঠা", "শে", "তম", "ই"];

/// Bengali ordinal words (weak: `প্রথম` is as often "maiden" or "premier" as "first").
pub const BN_ORDINALS: &[(&str, f64)] = &[
    ("প্রথম", 1.0),
    ("পহেলা", 1.0),
    ("দ্বিতীয়", 2.0),
    ("তৃতীয়", 3.0),
    ("চতুর্থ", 4.0),
    ("পঞ্চম", 5.0),
    ("ষষ্ঠ", 6.0),
    ("সপ্তম", 7.0),
    ("অষ্টম", 8.0),
    ("নবম", 9.0),
    ("দশম", 10.0),
    ("একাদশ", 11.0),
    ("দ্বাদশ", 12.0),
    ("ত্রয়োদশ", 13.0),
    ("চতুর্দশ", 14.0),
    ("পঞ্চদশ", 15.0),
    ("ষোড়শ", 16.0),
    ("সপ্তদশ", 17.0),
    ("অষ্টাদশ", 18.0),
    ("ঊনবিংশ", 19.0),
    ("বিংশ", 20.0),
    ("একবিংশ", 21.0),
];

/// Suffixes a Bengali number word may carry and still be that number: classifiers (`টি`,
/// `জন`), case endings (`এর`, `কে`), and the nouns written solid with a number (`দুদিন`,
/// `তিনবার`). A word is a number only when it is a lexicon stem followed by one of these, so
/// `তিনি` (he), `আটক` (arrest) and `বিশ্ব` (world) are not.
pub const BN_SUFFIXES: &[&str] = &[
    "",
    "টি",
    "টা",
    "টির",
    "টিতে",
    "টিকে",
    "টার",
    "টায়",
    "টাই",
    "টিই",
    "টো",
    "টোর",
    "টে",
    "টিরও",
    "েরও",
    "েরই",
    "রও",
    "জন",
    "জনের",
    "জনকে",
    "জনই",
    "জনও",
    "জনে",
    "খানা",
    "খানি",
    "খান",
    "এর",
    "ের",
    "য়ের",
    "র",
    "তে",
    "য়",
    "ও",
    "ই",
    "দিন",
    "দিনের",
    "দিনে",
    "দিনব্যাপী",
    "বার",
    "বারের",
    "ঘণ্টা",
    "ঘণ্টার",
    "মাস",
    "মাসের",
    "বছর",
    "বছরের",
    "বছরে",
    "গুণ",
    "মিনিট",
    "সপ্তাহ",
    "ধরনের",
    "দফা",
    "শ",
    "শো",
    "শত",
    "শর",
    "শোর",
    "হাজার",
    "লাখ",
    "কোটি",
];

/// Bengali words that mark the nearby number as rounded ("about", "nearly"): a translation
/// rounded to fewer significant digits is then accepted. Bounds ("more than", `বেশি`,
/// `অন্তত`) are not here: "more than 10 lakh" for `১১ লাখের বেশি` changed the number.
pub const BN_APPROX: &[&str] = &["প্রায়", "আনুমানিক", "কাছাকাছি", "মতো", "মত"];

/// `শতাধিক` = "more than a hundred", `সহস্রাধিক` = "more than a thousand" (approximate).
pub const BN_OVER: &[(&str, f64)] = &[
    ("শতাধিক", 100.0),
    ("সহস্রাধিক", 1000.0),
    ("অর্ধশতাধিক", 50.0),
    ("শতভাগ", 100.0),
];

/// Bengali names of the Gregorian months (news dates: `৩ জুন`, `১১ ফেব্রুয়ারি`), with the
/// spellings RisingNews uses.
pub const BN_MONTHS: &[(&str, f64)] = &[
    ("জানুয়ারি", 1.0),
    ("জানুয়ারী", 1.0),
    ("ফেব্রুয়ারি", 2.0),
    ("ফেব্রুয়ারী", 2.0),
    ("মার্চ", 3.0),
    ("এপ্রিল", 4.0),
    ("মে", 5.0),
    ("জুন", 6.0),
    ("জুলাই", 7.0),
    ("আগস্ট", 8.0),
    ("আগষ্ট", 8.0),
    ("সেপ্টেম্বর", 9.0),
    ("অক্টোবর", 10.0),
    ("নভেম্বর", 11.0),
    ("ডিসেম্বর", 12.0),
];

/// English month names and abbreviations.
pub const EN_MONTHS: &[(&str, f64)] = &[
    ("january", 1.0),
    ("jan", 1.0),
    ("february", 2.0),
    ("feb", 2.0),
    ("march", 3.0),
    ("mar", 3.0),
    ("april", 4.0),
    ("apr", 4.0),
    ("may", 5.0),
    ("june", 6.0),
    ("jun", 6.0),
    ("july", 7.0),
    ("jul", 7.0),
    ("august", 8.0),
    ("aug", 8.0),
    ("september", 9.0),
    ("sep", 9.0),
    ("sept", 9.0),
    ("october", 10.0),
    ("oct", 10.0),
    ("november", 11.0),
    ("nov", 11.0),
    ("december", 12.0),
    ("dec", 12.0),
];

/// English cardinal words.
pub const EN_CARDINALS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
    // `দুই দেশের` = "both countries" (weak, below).
    ("both", 2.0),
];

/// English cardinal words that are also ordinary words ("one of them", "no one").
pub const EN_WEAK_CARDINALS: &[&str] = &["zero", "one", "both"];

/// English words for "so many times" (`দুই বার` = "twice").
pub const EN_TIMES: &[(&str, f64)] = &[("twice", 2.0), ("thrice", 3.0)];

/// English multipliers (short scale; lakh and crore as Bangladeshi English uses them; the
/// abbreviations written solid after digits: `5bn`, `$3m`, `10k`).
pub const EN_MULTIPLIERS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("lakh", 1e5),
    ("lac", 1e5),
    ("million", 1e6),
    ("crore", 1e7),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("k", 1e3),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("bn", 1e9),
    ("b", 1e9),
    ("tr", 1e12),
];

/// Plural multipliers used alone are vague quantities ("thousands of people"), weak.
pub const EN_VAGUE: &[&str] = &[
    "hundreds",
    "thousands",
    "lakhs",
    "millions",
    "crores",
    "billions",
    "dozens",
    "scores",
];

/// English fractions: `half` (weak, as `অর্ধেক`), `quarter`.
pub const EN_FRACTIONS: &[(&str, f64)] = &[("half", 0.5), ("quarter", 0.25)];

/// English percent words (the sign `%` too).
pub const EN_PERCENT: &[&str] = &["percent", "per", "pc", "percentage", "%"];

/// English ordinal words (weak, as their Bengali counterparts).
pub const EN_ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
];

/// English currency words, skipped between a number and its multiplier ("83 dollars million",
/// a calque of `৮৩ মিলিয়ন ডলার`).
pub const EN_CURRENCIES: &[&str] = &[
    "dollar", "dollars", "taka", "tk", "euro", "euros", "rupee", "rupees", "pound", "pounds",
    "yen", "yuan",
];

/// English words that mark the nearby number as rounded (see [`BN_APPROX`]).
pub const EN_APPROX: &[&str] = &[
    "about",
    "around",
    "nearly",
    "approximately",
    "almost",
    "some",
    "roughly",
    "close",
    "estimated",
    "approx",
    "nearing",
];
