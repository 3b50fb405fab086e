//! Evidence read by its content: each stored file's text is read once per
//! content hash (`daduk_read`), what it says is read from the text
//! (`daduk_domain::content`), both are kept (`content`), and the words are
//! indexed for search (`content_search`, SQLite FTS5 over the words and their
//! roots).
//!
//! Reading happens outside the write lock (the blob is read, then parsed);
//! each file's result is written in its own short transaction, so a long
//! read never holds back an edit and a cancelled read keeps what it read.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use daduk_domain::content::{ContentFacts, ItemIndex, ItemSuggestion, read_facts_of};

use super::Evidence;
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::store::{Assessment, Workspace};

/// What reading a file came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ContentState {
    /// Its text was read.
    Read,
    /// It has no text (a scan or a photo without OCR).
    Empty,
    /// A kind of file whose content is not read.
    Unsupported,
    /// It could not be read (damaged, locked, too large).
    Failed,
}

impl ContentState {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ContentState::Read => "read",
            ContentState::Empty => "empty",
            ContentState::Unsupported => "unsupported",
            ContentState::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> ContentState {
        match s {
            "read" => ContentState::Read,
            "empty" => ContentState::Empty,
            "unsupported" => ContentState::Unsupported,
            _ => ContentState::Failed,
        }
    }
}

/// What was read of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileContent {
    /// How reading went.
    pub state: ContentState,
    /// The evidence kind its text says (`undangan`, `notula`, `sk`, …).
    pub kind: Option<String>,
    /// The document's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Its number as written.
    pub number: Option<String>,
    /// Its title (perihal, tentang, or heading).
    pub title: Option<String>,
    /// Whether the text came from OCR.
    pub ocr: bool,
    /// Characters of text.
    pub chars: usize,
    /// Why it has no text, when it has none.
    pub problem: Option<String>,
}

/// What a text says, read as what it was read as (`Format::label`): the
/// text of a picture with no document kind in it is a photo of an event.
pub(crate) fn facts_of(text: &str, format: &str) -> ContentFacts {
    read_facts_of(text, format == daduk_read::Format::Image.label())
}

impl FileContent {
    /// What a reading came to, as it is kept.
    pub(crate) fn of_outcome(
        outcome: &std::result::Result<daduk_read::Reading, daduk_read::Unreadable>,
    ) -> FileContent {
        match outcome {
            Ok(r) => FileContent::of_text(&r.text, r.ocr, &facts_of(&r.text, r.format.label())),
            Err(e) => FileContent::unreadable(e),
        }
    }

    /// A text (`ocr`: from OCR) and what it says, as it is kept.
    pub(crate) fn of_text(text: &str, ocr: bool, facts: &ContentFacts) -> FileContent {
        let empty = text.trim().is_empty();
        FileContent {
            state: if empty {
                ContentState::Empty
            } else {
                ContentState::Read
            },
            kind: facts.kind.clone(),
            date: facts.date.map(|d| d.to_string()),
            number: facts.number.clone(),
            title: facts.title.clone(),
            ocr,
            chars: text.chars().count(),
            problem: empty.then(|| NO_TEXT.to_string()),
        }
    }

    /// A file that gave no text, and why.
    fn unreadable(e: &daduk_read::Unreadable) -> FileContent {
        FileContent {
            state: match e {
                daduk_read::Unreadable::Unsupported(_) => ContentState::Unsupported,
                daduk_read::Unreadable::Failed(_) => ContentState::Failed,
            },
            kind: None,
            date: None,
            number: None,
            title: None,
            ocr: false,
            chars: 0,
            problem: Some(e.to_string()),
        }
    }
}

/// Why a read file has no text.
pub(crate) const NO_TEXT: &str = "tanpa tulisan terbaca: teks PDF kosong dan OCR tidak menemukan tulisan (foto tanpa tulisan, atau pindaian terlalu kabur)";

/// What a reading run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContentReport {
    /// Files whose text was read now.
    pub read: usize,
    /// Files read now without text (scans, photos).
    pub empty: usize,
    /// Files whose kind is not read.
    pub unsupported: usize,
    /// Files that could not be read, with why (file name: reason).
    pub failed: Vec<String>,
    /// Files read before (nothing to do).
    pub known: usize,
}

/// A file found by its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    /// Its content hash.
    pub sha256: Sha256,
    /// A name it is attached under.
    pub file_name: String,
    /// Its title, when one was read.
    pub title: Option<String>,
    /// The kind its text says.
    pub kind: Option<String>,
    /// The words found, in their context (`«…»` marks them).
    pub snippet: String,
    /// Where it is attached: unit, year, item.
    pub places: Vec<(String, i32, ItemCode)>,
}

/// What was read of one attached file, and what an evaluator would want to
/// know of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileReading {
    /// The attached file (`evidence.id`).
    pub evidence_id: i64,
    /// What its content says.
    pub content: FileContent,
    /// Findings: another kind than attached as, a date outside the year or
    /// after today, the same file on other items.
    pub findings: Vec<String>,
}

/// The most results a search returns.
pub const MAX_HITS: usize = 50;

