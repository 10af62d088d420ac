//! Reading an article from a file or stdin as UTF-8, with errors that name the source.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::text::segment::{is_closing, is_terminator};

/// Reads `path` (or stdin when `None`) and checks it is UTF-8; an invalid byte is an
/// [`Error::InvalidInput`] naming the source and the byte offset.
pub fn read_utf8(path: Option<&Path>) -> Result<String> {
    let (name, bytes) = match path {
        Some(p) => (
            p.display().to_string(),
            std::fs::read(p).map_err(|source| Error::Io {
                path: p.to_path_buf(),
                source,
            })?,
        ),
        None => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|source| Error::Io {
                    path: "stdin".into(),
                    source,
                })?;
            ("stdin".to_string(), b)
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        Error::InvalidInput(format!(
            "{name}: invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Default window: bytes of input processed at once by a streamed digest.
pub const DEFAULT_WINDOW_BYTES: usize = 64 * 1024;
/// Smallest window [`Windows`] accepts (a smaller request is raised to this).
pub const MIN_WINDOW_BYTES: usize = 256;

/// Where a [`Window`] that ends inside a line was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// After a sentence terminator ([`is_terminator`], with closing quotes and brackets,
    /// [`is_closing`]) and the whitespace after it.
    SentenceEnd,
    /// After whitespace that ends no sentence: the sentence there is cut in two.
    Space,
    /// Inside a word (no whitespace in the window's second half), at a character boundary.
    Word,
}

impl Cut {
    /// Where the cut lies, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Cut::SentenceEnd => "at a sentence end",
            Cut::Space => "at a space inside a sentence",
            Cut::Word => "inside a word",
        }
    }
}

/// A bounded slice of a text stream, ending at a line end whenever the window holds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Byte offset of `text` in the stream.
    pub offset: usize,
    /// The text: whole lines, except around a line longer than the window.
    pub text: String,
    /// True when the window starts inside a line that the previous window cut.
    pub continues: bool,
    /// `Some` when the window ends inside a line (the next window continues it): the line was
    /// longer than the window.
    pub cut: Option<Cut>,
}

/// Reads a UTF-8 text stream as [`Window`]s of at most `limit` bytes, so memory stays
/// O(`limit`) however long the stream is.
///
/// Each window ends after the last `\n` it holds. A line longer than `limit` (a paragraph with
/// no line break) is cut inside the line: after the last sentence end in the window's second
/// half, else after its last whitespace, else inside a word at a character boundary
/// ([`Window::cut`] says which). Concatenating the windows' texts gives the stream back.
/// Invalid UTF-8 is an [`Error::InvalidInput`] giving the byte offset in the stream.
pub struct Windows<R> {
    reader: R,
    limit: usize,
    buf: Vec<u8>,
    offset: usize,
    eof: bool,
    mid_line: bool,
    failed: bool,
}

impl<R: std::io::BufRead> Windows<R> {
    /// Windows of at most `limit` bytes (at least [`MIN_WINDOW_BYTES`]) over `reader`.
    pub fn new(reader: R, limit: usize) -> Self {
        Self {
            reader,
            limit: limit.max(MIN_WINDOW_BYTES),
            buf: Vec::new(),
            offset: 0,
            eof: false,
            mid_line: false,
            failed: false,
        }
    }

    /// Bytes handed out in windows so far.
    pub fn bytes_read(&self) -> usize {
        self.offset
    }

    fn fill(&mut self) -> Result<()> {
        while self.buf.len() < self.limit && !self.eof {
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(Error::Io {
                        path: "input".into(),
                        source,
                    })
                }
            };
            if avail.is_empty() {
                self.eof = true;
                break;
            }
            let take = avail.len().min(self.limit - self.buf.len());
            self.buf
                .extend_from_slice(avail.get(..take).unwrap_or_default());
            self.reader.consume(take);
        }
        Ok(())
    }

    fn invalid(&self, at: usize) -> Error {
        Error::InvalidInput(format!("invalid UTF-8 at byte {}", self.offset + at))
    }

    fn next_window(&mut self) -> Result<Option<Window>> {
        self.fill()?;
        if self.buf.is_empty() {
            return Ok(None);
        }
        let (end, cut) = if self.eof {
            (self.buf.len(), None)
        } else if let Some(nl) = self.buf.iter().rposition(|&b| b == b'\n') {
            (nl + 1, None)
        } else {
            let valid = match std::str::from_utf8(&self.buf) {
                Ok(s) => s,
                // Only the last character is incomplete: the window ends before it.
                Err(e) if e.error_len().is_none() => self
                    .buf
                    .get(..e.valid_up_to())
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or_default(),
                Err(e) => return Err(self.invalid(e.valid_up_to())),
            };
            let (end, cut) = cut_line(valid);
            (if end == 0 { self.buf.len() } else { end }, Some(cut))
        };
        let rest = self.buf.split_off(end.min(self.buf.len()));
        let bytes = std::mem::replace(&mut self.buf, rest);
        let text =
            String::from_utf8(bytes).map_err(|e| self.invalid(e.utf8_error().valid_up_to()))?;
        let window = Window {
            offset: self.offset,
            continues: self.mid_line,
            cut,
            text,
        };
        self.offset += window.text.len();
        self.mid_line = cut.is_some();
        Ok(Some(window))
    }
}

impl<R: std::io::BufRead> Iterator for Windows<R> {
    type Item = Result<Window>;

    /// The next window; after an error, `None`.
    fn next(&mut self) -> Option<Result<Window>> {
        if self.failed {
            return None;
        }
        let next = self.next_window();
        if next.is_err() {
            self.failed = true;
        }
        next.transpose()
    }
}

/// Where to cut `s`, a line longer than the window: the end offset and its kind.
fn cut_line(s: &str) -> (usize, Cut) {
    let mut half = s.len() / 2;
    while !s.is_char_boundary(half) {
        half -= 1;
    }
    let tail = s.get(half..).unwrap_or_default();
    let mut space = None;
    for (i, c) in tail.char_indices().rev() {
        if !c.is_whitespace() {
            continue;
        }
        let end = half + i + c.len_utf8();
        space.get_or_insert(end);
        let before = s
            .get(..half + i)
            .unwrap_or_default()
            .trim_end_matches(char::is_whitespace)
            .trim_end_matches(is_closing);
        if before.ends_with(is_terminator) {
            return (end, Cut::SentenceEnd);
        }
    }
    match space {
        Some(end) => (end, Cut::Space),
        None => (s.len(), Cut::Word),
    }
}

#[cfg(test)]
pub(crate) mod tests;
