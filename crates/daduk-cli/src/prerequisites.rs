//! `daduk admin prerequisites`: the instansi's prerequisites of a year on
//! the server — record, remove, show.

use clap::Subcommand;
use daduk_sync::Client;
use daduk_wire as wire;
use daduk_workspace::text::shown;

use crate::print_json;

#[derive(Debug, Subcommand)]
pub enum PrerequisitesCmd {
    /// Mencatat nilai prasyarat instansi, mis. `opini_bpk=WTP maturitas_spip=3 nilai_sakip=BB`; satu nilai salah dan tidak ada yang disimpan.
    Set {
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// KODE=NILAI (lihat `prerequisites show` untuk kode dan nilai yang diterima).
        #[arg(value_name = "KODE=NILAI", required = true)]
        values: Vec<String>,
        /// Catatan untuk semua nilai di perintah ini (mis. sumber laporannya).
        #[arg(long, default_value = "")]
        note: String,
        /// Rujukan dokumen untuk semua nilai di perintah ini (nomor LHP, surat, tautan).
        #[arg(long, default_value = "")]
        document: String,
    },
    /// Menghapus nilai prasyarat yang keliru dicatat (tercatat di log audit server).
    Clear {
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// Kode prasyarat, mis. opini_bpk.
        code: String,
    },
    /// Menampilkan prasyarat instansi setahun: nilai, terpenuhi untuk WBK/WBBM, yang belum.
    Show {
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// Keluaran JSON (sama dengan GET /api/v1/admin/prerequisites/{tahun}).
        #[arg(long)]
        json: bool,
    },
}

/// Run one prerequisites command against the server.
pub fn run(c: &Client, cmd: PrerequisitesCmd) -> anyhow::Result<()> {
    match cmd {
        PrerequisitesCmd::Set {
            year,
            values,
            note,
            document,
        } => {
            let inputs = values
                .iter()
                .map(|kv| {
                    let (code, value) = kv.split_once('=').ok_or_else(|| {
                        anyhow::anyhow!(
                            "'{}' bukan KODE=NILAI; tulis misalnya opini_bpk=WTP",
                            shown(kv)
                        )
                    })?;
                    Ok(wire::PrerequisiteInput {
                        code: code.trim().to_string(),
                        value: value.trim().to_string(),
                        note: note.clone(),
                        document: document.clone(),
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let n = inputs.len();
            let got = c.put_prerequisites(year, inputs)?;
            out!("{n} prasyarat instansi tahun {year} dicatat di server.");
            print_year(&got)?;
        }
        PrerequisitesCmd::Clear { year, code } => {
            let got = c.clear_prerequisite(year, code.trim())?;
            out!(
                "Prasyarat {} tahun {year} dihapus dari server.",
                code.trim()
            );
            print_year(&got)?;
        }
        PrerequisitesCmd::Show { year, json } => {
            let got = c.prerequisites(year)?;
            if json {
                print_json(&got)?;
            } else {
                print_year(&got)?;
            }
        }
    }
    Ok(())
}

/// A year's prerequisites, one line each, then what each predicate lacks.
pub fn print_year(y: &wire::PrerequisitesOfYear) -> anyhow::Result<()> {
    let met = |m: Option<bool>| match m {
        Some(true) => "ya",
        Some(false) => "belum",
        None => "-",
    };
    out!("Prasyarat instansi tahun {} ({}):", y.year, y.rules);
    for i in &y.items {
        let value = match (&i.value, &i.recorded_by, &i.recorded_at) {
            (Some(v), Some(by), Some(at)) => format!(
                "{} (dicatat {} oleh {}{})",
                shown(v),
                daduk_workspace::format::date_time(at),
                shown(by),
                if i.document.is_empty() {
                    String::new()
                } else {
                    format!("; dokumen: {}", shown(&i.document))
                }
            ),
            _ => "belum dicatat".to_string(),
        };
        out!(
            "  {} — {}: {value}; memenuhi WBK: {}, WBBM: {} [nilai: {}]",
            i.code,
            shown(&i.label),
            met(i.met_wbk),
            met(i.met_wbbm),
            i.allowed
        );
    }
    for (bar, missing) in [("WBK", &y.missing_wbk), ("WBBM", &y.missing_wbbm)] {
        if missing.is_empty() {
            out!("Untuk {bar}: semua prasyarat terpenuhi.");
        } else {
            let names: Vec<String> = missing
                .iter()
                .map(|m| format!("{} ({})", m.code, shown(&m.why)))
                .collect();
            out!("Belum terpenuhi untuk {bar}: {}", names.join("; "));
        }
    }
    Ok(())
}
