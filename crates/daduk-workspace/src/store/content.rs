//! What was read of each stored file (`content`) and the search index of
//! its words (`content_search`): the queries behind `evidence::content`.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, params};

use daduk_domain::content::words::{stem, words};

use super::{Assessment, Workspace, now};
use crate::error::{Error, Result};
use crate::evidence::content::{ContentState, FileContent, MAX_HITS, SearchHit};
use crate::hash::Sha256;

/// The columns of a `FileContent` (of `content c`), in the order
/// `file_content` reads them.
const FILE_CONTENT: &str =
    "c.state, c.kind, c.doc_date, c.number, c.title, c.ocr, c.chars, c.problem";

/// A `FileContent` from the `FILE_CONTENT` columns, starting at `at`.
fn file_content(r: &Row<'_>, at: usize) -> rusqlite::Result<FileContent> {
    let problem: String = r.get(at + 7)?;
    Ok(FileContent {
        state: ContentState::parse(&r.get::<_, String>(at)?),
        kind: r.get(at + 1)?,
        date: r.get(at + 2)?,
        number: r.get(at + 3)?,
        title: r.get(at + 4)?,
        ocr: r.get(at + 5)?,
        chars: usize::try_from(r.get::<_, i64>(at + 6)?).unwrap_or(0),
        problem: (!problem.is_empty()).then_some(problem),
    })
}

impl Workspace {
    /// The reader version a file's content was read with, if it was. A
    /// reading that failed counts as none: what failed (no OCR engine yet,
    /// a file locked) is tried again.
    pub(crate) fn content_reader(&self, sha: Sha256) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT reader FROM content WHERE sha256 = ?1 AND state <> 'failed'",
                [sha.to_hex()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keep what was read of a file: its text ("" when it had none to
    /// give) and what it was read as (`format`: `Format::label`, or
    /// `packet::texts::RECEIVED`), and index its words when it has some.
    pub(crate) fn put_content(
        &self,
        sha: Sha256,
        content: &FileContent,
        text: &str,
        format: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        let hex = sha.to_hex();
        tx.execute("DELETE FROM content_search WHERE sha256 = ?1", [&hex])?;
        tx.execute(
            "INSERT OR REPLACE INTO content (sha256, state, reader, format, text, chars, ocr, kind, doc_date, number, title, problem, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                hex,
                content.state.code(),
                daduk_read::READER_VERSION,
                format,
                text,
                i64::try_from(content.chars).unwrap_or(i64::MAX),
                content.ocr,
                content.kind,
                content.date,
                content.number,
                content.title,
                content.problem.as_deref().unwrap_or(""),
                now()
            ],
        )?;
        if content.state == ContentState::Read {
            let roots: Vec<String> = words(text).iter().map(|w| stem(w)).collect();
            tx.execute(
                "INSERT INTO content_search (sha256, body, roots) VALUES (?1, ?2, ?3)",
                params![hex, text, roots.join(" ")],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// What this reader kept of one file, whether attached or not (a
    /// folder import's preview keeps what it read): its content, its text
    /// and what it was read as (`Format::label`). A failed reading is not
    /// kept for this (see `content_reader`).
    pub(crate) fn kept_content(
        &self,
        sha: Sha256,
    ) -> Result<Option<(FileContent, String, String)>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {FILE_CONTENT}, c.text, c.format
                     FROM content c WHERE c.sha256 = ?1 AND c.reader = ?2 AND c.state <> 'failed'"
                ),
                params![sha.to_hex(), daduk_read::READER_VERSION],
                |r| Ok((file_content(r, 0)?, r.get(8)?, r.get(9)?)),
            )
            .optional()?)
    }

    /// What was read of each file of `a` (files not read yet are absent).
    pub fn contents(&self, a: &Assessment) -> Result<HashMap<Sha256, FileContent>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT DISTINCT c.sha256, {FILE_CONTENT}
             FROM content c JOIN evidence e ON e.sha256 = c.sha256 WHERE e.assessment_id = ?1"
        ))?;
        let rows = stmt.query_map([a.id], |r| {
            Ok((r.get::<_, String>(0)?, file_content(r, 1)?))
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

    /// The text read of a file, and what it was read as (`Format::label`),
    /// if it was read.
    pub fn content_text(&self, sha: Sha256) -> Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT text, format FROM content WHERE sha256 = ?1 AND state = 'read'",
                [sha.to_hex()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
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
