//! English number words (sources: see [`lexicon`](super)).

/// English month names and abbreviations.
pub(crate) const EN_MONTHS: &[(&str, f64)] = &[
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
pub(crate) const EN_CARDINALS: &[(&str, f64)] = &[
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
pub(crate) const EN_WEAK_CARDINALS: &[&str] = &["zero", "one", "both"];

/// English words for "so many times" (`দুই বার` = "twice").
pub(crate) const EN_TIMES: &[(&str, f64)] = &[("twice", 2.0), ("thrice", 3.0)];

/// English multipliers (short scale; lakh and crore as Bangladeshi English uses them; the
/// abbreviations written solid after digits: `5bn`, `$3m`, `10k`).
pub(crate) const EN_MULTIPLIERS: &[(&str, f64)] = &[
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
pub(crate) const EN_VAGUE: &[&str] = &[
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
pub(crate) const EN_FRACTIONS: &[(&str, f64)] = &[("half", 0.5), ("quarter", 0.25)];

/// English percent words (the sign `%` too).
pub(crate) const EN_PERCENT: &[&str] = &["percent", "per", "pc", "percentage", "%"];

/// English ordinal words (weak, as their Bengali counterparts).
pub(crate) const EN_ORDINALS: &[(&str, f64)] = &[
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
pub(crate) const EN_CURRENCIES: &[&str] = &[
    "dollar", "dollars", "taka", "tk", "euro", "euros", "rupee", "rupees", "pound", "pounds",
    "yen", "yuan",
];

/// English words that mark the nearby number as rounded (see [`BN_APPROX`]).
pub(crate) const EN_APPROX: &[&str] = &[
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
