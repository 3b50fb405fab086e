//! `index.html`: one self-contained page for a reviewer without Daduk —
//! every item with its answers, values, notes and links to its files, and
//! the scores. No scripts, no remote content; styles are inline.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::manifest::PacketEvidence;
use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::Result;
use crate::format::{bytes, score};
use crate::store::{Assessment, Workspace};

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a relative path for an `href`, keeping `/`.
pub fn href(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1f2933;background:#f7f8f6}\
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #1f6f5c;padding-bottom:4px}\
.muted{color:#66727f}table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d9dee3;padding:6px 8px;text-align:left;vertical-align:top;font-size:14px}\
th{background:#eef3f1}td.num{text-align:right;white-space:nowrap}.code{font-family:ui-monospace,monospace;white-space:nowrap}\
.bad{color:#a8321e;font-weight:600}.ok{color:#1f6f5c;font-weight:600}ul.files{margin:4px 0 0;padding-left:18px}.note{color:#52606d;font-style:italic}";

/// Render the index page of a submission.
pub fn index(ws: &Workspace, a: &Assessment, evidence: &[PacketEvidence]) -> Result<String> {
    let template = ws.template_of(a)?;
    let unit = ws.unit(&a.unit)?;
    let records = ws.answer_records(a)?;
    let mut answers: BTreeMap<(ItemCode, Role), (&str, &str)> = BTreeMap::new();
    for r in &records {
        answers.insert(
            (r.item, r.role),
            (r.value.as_deref().unwrap_or(""), r.note.as_str()),
        );
    }
    let cards = [ws.score(a, Role::Unit)?, ws.score(a, Role::Tpi)?];
    let completeness = ws.completeness(a)?;
    let mut files: BTreeMap<ItemCode, Vec<&PacketEvidence>> = BTreeMap::new();
    for e in evidence {
        files.entry(e.item).or_default().push(e);
    }
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'\">\
         <title>LKE {} {}</title><style>{STYLE}</style></head><body><main>",
        escape(&unit.code),
        a.year
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"muted\">{} · Tahun {} · Target {} · {}</p>",
        escape(&unit.name),
        escape(&unit.instansi),
        a.year,
        unit.target,
        escape(&template.doc().name)
    );
    h.push_str("<h2>Nilai</h2><table><tr><th></th><th>Bobot</th><th>Unit</th><th>TPI</th></tr>");
    for c in &template.doc().components {
        let pick = |card: &crate::scoring::ScoreCard| card.component(c.kind());
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&c.name),
            score(c.weight),
            score(pick(&cards[0])),
            score(pick(&cards[1]))
        );
        for (i, area) in cards[0]
            .change_areas
            .iter()
            .enumerate()
            .filter(|_| c.kind() == crate::template::ComponentKind::Pengungkit)
        {
            let _ = write!(
                h,
                "<tr><td>&nbsp;&nbsp;{} {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                area.area,
                escape(&area.name),
                score(area.weight),
                score(area.score),
                score(cards[1].change_areas.get(i).map_or(0.0, |x| x.score))
            );
        }
    }
    let _ = write!(
        h,
        "<tr><th>Total</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></table>",
        score(template.doc().total_weight),
        score(cards[0].total),
        score(cards[1].total)
    );
    for def in &template.doc().predicates {
        for (label, card) in [("Unit", &cards[0]), ("TPI", &cards[1])] {
            if let Some(p) = card.predicates.get(&def.code) {
                let verdict = if p.eligible {
                    "<span class=\"ok\">memenuhi syarat</span>".to_string()
                } else {
                    format!(
                        "<span class=\"bad\">belum memenuhi ({} syarat)</span>",
                        p.failed.len()
                    )
                };
                let _ = write!(h, "<p>{} menurut {label}: {verdict}</p>", escape(&p.name));
            }
        }
    }
    let _ = write!(
        h,
        "<p>Data dukung lengkap: {} dari {} butir.</p>",
        completeness.total.complete, completeness.total.total
    );
    h.push_str("<h2>Butir LKE</h2><table><tr><th>Butir</th><th>Pertanyaan</th><th>Unit</th><th>TPI</th><th>Data dukung</th></tr>");
    for r in template.items() {
        let code = r.item.code;
        let cell = |role: Role, card: &crate::scoring::ScoreCard| {
            let (v, note) = answers.get(&(code, role)).copied().unwrap_or(("", ""));
            let value = card
                .items
                .get(&code)
                .copied()
                .flatten()
                .map_or("–".to_string(), score);
            let v = if v.is_empty() {
                "<span class=\"muted\">belum</span>".to_string()
            } else {
                escape(v)
            };
            let note = if note.is_empty() {
                String::new()
            } else {
                format!("<div class=\"note\">{}</div>", escape(note))
            };
            format!("{v}<br><span class=\"muted\">nilai {value}</span>{note}")
        };
        let complete = completeness.items.get(&code).is_some_and(|c| c.complete);
        let mut list = String::new();
        for e in files.get(&code).map(Vec::as_slice).unwrap_or(&[]) {
            let link = e.path.as_deref().map_or_else(
                || escape(&e.title),
                |p| format!("<a href=\"{}\">{}</a>", escape(&href(p)), escape(&e.title)),
            );
            let _ = write!(
                list,
                "<li>{link} <span class=\"muted\">({}, {}, {}{})</span></li>",
                escape(&e.kind),
                bytes(e.size),
                &e.sha256.short(12),
                e.doc_date
                    .as_deref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            );
        }
        let status = if complete {
            "<span class=\"ok\">Lengkap</span>"
        } else {
            "<span class=\"bad\">Tidak Lengkap</span>"
        };
        let _ = write!(
            h,
            "<tr id=\"{code}\"><td class=\"code\">{code}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}<ul class=\"files\">{list}</ul></td></tr>",
            escape(&r.item.question),
            cell(Role::Unit, &cards[0]),
            cell(Role::Tpi, &cards[1]),
        );
    }
    h.push_str("</table><p class=\"muted\">Dibuat oleh Daduk. Keaslian setiap berkas dapat diperiksa dengan <code>sha256sum -c SHA256SUMS</code> atau <code>daduk packet verify</code>.</p></main></body></html>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_encodes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            href("evidence/1 Manajemen/P.1.i.a - SK#1.pdf"),
            "evidence/1%20Manajemen/P.1.i.a%20-%20SK%231.pdf"
        );
    }
}
