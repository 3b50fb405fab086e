//! `daduk template`, `daduk score`, `daduk status`, `daduk log`: printing what
//! the core computes.

use daduk_workspace::format::{number, percent, score as pts};
use daduk_workspace::scoring::ScoreCard;
use daduk_workspace::template::{AnswerSpec, Template, TemplateDoc, trust};
use daduk_workspace::{Part, Role};
use serde::Serialize;

use crate::cli::{LogArgs, ScoreArgs, StatusArgs, TemplateCmd};
use crate::{Ctx, Outcome, print_json};

/// One item in the flat list of `template show --json`.
#[derive(Serialize)]
struct FlatItem<'a> {
    code: String,
    question: &'a str,
    #[serde(rename = "type")]
    answer_type: &'static str,
    options: usize,
    /// The item's share of its sub-area's weight.
    max_points: f64,
    evidence: Vec<&'a str>,
}

#[derive(Serialize)]
struct TemplateJson<'a> {
    sha256: String,
    item_count: usize,
    #[serde(flatten)]
    doc: &'a TemplateDoc,
    items: Vec<FlatItem<'a>>,
}

fn answer_type(spec: &AnswerSpec) -> (&'static str, usize) {
    match spec {
        AnswerSpec::YesNo => ("yes_no", 2),
        AnswerSpec::Choice { options } => ("choice", options.len()),
        AnswerSpec::Counts { .. } => ("counts", 0),
        AnswerSpec::SurveyIndex { .. } => ("survey_index", 0),
    }
}

pub fn template(cmd: TemplateCmd) -> anyhow::Result<Outcome> {
    match cmd {
        TemplateCmd::Check { file } => {
            let t = daduk_workspace::template::from_file(&file)?;
            out!(
                "Templat {} sah: {} butir, SHA-256 {}.",
                t.id(),
                t.item_count(),
                t.sha256()
            );
            if trust::is_official(t.sha256()) {
                out!("Ini templat resmi Daduk.");
            } else if let Some(official) = trust::official_with_id(t.id()) {
                // A file that claims an official id must be the official
                // content: an evaluator would score with it believing so.
                out!(
                    "PERINGATAN: id '{}' milik templat resmi, tetapi isinya berbeda dari templat resmi:",
                    t.id()
                );
                for d in trust::scoring_differences(&official, &t, 20) {
                    out!("  - {d}");
                }
                out!("Beri templat ini id lain; Daduk tidak akan memakainya dengan id resmi.");
                return Ok(Outcome::CheckFailed);
            } else {
                out!("Templat ini bukan templat resmi; evaluator harus menerimanya secara tegas.");
            }
        }
        TemplateCmd::Show { file, json } => {
            let t = match file {
                Some(f) => daduk_workspace::template::from_file(&f)?,
                None => Template::default_lke(),
            };
            if json {
                let items = t
                    .items()
                    .map(|r| {
                        let (answer_type, options) = answer_type(&r.item.answer);
                        FlatItem {
                            code: r.item.code.to_string(),
                            question: &r.item.question,
                            answer_type,
                            options,
                            max_points: r.sub_area.weight / r.sub_area.items.len() as f64,
                            evidence: r.item.evidence.iter().map(|e| e.kind.as_str()).collect(),
                        }
                    })
                    .collect();
                print_json(&TemplateJson {
                    sha256: t.sha256().to_hex(),
                    item_count: t.item_count(),
                    doc: t.doc(),
                    items,
                })?;
            } else {
                print_tree(&t)?;
            }
        }
    }
    Ok(Outcome::Ok)
}

