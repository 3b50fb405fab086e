//! `daduk evidence read`, `daduk evidence suggest` and `daduk search`:
//! evidence by its content.

use daduk_workspace::Workspace;
use daduk_workspace::job::{Done, Job};
use daduk_workspace::text::shown;

use crate::cli::Which;
use crate::{Ctx, Outcome, print_json, progress_bar};

/// Read the content of an assessment's files not read yet.
pub fn read(ws: &Workspace, which: &Which, json: bool) -> anyhow::Result<()> {
    let a = ws.assessment(&which.unit, which.year)?;
    let bar = progress_bar("{spinner} membaca isi [{bar:30}] {pos}/{len} berkas");
    let progress = |Done { done, total }| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = ws.read_contents(&a, Job::new(crate::interrupt::flag(), &progress))?;
    bar.finish_and_clear();
    if json {
        print_json(&report)?;
    } else {
        out!(
            "Isi dibaca: {} berkas; tanpa tulisan terbaca: {}; jenis tidak dibaca: {}; gagal: {}; sudah terbaca sebelumnya: {}.",
            report.read,
            report.empty,
            report.unsupported,
            report.failed.len(),
            report.known
        );
        for f in &report.failed {
            out!("  gagal: {f}");
        }
    }
    Ok(())
}

/// The items one file's content supports.
pub fn suggest(ws: &Workspace, which: &Which, id: i64, json: bool) -> anyhow::Result<()> {
    let a = ws.assessment(&which.unit, which.year)?;
    let e = ws.evidence_by_id(&a, id)?;
    let content = ws.contents(&a)?.remove(&e.sha256);
    let items = ws.suggest_items(&a, e.sha256)?;
    if json {
        print_json(&serde_json::json!({
            "id": e.id,
            "file_name": e.file_name,
            "content": content,
            "items": items,
        }))?;
    } else if content.is_none() {
        out!(
            "Isi #{id} belum dibaca: jalankan `daduk evidence read --unit {} --year {}`.",
            a.unit,
            a.year
        );
    } else if items.is_empty() {
        out!(
            "Tidak ada butir yang cocok dengan isi #{id} ({}).",
            shown(&e.file_name)
        );
    } else {
        out!(
            "Butir yang cocok dengan isi #{id} ({}):",
            shown(&e.file_name)
        );
        for s in items {
            out!("  {} (skor {:.1}): {}", s.item, s.score, shown(&s.why));
        }
    }
    Ok(())
}

/// `daduk search`: files found by their content.
pub fn search(
    ctx: &Ctx,
    query: &str,
    which: Option<(String, i32)>,
    json: bool,
) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let a = which.map(|(u, y)| ws.assessment(&u, y)).transpose()?;
    let hits = ws.search(query, a.as_ref())?;
    if json {
        print_json(&hits)?;
    } else if hits.is_empty() {
        out!(
            "Tidak ada berkas yang isinya memuat \"{}\". (Isi berkas dibaca dengan `daduk evidence read`.)",
            shown(query)
        );
    } else {
        for h in &hits {
            let places: Vec<String> = h
                .places
                .iter()
                .map(|(u, y, i)| format!("{u} {y} {i}"))
                .collect();
            out!(
                "{} [{}] — {}",
                shown(&h.file_name),
                places.join("; "),
                h.title.as_deref().map(shown).unwrap_or_default()
            );
            out!("  {}", shown(&h.snippet));
        }
    }
    Ok(Outcome::Ok)
}
