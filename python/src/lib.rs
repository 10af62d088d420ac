//! Python bindings of `bengali-digest` (module `bengali_digest._native`, re-exported by the
//! `bengali_digest` package).
//!
//! Outputs go through serde ([`pythonize`]): a digest is exactly the crate's JSON, as plain
//! Python dicts / lists / str / int / float. Inference runs with the GIL released
//! ([`Python::detach`], PyO3's name for the former `allow_threads`), so one `Pipeline` can
//! serve several Python threads and other Python threads run meanwhile.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use bengali_digest::{Digest, Error, Pipeline as RsPipeline, StreamSummary};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

create_exception!(
    _native,
    BengaliDigestError,
    PyException,
    "Every error of the Rust crate. `.kind` names the `bengali_digest::Error` variant \
     (`InvalidSetting`, `ModelDir`, `MissingFile`, `Config`, `Io`, `InvalidInput`, `Onnx`, \
     `Runtime`, ...); `.message` is its text (also `str(err)`)."
);

/// The variant name of `e`: the leading identifier of its `Debug` form (`InvalidSetting("…")`,
/// `Io { path: …, .. }`). `Error` is `#[non_exhaustive]`; this names variants added later too.
fn kind_of(e: &Error) -> String {
    let debug = format!("{e:?}");
    let kind: String = debug
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if kind.is_empty() {
        "Error".to_string()
    } else {
        kind
    }
}

/// `e` as a `BengaliDigestError` carrying `.kind` and `.message`.
fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let err = BengaliDigestError::new_err(message.clone());
    let value = err.value(py);
    // Setting attributes on a fresh exception instance does not fail; if it ever did, the
    // exception is still raised, without them.
    let _ = value.setattr("kind", kind_of(&e));
    let _ = value.setattr("message", message);
    err
}

/// The serde form of `value` as Python data.
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// A loaded pipeline (translator, optional summarizer). Thread-safe: share one per process.
#[pyclass(frozen, module = "bengali_digest")]
struct Pipeline {
    inner: Arc<RsPipeline>,
}

#[pymethods]
impl Pipeline {
    /// Builds and loads the pipeline (`PipelineBuilder` setters as keyword arguments).
    #[new]
    #[pyo3(signature = (
        translator,
        summarizer = None,
        *,
        src_lang = None,
        tgt_lang = None,
        num_beams = None,
        max_new_tokens = None,
        batch_size = None,
        threads = None,
        key_points = None,
        prefer_quantized = false,
        shortlist = false,
        window_bytes = None,
        progress = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        translator: PathBuf,
        summarizer: Option<PathBuf>,
        src_lang: Option<String>,
        tgt_lang: Option<String>,
        num_beams: Option<usize>,
        max_new_tokens: Option<usize>,
        batch_size: Option<usize>,
        threads: Option<usize>,
        key_points: Option<usize>,
        prefer_quantized: bool,
        shortlist: bool,
        window_bytes: Option<usize>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let mut b = RsPipeline::builder()
            .translator(translator)
            .prefer_quantized(prefer_quantized)
            .shortlist(shortlist);
        if let Some(s) = summarizer {
            b = b.summarizer(s);
        }
        if let Some(l) = src_lang {
            b = b.src_lang(l);
        }
        if let Some(l) = tgt_lang {
            b = b.tgt_lang(l);
        }
        if let Some(n) = num_beams {
            b = b.num_beams(n);
        }
        if let Some(n) = max_new_tokens {
            b = b.max_new_tokens(n);
        }
        if let Some(n) = batch_size {
            b = b.batch_size(n);
        }
        if let Some(n) = threads {
            b = b.threads(n);
        }
        if let Some(n) = key_points {
            b = b.key_points(n);
        }
        if let Some(n) = window_bytes {
            b = b.window_bytes(n);
        }
        if let Some(cb) = progress {
            b = b.progress(move |done, total| {
                Python::attach(|py| {
                    if let Err(e) = cb.call1(py, (done, total)) {
                        // Nowhere to propagate it from inside the pipeline: report it like
                        // Python reports errors in callbacks.
                        e.write_unraisable(py, Some(cb.bind(py)));
                    }
                })
            });
        }
        // Loading reads and initialises the ONNX graphs: seconds for a real model.
        let inner = py.detach(|| b.build()).map_err(|e| to_py(py, e))?;
        Ok(Pipeline {
            inner: Arc::new(inner),
        })
    }

    /// The whole pipeline on one article: the serde `Digest` as a dict (`translation`,
    /// `sentences`, `key_points`, `models`, `timings`).
    fn digest<'py>(&self, py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
        let p = &self.inner;
        let d: Digest = py.detach(|| p.digest(&text)).map_err(|e| to_py(py, e))?;
        to_python(py, &d)
    }

    /// `translate(article: str)` → `[(source sentence, English), ...]`, sentence-aligned, as
    /// `Pipeline::translate`. `translate(sentences: list[str])` → one English string per item
    /// (each item translated as its own text; the English of its pieces joined by a space).
    fn translate<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let p = &self.inner;
        if let Ok(s) = text.cast::<PyString>() {
            let article = s.to_string();
            let pairs = py
                .detach(|| p.translate(&article))
                .map_err(|e| to_py(py, e))?;
            return Ok(PyList::new(py, pairs)?.into_any());
        }
        let items: Vec<String> = text.extract().map_err(|_| {
            PyTypeError::new_err("translate() takes a str (an article) or a list of str")
        })?;
        let english = py
            .detach(|| {
                items
                    .iter()
                    .map(|s| {
                        p.translate(s).map(|pairs| {
                            let parts: Vec<&str> = pairs
                                .iter()
                                .map(|(_, e)| e.as_str())
                                .filter(|e| !e.is_empty())
                                .collect();
                            parts.join(" ")
                        })
                    })
                    .collect::<Result<Vec<String>, Error>>()
            })
            .map_err(|e| to_py(py, e))?;
        Ok(PyList::new(py, english)?.into_any())
    }

    /// Digests the UTF-8 file at `path` window by window: an iterator of paragraph dicts
    /// (`ParagraphDigest`), then `.finish()` for the summary (`StreamSummary`). Memory stays
    /// O(window) whatever the file's size. Errors: `Io` when the file cannot be opened (here),
    /// `InvalidInput` for invalid UTF-8 (raised by the iteration that reaches it).
    fn stream(&self, py: Python<'_>, path: PathBuf) -> PyResult<DigestStream> {
        let file = File::open(&path).map_err(|source| {
            to_py(
                py,
                Error::Io {
                    path: path.clone(),
                    source,
                },
            )
        })?;
        let pipeline = Arc::clone(&self.inner);
        // One paragraph in flight: the producer digests the next window only once the
        // consumer has taken what was ready, so memory stays O(window).
        let (tx, rx) = sync_channel::<Item>(1);
        std::thread::Builder::new()
            .name("bengali-digest-stream".into())
            .spawn(move || {
                let mut stream = pipeline.stream(BufReader::new(file));
                for p in stream.by_ref() {
                    let failed = p.is_err();
                    if tx.send(Item::Paragraph(p)).is_err() || failed {
                        // The Python side dropped the iterator, or the stream stopped.
                        if !failed {
                            return;
                        }
                        break;
                    }
                }
                let _ = tx.send(Item::Summary(stream.finish()));
            })
            .map_err(|e| to_py(py, Error::Io { path, source: e }))?;
        Ok(DigestStream {
            rx: Mutex::new(Some(rx)),
            summary: Mutex::new(None),
        })
    }

    fn __repr__(&self) -> String {
        "bengali_digest.Pipeline(...)".to_string()
    }
}

