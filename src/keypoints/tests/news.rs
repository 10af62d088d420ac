//! Key points carry the news: page furniture is recognised by kind and never chosen unless the
//! article has nothing else; numbers, named actors and decisions rank a sentence up.

use crate::keypoints::extractive::{rank, select, ExtractiveOptions};
use crate::keypoints::news::{boilerplate, news_signals, Boilerplate};
use crate::text::{normalize, NormalizeOptions};

fn norm(s: &str) -> String {
    normalize(s, &NormalizeOptions::default()).text
}

/// Each kind, in Bengali and Latin forms, with Bengali and ASCII digits.
#[test]
fn furniture_kinds() {
    use Boilerplate::*;
    let table: &[(&str, Boilerplate)] = &[
        ("বিস্তারিত জানতে ভিজিট করুন www.dshe.gov.bd ওয়েবসাইটে।", ReadMore),
        (
            "সর্বশেষ খবর পেতে চোখ রাখুন https://www.risingbd.com/ সাইটে।",
            Url,
        ),
        ("নিবন্ধন করা যাবে teletalk.com.bd সাইটে গিয়ে।", Url),
        ("খবরটি প্রথম প্রকাশিত হয় রাইজিংবিডি ডটকম-এ।", Url),
        ("অভিযোগ জানাতে ইমেইল করুন complain@police.gov.bd ঠিকানায়।", Email),
        (
            "জরুরি প্রয়োজনে ০২-৯৫১৪৪০০ নম্বরে ফোন করার অনুরোধ জানানো হয়েছে।",
            Phone,
        ),
        ("প্রয়োজনে 01711-123456 নম্বরে কল করুন।", Phone),
        ("হেল্পলাইন +880 1711 123456 চালু থাকবে রাতভর।", Phone),
        ("যোগাযোগ: মানবসম্পদ বিভাগ, প্রধান কার্যালয়, মতিঝিল।", Contact),
        ("Contact: press office, Dhaka", Contact),
        ("নিজস্ব প্রতিবেদক, ঢাকা", Byline),
        ("স্টাফ রিপোর্টার, রাইজিংবিডি", Byline),
        ("অনলাইন ডেস্ক", Byline),
        ("By Staff Correspondent", Byline),
        ("জেলা প্রতিনিধি, খুলনা", Byline),
        ("প্রকাশিত: ১২ মার্চ ২০২৫, ১০:৩০ পূর্বাহ্ন", Dateline),
        ("ঢাকা, ১৫ জুন ২০২৪, শনিবার", Dateline),
        ("আপডেট: ০৩ অক্টোবর ২০২৩", Dateline),
        ("আরও পড়ুন: নতুন অর্থবছরের বাজেটে যা থাকছে", ReadMore),
        ("আরো পড়ুন: সোনার দাম আবার বাড়ল", ReadMore),
        ("Read more: budget highlights", ReadMore),
        ("Details at the ministry website.", ReadMore),
        ("ছবি: সংগৃহীত", Caption),
        ("ফাইল ছবি: রাজধানীর একটি সড়কে যানজট", Caption),
        ("অনুষ্ঠানে বক্তব্য দিচ্ছেন প্রধান অতিথি, ছবি: রাইজিংবিডি", Caption),
        ("Photo: Reuters", Caption),
    ];
    for &(s, kind) in table {
        assert_eq!(boilerplate(s), Some(kind), "{s}");
        assert_eq!(boilerplate(&norm(s)), Some(kind), "normalized: {s}");
    }
}

/// News sentences that share words or shapes with furniture are not furniture.
#[test]
fn news_is_not_furniture() {
    for s in [
        "দুই দেশের মধ্যে সড়ক যোগাযোগ আবার চালু হয়েছে।",
        "শেষ পতনে রাশিয়াতে প্রায় 10,000 থেকে 12,000 সৈন্য পাঠিয়েছে।",
        "2023 2024 ও 2025 সালে তিনটি নির্বাচন হয়েছে।",
        "প্রতিবেদনে বলা হয়েছে, তারা চুক্তি বহাল রাখবে।",
        "মামলার পরবর্তী শুনানি ১২ মার্চ অনুষ্ঠিত হবে।",
        "এ প্রতিবেদককে তিনি জানান, সভায় ১২ জন সদস্য উপস্থিত ছিলেন এবং সিদ্ধান্ত সর্বসম্মত।",
        "ডা. রহমান বলেন, হাসপাতালে ৩০০ শয্যা বাড়ানো হবে।",
        "দাম 10.5 টাকা বেড়েছে।",
        "By 2030 every district will have a hospital.",
        "নতুন মন্ত্রিসভার প্রথম বৈঠক অনুষ্ঠিত হবে 21 জানুয়ারি",
    ] {
        assert_eq!(boilerplate(s), None, "{s}");
    }
}

/// On real news lines (the RisingNews test set), furniture is rare: at most 1% flagged
/// (measured: 0 of 1,000).
#[test]
fn risingnews_lines_are_news() {
    let text = super::risingnews_bn();
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(norm)
        .collect();
    assert!(lines.len() >= 1000, "{} lines", lines.len());
    let flagged: Vec<(&String, Boilerplate)> = lines
        .iter()
        .filter_map(|l| boilerplate(l).map(|k| (l, k)))
        .collect();
    for (l, k) in &flagged {
        eprintln!("{k:?}: {l}");
    }
    assert!(
        flagged.len() * 100 <= lines.len(),
        "{} of {} news lines flagged as furniture",
        flagged.len(),
        lines.len()
    );
}

