//! `daduk tpn ...`: the national evaluation's result as it comes back —
//! the stages the unit went through and TPN's values beside the unit's and
//! TPI's. TPN's values and notes per item are written with `daduk answer
//! set --role tpn`.

use clap::{Args, Subcommand};
use serde::Serialize;

use daduk_workspace::format::{number, score as pts};
use daduk_workspace::scoring::SideBySide;
use daduk_workspace::tpn::{Outcome as StageOutcome, Stage, StageRecord, standing};
use daduk_workspace::{Assessment, Error, Role, Workspace};

use crate::cli::Which;
use crate::{Ctx, Outcome, print_json};

/// `daduk tpn`.
#[derive(Debug, Subcommand)]
pub enum TpnCmd {
    /// Hasil penilaian TPN: tahap yang dilalui, nilai TPN berdampingan dengan unit dan TPI,
    /// butir yang berbeda.
    Show {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mencatat satu tahap penilaian TPN (usulan, seleksi-administrasi, desk-evaluation,
    /// wawancara, verifikasi-lapangan, hasil) dengan tanggal dan hasilnya.
    Stage(StageArgs),
}

/// `daduk tpn stage`.
#[derive(Debug, Args)]
pub struct StageArgs {
    #[command(flatten)]
    which: Which,
    /// Tahap: usulan, seleksi-administrasi, desk-evaluation, wawancara, verifikasi-lapangan,
    /// hasil.
    stage: String,
    /// Tanggal tahap itu (atau pengumuman hasilnya), misalnya 12/08/2026.
    #[arg(long, required_unless_present = "clear")]
    date: Option<String>,
    /// Hasil tahap: lolos, tidak-lolos; untuk tahap hasil: wbk, wbbm, tidak-lolos (belum
    /// memperoleh predikat). Kosong: tahap masih berlangsung.
    #[arg(long)]
    outcome: Option<String>,
    /// Catatan (nomor LHE, siapa yang hadir).
    #[arg(long)]
    note: Option<String>,
    /// Menghapus catatan tahap ini.
    #[arg(long, conflicts_with_all = ["date", "outcome", "note"])]
    clear: bool,
}

#[derive(Serialize)]
struct TpnJson<'a> {
    unit: &'a str,
    year: i32,
    stages: &'a [StageRecord],
    standing: Option<String>,
    totals: [f64; 3],
    compared: &'a SideBySide,
}

pub fn tpn(ctx: &Ctx, cmd: TpnCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        TpnCmd::Show { which, json } => {
            let a = ws.assessment(&which.unit, which.year)?;
            show(&ws, &a, json)
        }
        TpnCmd::Stage(args) => {
            let a = ws.assessment(&args.which.unit, args.which.year)?;
            let stage: Stage = args.stage.parse().map_err(Error::Invalid)?;
            if args.clear {
                if ws.clear_tpn_stage(&a, stage)? {
                    out!("Tahap {} dihapus.", stage.label());
                } else {
                    out!(
                        "Tahap {} belum tercatat; tidak ada yang berubah.",
                        stage.label()
                    );
                }
                return Ok(Outcome::Ok);
            }
            let outcome = args
                .outcome
                .as_deref()
                .map(str::parse::<StageOutcome>)
                .transpose()
                .map_err(Error::Invalid)?;
            let record = StageRecord::typed(
                stage,
                args.date.as_deref().unwrap_or_default(),
                outcome,
                args.note.as_deref().unwrap_or_default(),
            )
            .map_err(Error::Invalid)?;
            ws.set_tpn_stage(&a, &record)?;
            let stages = ws.tpn_stages(&a)?;
            out!(
                "Tahap {} dicatat. Posisi unit: {}.",
                stage.label(),
                standing(&stages).unwrap_or_default()
            );
            Ok(Outcome::Ok)
        }
    }
}

fn show(ws: &Workspace, a: &Assessment, json: bool) -> anyhow::Result<Outcome> {
    let stages = ws.tpn_stages(a)?;
    let compared = ws.side_by_side(a)?;
    let mut totals = [0.0; 3];
    for (t, r) in totals.iter_mut().zip(Role::ALL) {
        *t = ws.score(a, r)?.total;
    }
    if json {
        print_json(&TpnJson {
            unit: &a.unit,
            year: a.year,
            stages: &stages,
            standing: standing(&stages),
            totals,
            compared: &compared,
        })?;
        return Ok(Outcome::Ok);
    }
    out!(
        "Hasil penilaian TPN {} {} — {}",
        a.unit,
        a.year,
        a.unit_name
    );
    match standing(&stages) {
        Some(s) => out!("Posisi: {s}"),
        None => out!(
            "Belum ada tahap yang dicatat: `daduk tpn stage --unit {} --year {} usulan --date …`",
            a.unit,
            a.year
        ),
    }
    for r in &stages {
        let outcome = r.outcome_label();
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", r.note.replace('\n', " / "))
        };
        out!(
            "  {:<22} {:<18} {outcome}{note}",
            r.stage.label(),
            daduk_workspace::format::date_long(r.date)
        );
    }
    out!(
        "Nilai: Unit {}, TPI {}, TPN {}",
        pts(totals[0]),
        pts(totals[1]),
        pts(totals[2])
    );
    let tpn_answered = compared
        .items
        .iter()
        .filter(|i| i.values[2].is_some())
        .count();
    if tpn_answered == 0 {
        out!(
            "Nilai TPN per butir belum dicatat: `daduk answer set --unit {} --year {} BUTIR NILAI --role tpn`",
            a.unit,
            a.year
        );
        return Ok(Outcome::Ok);
    }
    for (name, g) in [
        ("unit", &compared.tpn_vs_unit),
        ("TPI", &compared.tpn_vs_tpi),
    ] {
        out!(
            "TPN dibanding {name}: {} butir dinilai keduanya, {} berbeda, selisih {} poin",
            g.both,
            g.differ,
            signed(g.difference)
        );
    }
    let differ: Vec<_> = compared.items.iter().filter(|i| i.differ).collect();
    if differ.is_empty() {
        out!("Tidak ada butir yang nilainya berbeda.");
        return Ok(Outcome::Ok);
    }
    out!("{:<10} {:<14} {:<14} {:<14}", "BUTIR", "UNIT", "TPI", "TPN");
    for i in differ {
        let cell = |k: usize| match (&i.answers[k], i.values[k]) {
            (Some(t), Some(v)) => format!("{t} ({})", number(v, 2)),
            _ => "—".into(),
        };
        out!(
            "{:<10} {:<14} {:<14} {:<14}",
            i.item.to_string(),
            cell(0),
            cell(1),
            cell(2)
        );
    }
    Ok(Outcome::Ok)
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", pts(x))
    } else {
        pts(x)
    }
}