/// What the stream's producer thread hands over.
enum Item {
    Paragraph(bengali_digest::Result<bengali_digest::ParagraphDigest>),
    Summary(bengali_digest::Result<StreamSummary>),
}

/// Paragraph digests of a file as they are done; `finish()` gives the summary.
#[pyclass(frozen, module = "bengali_digest")]
struct DigestStream {
    /// `None` once the producer is done.
    rx: Mutex<Option<Receiver<Item>>>,
    /// The summary, once received.
    summary: Mutex<Option<bengali_digest::Result<StreamSummary>>>,
}

impl DigestStream {
    /// The next item from the producer, waiting with the GIL released.
    fn recv(&self, py: Python<'_>) -> Option<Item> {
        py.detach(|| {
            let guard = self.rx.lock().ok()?;
            guard.as_ref()?.recv().ok()
        })
    }

    fn done(&self) {
        if let Ok(mut g) = self.rx.lock() {
            *g = None;
        }
    }
}

#[pymethods]
impl DigestStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.recv(py) {
            Some(Item::Paragraph(Ok(p))) => Ok(Some(to_python(py, &p)?)),
            Some(Item::Paragraph(Err(e))) => Err(to_py(py, e)),
            Some(Item::Summary(s)) => {
                if let Ok(mut g) = self.summary.lock() {
                    *g = Some(s);
                }
                self.done();
                Ok(None)
            }
            None => {
                self.done();
                Ok(None)
            }
        }
    }

    /// The key points over every sentence of the file, with counts, models and timings (the
    /// serde `StreamSummary`). Paragraphs not yet iterated are digested and discarded first.
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        while self.summary.lock().map(|g| g.is_none()).unwrap_or(false) {
            if self.__next__(py).is_err() {
                // The error was raised to an iteration already, or is raised by the summary.
                continue;
            }
            if self.rx.lock().map(|g| g.is_none()).unwrap_or(true) {
                break;
            }
        }
        let taken = self.summary.lock().ok().and_then(|mut g| g.take());
        match taken {
            Some(Ok(s)) => to_python(py, &s),
            Some(Err(e)) => Err(to_py(py, e)),
            None => Err(BengaliDigestError::new_err(
                "finish() was already called, or the stream ended without a summary",
            )),
        }
    }
}

/// The native module; the `bengali_digest` package re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<DigestStream>()?;
    m.add(
        "BengaliDigestError",
        m.py().get_type::<BengaliDigestError>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