impl Workspace {
    /// Read the content of every file of `a` not read yet (or read by an
    /// older reader). A file that cannot be read is recorded with why and
    /// does not stop the others.
    pub fn read_contents(&self, a: &Assessment, job: Job<'_, Done>) -> Result<ContentReport> {
        self.writable()?;
        let mut files: BTreeMap<Sha256, String> = BTreeMap::new();
        for e in self.evidence_list(a, None)? {
            files.entry(e.sha256).or_insert(e.file_name);
        }
        let mut report = ContentReport::default();
        let mut todo = Vec::new();
        for (sha, name) in files {
            if self.content_reader(sha)? == Some(daduk_read::READER_VERSION) {
                report.known += 1;
            } else {
                todo.push((sha, name));
            }
        }
        let total = todo.len() as u64;
        for (n, (sha, name)) in todo.into_iter().enumerate() {
            if job.cancelled() {
                return Err(Error::Invalid(format!(
                    "pembacaan isi dibatalkan; {} berkas sudah terbaca dan tersimpan",
                    report.read + report.empty
                )));
            }
            job.report(Done {
                done: n as u64,
                total,
            });
            let outcome = self.read_blob_content(sha, &name);
            let content = FileContent::of_outcome(&outcome);
            match content.state {
                ContentState::Read => report.read += 1,
                ContentState::Empty => report.empty += 1,
                ContentState::Unsupported => report.unsupported += 1,
                ContentState::Failed => report.failed.push(format!(
                    "{}: {}",
                    crate::text::shown(&name),
                    content.problem.as_deref().unwrap_or("")
                )),
            }
            self.keep_reading(sha, &content, &outcome)?;
        }
        job.report(Done { done: total, total });
        Ok(report)
    }

    /// Keep what a reading came to (`content`, made of `outcome`): its
    /// text, when it gave one, and what it was read as.
    pub(crate) fn keep_reading(
        &self,
        sha: Sha256,
        content: &FileContent,
        outcome: &std::result::Result<daduk_read::Reading, daduk_read::Unreadable>,
    ) -> Result<()> {
        let (text, format) = outcome
            .as_ref()
            .map_or(("", ""), |r| (r.text.as_str(), r.format.label()));
        self.put_content(sha, content, text, format)
    }

    /// A stored file's reading.
    fn read_blob_content(
        &self,
        sha: Sha256,
        name: &str,
    ) -> std::result::Result<daduk_read::Reading, daduk_read::Unreadable> {
        let path = self.blobs().path(sha);
        let size = std::fs::metadata(&path).map(|m| m.len()).map_err(|e| {
            daduk_read::Unreadable::Failed(format!("berkas tersimpan tidak terbaca: {e}"))
        })?;
        if size > daduk_read::MAX_FILE_BYTES {
            return Err(daduk_read::Unreadable::Failed(format!(
                "berkas {} MiB; yang dibaca paling besar {} MiB",
                size >> 20,
                daduk_read::MAX_FILE_BYTES >> 20
            )));
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            daduk_read::Unreadable::Failed(format!("berkas tersimpan tidak terbaca: {e}"))
        })?;
        if Sha256::of_bytes(&bytes) != sha {
            return Err(daduk_read::Unreadable::Failed(
                "berkas tersimpan rusak (hash berbeda); jalankan `daduk verify`".into(),
            ));
        }
        daduk_read::read(name, &bytes)
    }

    /// What was read of each file of `a` (of one item when given), with its
    /// findings on `today`. Files not read yet are absent.
    pub fn file_readings(
        &self,
        a: &Assessment,
        item: Option<ItemCode>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<FileReading>> {
        let template = self.template_of(a)?;
        let contents = self.contents(a)?;
        let all = self.evidence_list(a, None)?;
        // A required kind there by name only is said once per item, on its
        // first file attached as that kind: found once per item here.
        let mut by_item: BTreeMap<ItemCode, Vec<&Evidence>> = BTreeMap::new();
        for e in all.iter().filter(|e| item.is_none_or(|i| e.item == i)) {
            by_item.entry(e.item).or_default().push(e);
        }
        let mut only_by_name: HashMap<i64, Vec<String>> = HashMap::new();
        for (code, files) in &by_item {
            let kinds: Vec<(&str, Option<&str>)> = files
                .iter()
                .map(|x| {
                    let read = contents.get(&x.sha256).and_then(|c| c.kind.as_deref());
                    (x.kind.as_str(), read)
                })
                .collect();
            for kind in daduk_domain::content::kinds_only_by_name(&template, *code, &kinds) {
                if let Some(first) = files.iter().find(|x| x.kind == kind) {
                    only_by_name
                        .entry(first.id)
                        .or_default()
                        .push(daduk_domain::content::only_by_name_finding(&template, kind));
                }
            }
        }
        // Where each file is attached: one pass, not one per file.
        let mut items_of: HashMap<Sha256, Vec<ItemCode>> = HashMap::new();
        for x in &all {
            items_of.entry(x.sha256).or_default().push(x.item);
        }
        let mut out = Vec::new();
        for e in all.iter().filter(|e| item.is_none_or(|i| e.item == i)) {
            let Some(content) = contents.get(&e.sha256) else {
                continue;
            };
            let facts = ContentFacts {
                kind: content.kind.clone(),
                date: content.date.as_deref().and_then(|d| d.parse().ok()),
                number: content.number.clone(),
                title: content.title.clone(),
            };
            let also_on: Vec<ItemCode> = items_of[&e.sha256]
                .iter()
                .copied()
                .filter(|i| *i != e.item)
                .collect();
            let mut findings = daduk_domain::content::findings(
                &template, &e.kind, &facts, a.year, today, &also_on,
            );
            findings.extend(only_by_name.remove(&e.id).unwrap_or_default());
            out.push(FileReading {
                evidence_id: e.id,
                content: content.clone(),
                findings,
            });
        }
        Ok(out)
    }

    /// The items a file read here may belong to, best first.
    pub fn suggest_items(&self, a: &Assessment, sha: Sha256) -> Result<Vec<ItemSuggestion>> {
        let Some((text, format)) = self.content_text(sha)? else {
            return Ok(Vec::new());
        };
        let template = self.template_of(a)?;
        let facts = facts_of(&text, &format);
        Ok(ItemIndex::new(&template).suggest(&template, &facts, &text))
    }
}