/// The reported failure: a "details at www…" line and a contact line were chosen over the
/// decisions. Now the decisions are chosen and the furniture never, wherever it stands.
#[test]
fn furniture_is_not_chosen_over_decisions() {
    let decisions = [
        "মন্ত্রিসভা আজ নতুন শিক্ষানীতি অনুমোদন করেছে, যা আগামী জানুয়ারি থেকে কার্যকর হবে।",
        "শিক্ষামন্ত্রী জানান, প্রাথমিক স্তরে ১২ হাজার নতুন শিক্ষক নিয়োগের সিদ্ধান্ত হয়েছে।",
        "নতুন নীতিতে পঞ্চম শ্রেণির সমাপনী পরীক্ষা বাতিল করা হয়েছে।",
    ];
    let furniture = [
        "শিক্ষানীতি সম্পর্কে বিস্তারিত জানতে ভিজিট করুন www.moedu.gov.bd ওয়েবসাইটে।",
        "শিক্ষানীতি বিষয়ে যে কোনো তথ্যের জন্য যোগাযোগ: ০১৭১১-১২৩৪৫৬, সকাল ১০টা থেকে বিকেল ৫টা।",
        "নিজস্ব প্রতিবেদক, ঢাকা",
        "ছবি: শিক্ষামন্ত্রী সংবাদ সম্মেলনে নতুন শিক্ষানীতি ঘোষণা করছেন",
    ];
    let filler = [
        "সভায় শিক্ষা মন্ত্রণালয়ের সচিব ও ঊর্ধ্বতন কর্মকর্তারা উপস্থিত ছিলেন।",
        "শিক্ষানীতি নিয়ে আলোচনা চলে প্রায় তিন ঘণ্টা।",
    ];
    let opts = ExtractiveOptions {
        count: 3,
        ..ExtractiveOptions::default()
    };
    // Furniture on top, in the middle, at the end.
    for at in 0..=decisions.len() + filler.len() {
        let mut article: Vec<String> = decisions.iter().chain(&filler).map(|s| norm(s)).collect();
        for (n, f) in furniture.iter().enumerate() {
            article.insert((at + n).min(article.len()), norm(f));
        }
        let refs: Vec<&str> = article.iter().map(String::as_str).collect();
        let picks: Vec<&str> = select(&refs, &opts).iter().map(|&i| refs[i]).collect();
        for p in &picks {
            assert!(boilerplate(p).is_none(), "furniture chosen: {p} (at {at})");
        }
        let decided = picks
            .iter()
            .filter(|p| decisions.iter().any(|d| norm(d) == **p))
            .count();
        assert!(decided >= 2, "at {at}: {picks:#?}");
    }
}

/// An article that is nothing but furniture still gets key points.
#[test]
fn furniture_only_article_still_has_key_points() {
    let article = [
        "বিস্তারিত জানতে ভিজিট করুন www.dshe.gov.bd ওয়েবসাইটে।",
        "যে কোনো তথ্যের জন্য যোগাযোগ: ০১৭১১-১২৩৪৫৬, সকাল ১০টা থেকে বিকেল ৫টা।",
        "অভিযোগ জানাতে ইমেইল করুন complain@police.gov.bd ঠিকানায় অথবা সরাসরি থানায় আসুন।",
    ];
    let picks = select(&article, &ExtractiveOptions::default());
    assert_eq!(picks, [0, 1, 2]);
}

/// The furniture filter can be turned off (the ranker as it was).
#[test]
fn filter_off_ranks_furniture_like_any_sentence() {
    let article = [
        "বিস্তারিত জানতে ভিজিট করুন www.dshe.gov.bd ওয়েবসাইটে আজ।",
        "মন্ত্রিসভা আজ নতুন শিক্ষানীতি অনুমোদন করেছে।",
    ];
    let off = ExtractiveOptions {
        skip_boilerplate: false,
        ..ExtractiveOptions::default()
    };
    assert_eq!(select(&article, &off), [0, 1]);
    assert_eq!(select(&article, &ExtractiveOptions::default()), [1]);
}

/// Each signal, alone, ranks a sentence above the same sentence without it; the boost scales
/// with `news_weight` and is off at 0.
#[test]
fn news_signals_rank_up() {
    let plain = "সভায় উপস্থিত সবাই বিষয়টি নিয়ে দীর্ঘ আলোচনা করেন";
    let table = [
        ("সভায় উপস্থিত সবাই বিষয়টি নিয়ে 12 ঘণ্টা আলোচনা করেন", "number"),
        ("সভায় উপস্থিত প্রধানমন্ত্রী বিষয়টি নিয়ে দীর্ঘ আলোচনা করেন", "actor"),
        ("সভায় উপস্থিত ডা. রহিম বিষয়টি নিয়ে দীর্ঘ আলোচনা করেন", "actor"),
        (
            "সভায় উপস্থিত সবাই বিষয়টি নিয়ে দীর্ঘ আলোচনা শেষে সিদ্ধান্ত নেন",
            "decision",
        ),
    ];
    assert_eq!(news_signals(plain).count(), 0);
    for (signalled, kind) in table {
        let s = news_signals(signalled);
        let got = match kind {
            "number" => s.number,
            "actor" => s.actor,
            _ => s.decision,
        };
        assert!(got && s.count() == 1, "{kind}: {signalled}: {s:?}");
        // The signalled sentence second (the lead prior favours the first): it still wins.
        let article = [plain, signalled];
        let r = rank(&article, &ExtractiveOptions::default());
        assert_eq!(r[0].sentence, 1, "{kind}: {r:?}");
        let off = ExtractiveOptions {
            news_weight: 0.0,
            ..ExtractiveOptions::default()
        };
        assert_eq!(
            rank(&article, &off)[0].sentence,
            0,
            "{kind}: the lead wins without the boost"
        );
    }
}
