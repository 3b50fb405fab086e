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

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use daduk_domain::content::words::{stem, words};
use daduk_domain::content::{ContentFacts, ItemIndex, ItemSuggestion, read_facts};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::store::{Assessment, Workspace, now};

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
    fn code(self) -> &'static str {
        match self {
            ContentState::Read => "read",
            ContentState::Empty => "empty",
            ContentState::Unsupported => "unsupported",
            ContentState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> ContentState {
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
            let reader: Option<i64> = self
                .conn()
                .query_row(
                    "SELECT reader FROM content WHERE sha256 = ?1",
                    [sha.to_hex()],
                    |r| r.get(0),
                )
                .optional()?;
            if reader == Some(daduk_read::READER_VERSION) {
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
            match &outcome {
                Ok((reading, _)) if reading.text.trim().is_empty() => report.empty += 1,
                Ok(_) => report.read += 1,
                Err(daduk_read::Unreadable::Unsupported(_)) => report.unsupported += 1,
                Err(daduk_read::Unreadable::Failed(why)) => {
                    report
                        .failed
                        .push(format!("{}: {why}", crate::text::shown(&name)));
                }
            }
            self.put_content(sha, &outcome)?;
        }
        job.report(Done { done: total, total });
        Ok(report)
    }

    /// A stored file's text and what it says.
    fn read_blob_content(
        &self,
        sha: Sha256,
        name: &str,
    ) -> std::result::Result<(daduk_read::Reading, ContentFacts), daduk_read::Unreadable> {
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
        let reading = daduk_read::read(name, &bytes)?;
        let facts = read_facts(&reading.text);
        Ok((reading, facts))
    }

    fn put_content(
        &self,
        sha: Sha256,
        outcome: &std::result::Result<(daduk_read::Reading, ContentFacts), daduk_read::Unreadable>,
    ) -> Result<()> {
        let tx = self.write()?;
        let hex = sha.to_hex();
        tx.execute("DELETE FROM content_search WHERE sha256 = ?1", [&hex])?;
        match outcome {
            Ok((reading, facts)) => {
                let state = if reading.text.trim().is_empty() {
                    ContentState::Empty
                } else {
                    ContentState::Read
                };
                let problem = if state == ContentState::Empty {
                    "tanpa teks (pindaian atau foto): perlu OCR, yang belum tersedia di versi ini"
                } else {
                    ""
                };
                tx.execute(
                    "INSERT OR REPLACE INTO content (sha256, state, reader, format, text, chars, ocr, kind, doc_date, number, title, problem, read_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    params![
                        hex,
                        state.code(),
                        daduk_read::READER_VERSION,
                        reading.format.label(),
                        reading.text,
                        reading.text.chars().count() as i64,
                        reading.ocr,
                        facts.kind,
                        facts.date.map(|d| d.to_string()),
                        facts.number,
                        facts.title,
                        problem,
                        now()
                    ],
                )?;
                if state == ContentState::Read {
                    let roots: Vec<String> = words(&reading.text).iter().map(|w| stem(w)).collect();
                    tx.execute(
                        "INSERT INTO content_search (sha256, body, roots) VALUES (?1, ?2, ?3)",
                        params![hex, reading.text, roots.join(" ")],
                    )?;
                }
            }
            Err(e) => {
                let state = match e {
                    daduk_read::Unreadable::Unsupported(_) => ContentState::Unsupported,
                    daduk_read::Unreadable::Failed(_) => ContentState::Failed,
                };
                tx.execute(
                    "INSERT OR REPLACE INTO content (sha256, state, reader, problem, read_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![hex, state.code(), daduk_read::READER_VERSION, e.to_string(), now()],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// What was read of each file of `a` (files not read yet are absent).
    pub fn contents(&self, a: &Assessment) -> Result<HashMap<Sha256, FileContent>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT c.sha256, c.state, c.kind, c.doc_date, c.number, c.title, c.ocr, c.chars, c.problem
             FROM content c JOIN evidence e ON e.sha256 = c.sha256 WHERE e.assessment_id = ?1",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            let sha: String = r.get(0)?;
            let problem: String = r.get(8)?;
            Ok((
                sha,
                FileContent {
                    state: ContentState::parse(&r.get::<_, String>(1)?),
                    kind: r.get(2)?,
                    date: r.get(3)?,
                    number: r.get(4)?,
                    title: r.get(5)?,
                    ocr: r.get(6)?,
                    chars: usize::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
                    problem: (!problem.is_empty()).then_some(problem),
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (sha, c) = row?;
            if let Ok(sha) = sha.parse::<Sha256>() {
                out.insert(sha, c);
            }
        }
        Ok(out)
    }

    /// The text read of a file, if it was read.
    pub fn content_text(&self, sha: Sha256) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT text FROM content WHERE sha256 = ?1 AND state = 'read'",
                [sha.to_hex()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The items a file read here may belong to, best first.
    pub fn suggest_items(&self, a: &Assessment, sha: Sha256) -> Result<Vec<ItemSuggestion>> {
        let Some(text) = self.content_text(sha)? else {
            return Ok(Vec::new());
        };
        let template = self.template_of(a)?;
        let facts = read_facts(&text);
        Ok(ItemIndex::new(&template).suggest(&template, &facts, &text))
    }

    /// Files whose content holds every word of `query` (or a word of the
    /// same root), best first; only `a`'s files when given.
    pub fn search(&self, query: &str, a: Option<&Assessment>) -> Result<Vec<SearchHit>> {
        let terms: Vec<String> = words(query).into_iter().take(12).collect();
        if terms.is_empty() {
            return Err(Error::Invalid(
                "tulis kata yang dicari (huruf atau angka)".into(),
            ));
        }
        // Words are letters and digits only: quoted, they cannot be read as
        // FTS5 syntax.
        let fts = terms
            .iter()
            .map(|t| format!("(body : \"{t}\" OR roots : \"{}\")", stem(t)))
            .collect::<Vec<_>>()
            .join(" AND ");
        let mut stmt = self.conn().prepare(
            "SELECT s.sha256, snippet(content_search, 1, '«', '»', '…', 12), c.title, c.kind
             FROM content_search s JOIN content c ON c.sha256 = s.sha256
             WHERE content_search MATCH ?1
               AND (?2 IS NULL OR s.sha256 IN (SELECT sha256 FROM evidence WHERE assessment_id = ?2))
             ORDER BY bm25(content_search) LIMIT ?3",
        )?;
        let found: Vec<(String, String, Option<String>, Option<String>)> = stmt
            .query_map(params![fts, a.map(|a| a.id), MAX_HITS as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut places = self.conn().prepare(
            "SELECT u.code, x.year, e.item, e.file_name FROM evidence e
             JOIN assessment x ON x.id = e.assessment_id JOIN unit u ON u.id = x.unit_id
             WHERE e.sha256 = ?1 AND (?2 IS NULL OR x.id = ?2) ORDER BY u.code, x.year, e.item",
        )?;
        let mut hits = Vec::new();
        for (sha, snippet, title, kind) in found {
            let Ok(sha256) = sha.parse::<Sha256>() else {
                continue;
            };
            let rows: Vec<(String, i32, String, String)> = places
                .query_map(params![sha, a.map(|a| a.id)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<std::result::Result<_, _>>()?;
            let Some(file_name) = rows.first().map(|r| r.3.clone()) else {
                continue;
            };
            hits.push(SearchHit {
                sha256,
                file_name,
                title,
                kind,
                snippet: snippet.split_whitespace().collect::<Vec<_>>().join(" "),
                places: rows
                    .into_iter()
                    .filter_map(|(u, y, i, _)| i.parse().ok().map(|i| (u, y, i)))
                    .collect(),
            });
        }
        Ok(hits)
    }
}
