//! Faithfulness checks on translated sentences and bullets: numbers, quotes, degenerate loops.

/// Numbers in `text`, Bengali or ASCII digits, with grouping commas removed and Bengali digits
/// mapped (`১০,০০০` and `10,000` both give `10000`); a decimal point is kept (`১০.৫` → `10.5`).
pub fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            cur.push(d);
            continue;
        }
        let next_is_digit = chars.get(i + 1).and_then(|&n| digit(n)).is_some();
        if !cur.is_empty() && next_is_digit && (c == ',' || c == '.') {
            if c == '.' {
                cur.push('.');
            }
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '০'..='৯' => char::from_digit(c as u32 - '০' as u32, 10),
        _ => None,
    }
}

/// Numbers of `source` absent from `target`.
pub fn missing_numbers(source: &str, target: &str) -> Vec<String> {
    let have = numbers(target);
    let mut missing: Vec<String> = numbers(source)
        .into_iter()
        .filter(|n| !have.contains(n))
        .collect();
    missing.dedup();
    missing
}

/// True when straight double quotes pair up and curly quotes open and close equally often.
pub fn quotes_balanced(text: &str) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    count('"') % 2 == 0 && count('“') == count('”')
}

/// True when the text loops: some word n-gram (n = 1..=4) repeats back to back at least
/// `4` times (n = 1) or `3` times (n > 1), the signature of a degenerate decode.
pub fn is_degenerate(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4usize).any(|n| {
        let need = if n == 1 { 4 } else { 3 };
        // Any window of `need` back-to-back n-grams whose n-grams are all equal.
        words.windows(n * need).any(|w| {
            let mut grams = w.chunks(n);
            let first = grams.next();
            grams.all(|g| Some(g) == first)
        })
    })
}

/// Fewest words before [`is_dominated`] judges a text: shorter outputs repeat words normally.
pub const DOMINANCE_MIN_WORDS: usize = 12;

/// True when one word (case-insensitive, punctuation stripped) is at least a third of a text of
/// at least [`DOMINANCE_MIN_WORDS`] words: a loop that is not back to back (`X X y X X z …`),
/// which [`is_degenerate`] misses. The threshold is a choice of this crate: in English prose
/// the commonest word (`the`) is under a tenth of the words.
pub fn is_dominated(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < DOMINANCE_MIN_WORDS {
        return false;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in &words {
        let c = counts.entry(w.as_str()).or_insert(0);
        *c = c.saturating_add(1);
    }
    let top = counts.values().copied().max().unwrap_or(0);
    top.saturating_mul(3) >= words.len()
}

/// [`is_degenerate`] or [`is_dominated`]: the output loops, back to back or not.
pub fn loops(text: &str) -> bool {
    is_degenerate(text) || is_dominated(text)
}
