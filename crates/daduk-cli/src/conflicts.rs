//! `daduk conflicts` (and its older spelling `daduk sync conflicts` /
//! `daduk sync resolve`): what a packet, a sync or a worksheet could not
//! decide (changed here and there, differently), and settling it. The
//! workspace's value was kept; to take the other, change it as usual, then
//! settle the conflict. Settled conflicts stay on record.

use clap::{Args, Subcommand};

use crate::cli::Which;
use crate::{Ctx, Outcome, print_json};

/// `daduk conflicts`: the list, or `resolve`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConflictsArgs {
    /// Menandai konflik selesai (tanpa perintah: daftar konflik).
    #[command(subcommand)]
    pub cmd: Option<ResolveCmd>,
    /// Kode unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// Tahun penilaian.
    #[arg(long)]
    pub year: Option<i32>,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

/// Which conflicts to settle (`daduk conflicts resolve`, `daduk sync
/// resolve`).
#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    which: Which,
    /// Id konflik (lihat `daduk conflicts`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    ids: Vec<i64>,
    /// Semua konflik penilaian ini.
    #[arg(long)]
    all: bool,
}

/// `daduk conflicts resolve`.
#[derive(Debug, Subcommand)]
pub enum ResolveCmd {
    /// Menandai konflik selesai ditinjau; isi ruang kerja tidak diubah.
    Resolve(ResolveArgs),
}

/// `daduk conflicts`.
pub fn conflicts(ctx: &Ctx, args: ConflictsArgs) -> anyhow::Result<Outcome> {
    match args.cmd {
        Some(ResolveCmd::Resolve(args)) => run(ctx, ConflictCmd::Resolve(args)),
        None => {
            let (Some(unit), Some(year)) = (args.unit, args.year) else {
                anyhow::bail!("sebutkan penilaiannya: daduk conflicts --unit KODE --year TAHUN");
            };
            run(
                ctx,
                ConflictCmd::Conflicts {
                    which: Which { unit, year },
                    json: args.json,
                },
            )
        }
    }
}

/// `daduk sync conflicts` / `daduk sync resolve` (the same as `daduk
/// conflicts`).
#[derive(Debug, Subcommand)]
pub enum ConflictCmd {
    /// Daftar konflik (paket, sinkronisasi, lembar kerja) yang belum diselesaikan, dengan id-nya.
    Conflicts {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Menandai konflik selesai ditinjau; isi ruang kerja tidak diubah.
    Resolve(ResolveArgs),
}

/// Run a conflict command.
pub fn run(ctx: &Ctx, cmd: ConflictCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        ConflictCmd::Conflicts { which, json } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let open = ws.open_conflicts(&a)?;
            if json {
                print_json(&open)?;
                return Ok(Outcome::Ok);
            }
            if open.is_empty() {
                out!("Tidak ada konflik yang terbuka di {} {}.", a.unit, a.year);
            }
            let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "(tidak ada)".into());
            for k in &open {
                let c = &k.conflict;
                let (there, before) = match k.origin {
                    daduk_workspace::sync::ConflictOrigin::Packet => ("di TPI", "dikirim"),
                    daduk_workspace::sync::ConflictOrigin::Sync => ("di server", "sebelumnya"),
                    daduk_workspace::sync::ConflictOrigin::Worksheet => {
                        ("di lembar kerja", "sebelumnya")
                    }
                };
                out!(
                    "{:>4}  {} · sisi {} {} {}: di sini '{}', {there} '{}', {before} '{}' ({})",
                    k.id,
                    k.origin.label(),
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
        ConflictCmd::Resolve(ResolveArgs { which, ids, all }) => {
            let a = ws.assessment(&which.unit, which.year)?;
            let n = ws.resolve_conflicts(&a, (!all).then_some(ids.as_slice()))?;
            out!("{n} konflik ditandai selesai di {} {}.", a.unit, a.year);
            Ok(Outcome::Ok)
        }
    }
}
