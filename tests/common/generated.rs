//! A 10 MB Bengali article made lazily from the seed article (every sentence with a number of
//! its own), a checker that every sentence of it is accounted for, and the process's peak
//! memory. Shared by `tests/large_input.rs` and the unit tests of the input windows (included
//! with `#[path]`), so it uses only `std`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::io::BufRead;
use std::ops::Range;
use std::path::Path;

pub const TEN_MB: usize = 10 * 1024 * 1024;

pub fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-article.bn.txt"))
        .unwrap()
}

fn bengali_digits(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + 0x09E6).unwrap())
        .collect()
}

/// Repetition `r` of the seed: every sentence gets a number of its own before its danda
/// (Bengali digits on even `r`, ASCII on odd); `\n` between paragraphs, or ` ` when the
/// article is one huge paragraph.
pub fn repetition(seed: &str, r: usize, one_line: bool) -> String {
    let mut out = String::with_capacity(seed.len() + 256);
    let mut k = 0;
    for c in seed.chars() {
        if c == '।' {
            let n = r * 100 + k;
            k += 1;
            out.push(' ');
            if r.is_multiple_of(2) {
                out.push_str(&bengali_digits(n));
            } else {
                out.push_str(&n.to_string());
            }
        }
        out.push(if one_line && c == '\n' { ' ' } else { c });
    }
    out.push(if one_line { ' ' } else { '\n' });
    out
}

/// The generated article as a reader: repetitions made one at a time until `bytes` are out.
pub struct Generated {
    seed: String,
    one_line: bool,
    bytes: usize,
    emitted: usize,
    r: usize,
    cur: Vec<u8>,
    pos: usize,
}

impl Generated {
    pub fn new(bytes: usize, one_line: bool) -> Self {
        Self {
            seed: seed(),
            one_line,
            bytes,
            emitted: 0,
            r: 0,
            cur: Vec::new(),
            pos: 0,
        }
    }
}

impl std::io::Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Generated {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos == self.cur.len() && self.emitted < self.bytes {
            self.cur = repetition(&self.seed, self.r, self.one_line).into_bytes();
            self.r += 1;
            self.pos = 0;
        }
        Ok(&self.cur[self.pos..])
    }
    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.emitted += n;
    }
}

pub fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Resets the high-water mark to the current RSS (Linux ≥ 4.0).
pub fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

pub fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '০'..='৯' => char::from_u32(c as u32 - 0x09E6 + '0' as u32).unwrap(),
            c => c,
        })
        .collect()
}

/// Checks, paragraph by paragraph as they arrive, that the digest accounts for every sentence
/// of the generated text: ids run on without gaps, each span lies in the text and holds the
/// sentence's source, and the sources rebuild the text (whitespace aside). O(one repetition).
pub struct Checker {
    seed: String,
    one_line: bool,
    r: usize,
    rep: String,
    rep_start: usize,
    pub next_id: usize,
    pub last_paragraph: Option<usize>,
    /// Squeezed sources of the current repetition so far.
    got: String,
    pub cuts: usize,
}

impl Checker {
    pub fn new(one_line: bool) -> Self {
        let seed = seed();
        let rep = repetition(&seed, 0, one_line);
        Self {
            seed,
            one_line,
            r: 0,
            rep,
            rep_start: 0,
            next_id: 0,
            last_paragraph: None,
            got: String::new(),
            cuts: 0,
        }
    }

    /// The next sentence: its span in the article and its (normalized) source.
    pub fn sentence(&mut self, span: Range<usize>, source: &str) {
        self.next_id += 1;
        // A sentence may straddle two repetitions only in the one-line article.
        while span.start >= self.rep_start + self.rep.len() {
            self.next_rep();
        }
        let start = span.start - self.rep_start;
        let end = span.end - self.rep_start;
        let original: String = if end <= self.rep.len() {
            self.rep[start..end].to_string()
        } else {
            let next = repetition(&self.seed, self.r + 1, self.one_line);
            format!("{}{}", &self.rep[start..], &next[..end - self.rep.len()])
        };
        assert_eq!(squeeze(&original), squeeze(source), "span {span:?}");
        self.got.push_str(&squeeze(source));
    }

    fn next_rep(&mut self) {
        let want = squeeze(&self.rep);
        assert!(self.got.starts_with(&want), "repetition {} rebuilt", self.r);
        self.got.drain(..want.len());
        self.rep_start += self.rep.len();
        self.r += 1;
        self.rep = repetition(&self.seed, self.r, self.one_line);
    }

    /// At the end of a `bytes`-long article.
    pub fn finish(mut self, bytes: usize) -> usize {
        let tail_len = bytes - self.rep_start;
        if tail_len >= self.rep.len() {
            self.next_rep();
        } else {
            let tail = squeeze(&self.rep[..tail_len]);
            assert_eq!(self.got, tail, "last, partial repetition rebuilt");
        }
        self.next_id
    }
}
