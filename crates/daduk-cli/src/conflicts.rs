//! `daduk sync conflicts` and `daduk sync resolve`: what syncs could not
//! decide (changed here and on the server, differently), and settling it.
//! The workspace's value was kept at the sync; to take the server's, change
//! it as usual, then settle the conflict. Settled conflicts stay on record.

use clap::Subcommand;

use crate::cli::Which;
use crate::{Ctx, Outcome, print_json};

#[derive(Debug, Subcommand)]
pub enum ConflictCmd {
    /// Daftar konflik sinkronisasi yang belum diselesaikan (dengan id-nya).
    Conflicts {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Menandai konflik selesai ditinjau; isi ruang kerja tidak diubah.
    Resolve {
        #[command(flatten)]
        which: Which,
        /// Id konflik (lihat `daduk sync conflicts`).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<i64>,
        /// Semua konflik penilaian ini.
        #[arg(long)]
        all: bool,
    },
}

/// Run a conflict command.
pub fn run(ctx: &Ctx, cmd: ConflictCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        ConflictCmd::Conflicts { which, json } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let open = ws.open_sync_conflicts(&a)?;
            if json {
                print_json(&open)?;
                return Ok(Outcome::Ok);
            }
            if open.is_empty() {
                out!(
                    "Tidak ada konflik sinkronisasi yang terbuka di {} {}.",
                    a.unit,
                    a.year
                );
            }
            let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "(tidak ada)".into());
            for k in &open {
                let c = &k.conflict;
                out!(
                    "{:>4}  sisi {} {} {}: di sini '{}', di server '{}', sebelumnya '{}' ({})",
                    k.id,
                    c.side.label(),
                    c.what,
                    c.key,
                    v(&c.local),
                    v(&c.remote),
                    v(&c.base),
                    k.at
                );
            }
            Ok(Outcome::Ok)
        }
        ConflictCmd::Resolve { which, ids, all } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let n = ws.resolve_sync_conflicts(&a, (!all).then_some(ids.as_slice()))?;
            out!("{n} konflik ditandai selesai di {} {}.", a.unit, a.year);
            Ok(Outcome::Ok)
        }
    }
}