fn print_tree(t: &Template) -> anyhow::Result<()> {
    let doc = t.doc();
    out!(
        "{} — {} butir, bobot {}",
        doc.name,
        t.item_count(),
        number(doc.total_weight, 2)
    );
    for c in &doc.components {
        out!("{} {} ({})", c.code, c.name, number(c.weight, 2));
        for p in &c.parts {
            out!("  {} {} ({})", p.part, p.name, number(p.weight, 2));
            for a in &p.areas {
                out!(
                    "    {}.{} {} ({})",
                    p.part,
                    a.code,
                    a.name,
                    number(a.weight, 2)
                );
                for s in &a.sub_areas {
                    out!(
                        "      {}.{}.{} {} ({})",
                        p.part,
                        a.code,
                        s.code,
                        s.name,
                        number(s.weight, 2)
                    );
                    for i in &s.items {
                        let kind = match &i.answer {
                            AnswerSpec::YesNo => "ya/tidak".to_string(),
                            AnswerSpec::Choice { options } => {
                                format!("a–{}", options.last().map_or('a', |o| o.letter))
                            }
                            AnswerSpec::Counts { rows, .. } => {
                                let rows: Vec<&str> = rows
                                    .iter()
                                    .filter(|r| r.computed.is_none())
                                    .map(|r| r.code.as_str())
                                    .collect();
                                format!("jumlah {}", rows.join(","))
                            }
                            AnswerSpec::SurveyIndex { min, max } => format!("indeks {min}–{max}"),
                        };
                        out!("        {:<10} [{kind}] {}", i.code.to_string(), i.question);
                    }
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ScoreJson<'a> {
    unit: &'a str,
    year: i32,
    role: Role,
    template: &'a str,
    #[serde(flatten)]
    card: &'a ScoreCard,
    completeness: &'a daduk_workspace::evidence::Completeness,
}

pub fn score(ctx: &Ctx, args: ScoreArgs) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let year = match (&args.years, args.year) {
        (Some(range), _) => return crate::years::trend(&ws, &args.unit, range, args.json),
        (None, Some(year)) => year,
        (None, None) => anyhow::bail!("sebutkan --year TAHUN atau --years TTTT-TTTT"),
    };
    let a = ws.assessment(&args.unit, year)?;
    let role = Role::from(args.role);
    let card = ws.score(&a, role)?;
    if args.json {
        print_json(&ScoreJson {
            unit: &a.unit,
            year: a.year,
            role,
            template: &a.template_id,
            card: &card,
            completeness: &ws.completeness(&a)?,
        })?;
        return Ok(Outcome::Ok);
    }
    let template = ws.template_of(&a)?;
    let who = match role {
        Role::Unit => "jawaban Unit (penilaian mandiri)",
        Role::Tpi => "jawaban TPI",
        Role::Tpn => "nilai TPN (hasil evaluasi KemenPANRB)",
    };
    out!("Penilaian {} {} — {} — {who}", a.unit, a.year, a.unit_name);
    if !a.template_official {
        out!(
            "PERHATIAN: nilai dihitung dengan templat '{}' ({}) yang bukan templat resmi.",
            a.template_id,
            a.template_sha256.short(12)
        );
    }
    out!(
        "Terjawab {} dari {} butir{}",
        card.answered,
        card.answered + card.unanswered,
        if card.unanswered > 0 {
            format!(" ({} belum dijawab, dihitung 0)", card.unanswered)
        } else {
            String::new()
        }
    );
    out!();
    out!("{:<52} {:>8} {:>8}", "", "NILAI", "BOBOT");
    for c in &template.doc().components {
        let value = card.component(c.kind());
        out!(
            "{:<52} {:>8} {:>8}",
            format!("{} {}", c.code, c.name),
            pts(value),
            pts(c.weight)
        );
        for p in &c.parts {
            out!(
                "{:<52} {:>8} {:>8}",
                format!("  {}", p.name),
                pts(card.parts[&p.part]),
                pts(p.weight)
            );
            for ar in &p.areas {
                let code = p.area_code(ar).map(|k| k.to_string()).unwrap_or_default();
                let value = p
                    .area_code(ar)
                    .and_then(|c| card.areas.get(&c))
                    .copied()
                    .unwrap_or(0.0);
                out!(
                    "{:<52} {:>8} {:>8}",
                    format!("    {code} {}", ar.name),
                    pts(value),
                    pts(ar.weight)
                );
            }
        }
    }
    out!(
        "{:<52} {:>8} {:>8}",
        "TOTAL",
        pts(card.total),
        pts(template.doc().total_weight)
    );
    let o = &card.official;
    out!(
        "{:<52} {:>8}",
        "Menurut lembar kerja resmi (Lampiran III)",
        pts(o.total)
    );
    out!(
        "  Pengungkit {} · Hasil {}. {}",
        pts(o.pengungkit),
        pts(o.hasil),
        if card.unanswered > 0 {
            "Lembar kerja resmi menghitung sub-area dari rata-rata butir yang sudah dijawab saja \
             (sel kosong dilewati); Daduk menghitung butir yang belum dijawab 0. \
             Syarat predikat memakai nilai Daduk."
        } else {
            "Semua butir dijawab: sama dengan nilai Daduk."
        }
    );
    out!();
    out!("Area perubahan (Pemenuhan + Reform):");
    for a in &card.change_areas {
        out!(
            "  {} {:<44} {:>8} dari {:>6} ({})",
            a.area,
            a.name,
            pts(a.score),
            pts(a.weight),
            percent(a.share)
        );
    }
    for def in &template.doc().predicates {
        let (code, Some(p)) = (&def.code, card.predicates.get(&def.code)) else {
            continue;
        };
        out!();
        if p.eligible {
            out!(
                "Predikat {}: MEMENUHI syarat untuk diusulkan.",
                code.to_uppercase()
            );
        } else {
            out!(
                "Predikat {}: belum memenuhi ({} syarat):",
                code.to_uppercase(),
                p.failed.len()
            );
            for f in &p.failed {
                out!(
                    "  ✗ {}: {} (minimal {})",
                    f.label,
                    pts(f.value),
                    pts(f.threshold)
                );
            }
        }
    }
    if !card.gaps.is_empty() {
        out!();
        out!("Peluang kenaikan nilai terbesar:");
        for g in card.gaps.iter().take(8) {
            let note = if g.unanswered > 0 {
                format!(", {} butir belum dijawab", g.unanswered)
            } else {
                String::new()
            };
            out!(
                "  {:<8} {:<48} +{} (nilai {} dari {}{note})",
                g.sub_area.to_string(),
                g.name,
                pts(g.lacking),
                pts(g.score),
                pts(g.weight)
            );
        }
    }
    Ok(Outcome::Ok)
}

pub fn status(ctx: &Ctx, args: StatusArgs) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let a = ws.assessment(&args.which.unit, args.which.year)?;
    let progress = ws.progress(&a)?;
    if args.json {
        print_json(&progress)?;
        return Ok(Outcome::Ok);
    }
    out!(
        "Penilaian {} {} — {} — status {}",
        a.unit,
        a.year,
        a.unit_name,
        a.status.label()
    );
    out!(
        "Dijawab Unit: {} dari {} butir; dijawab TPI: {}; beda Unit/TPI: {}",
        progress.answered_unit,
        progress.items,
        progress.answered_tpi,
        progress.differ.len()
    );
    out!(
        "Data dukung Lengkap: {} dari {} butir",
        progress.complete,
        progress.items
    );
    let mut part = None;
    for area in &progress.areas {
        if part != Some(area.area.part) {
            part = Some(area.area.part);
            out!();
            out!(
                "{}",
                match area.area.part {
                    Part::P => "Pengungkit — Pemenuhan",
                    Part::R => "Pengungkit — Reform",
                    Part::H => "Hasil",
                }
            );
        }
        let done = area.items - area.unanswered.len();
        out!(
            "  {} {:<46} {:>3}/{:<3} dijawab, {:>3}/{:<3} lengkap",
            area.area,
            area.name,
            done,
            area.items,
            area.complete,
            area.items
        );
        if !area.unanswered.is_empty() {
            let codes: Vec<String> = area.unanswered.iter().map(ToString::to_string).collect();
            out!("      belum dijawab: {}", codes.join(", "));
        }
        for m in &area.incomplete {
            out!(
                "      {:<10} kurang: {}",
                m.item.to_string(),
                m.kinds.join(", ")
            );
        }
    }
    Ok(Outcome::Ok)
}

pub fn log(ctx: &Ctx, args: LogArgs) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let id = match (&args.unit, args.year) {
        (Some(u), Some(y)) => Some(ws.assessment(u, y)?.id),
        _ => None,
    };
    let entries = ws.audit_log(id)?;
    if args.json {
        print_json(&entries)?;
    } else {
        for e in entries {
            let change = match (&e.old, &e.new) {
                (Some(o), Some(n)) => format!("{o} → {n}"),
                (None, Some(n)) => format!("→ {n}"),
                (Some(o), None) => format!("{o} →"),
                (None, None) => String::new(),
            };
            out!(
                "{} {:<12} {:<10} {:<16} {:<7} {change}",
                e.at,
                e.actor,
                e.entity,
                e.key,
                e.action
            );
        }
    }
    Ok(Outcome::Ok)
}
