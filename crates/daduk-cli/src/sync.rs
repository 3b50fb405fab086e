//! `daduk sync` and `daduk admin`: thin wrappers over the `daduk-sync`
//! client. The token is never printed (not even in `--help`: clap hides
//! the value it read from the environment).

use clap::{Args, Subcommand, ValueEnum};
use daduk_core::format::bytes;
use daduk_core::sync::{SyncOptions, SyncReport};
use daduk_sync::{Client, SERVER_ENV, TOKEN_ENV};
use daduk_wire as wire;

use crate::{Ctx, Outcome, print_json, progress_bar};

/// Where the server is and how to prove who we are.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Alamat server Daduk, misalnya https://daduk.instansi.go.id (bawaan: DADUK_SERVER_URL, lalu yang diingat ruang kerja).
    #[arg(long, env = SERVER_ENV, value_name = "URL")]
    pub server: Option<String>,
    /// Token dari admin server (bawaan: DADUK_SERVER_TOKEN, lalu yang diingat ruang kerja). Tidak pernah ditampilkan.
    #[arg(long, env = TOKEN_ENV, hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
}

/// `daduk sync`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    /// Konflik yang dicatat sinkronisasi (tanpa perintah: sinkronkan).
    #[command(subcommand)]
    pub cmd: Option<crate::conflicts::ConflictCmd>,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Hanya unit ini.
    #[arg(long)]
    pub unit: Option<String>,
    /// Hanya tahun ini.
    #[arg(long)]
    pub year: Option<i32>,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

/// `daduk admin`.
#[derive(Debug, Args)]
pub struct AdminArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(subcommand)]
    pub cmd: AdminCmd,
}

#[derive(Debug, Subcommand)]
pub enum AdminCmd {
    /// Token akses: buat, daftar, cabut.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Unit kerja di server.
    #[command(subcommand)]
    Unit(AdminUnitCmd),
    /// Tahun evaluasi dan masa pengusulan.
    #[command(subcommand)]
    Evaluation(EvaluationCmd),
    /// Mengusulkan unit ke PortalRB: membekukan kedua sisi penilaiannya.
    Propose {
        /// Kode unit.
        #[arg(long)]
        unit: String,
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// Predikat yang diusulkan.
        #[arg(long, value_enum)]
        predicate: PredicateArg,
    },
    /// Membuka kembali usulan unit.
    Unpropose {
        /// Kode unit.
        #[arg(long)]
        unit: String,
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
    },
    /// Apa yang sudah diambil PortalRB (siapa, kapan, unit, SHA-256 isi).
    Fetches {
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Membuat token; hanya token baru yang dicetak (sekali ini saja).
    Create {
        /// Peran token.
        #[arg(long, value_enum)]
        role: TokenRoleArg,
        /// Unit token ini (unit: unitnya; evaluator: unit yang ditugaskan).
        #[arg(long = "unit", num_args = 1.., value_name = "KODE")]
        units: Vec<String>,
        /// Keterangan (untuk siapa).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Daftar token (tanpa rahasianya).
    List {
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mencabut token.
    Revoke {
        /// Id token (lihat `token list`).
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminUnitCmd {
    /// Membuat atau mengubah unit.
    Set {
        /// Kode unit.
        code: String,
        /// Nama unit.
        #[arg(long)]
        name: String,
        /// Instansi.
        #[arg(long, default_value = "")]
        instansi: String,
        /// Diusulkan dengan skema afirmasi.
        #[arg(long)]
        afirmasi: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvaluationCmd {
    /// Menetapkan tahun evaluasi dan masa pengusulan.
    Set {
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// Hari pertama PortalRB boleh mengambil (TTTT-BB-HH).
        #[arg(long)]
        start: Option<String>,
        /// Hari terakhir (TTTT-BB-HH).
        #[arg(long)]
        end: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TokenRoleArg {
    /// Tim Kerja unit: menulis sisi unit.
    Unit,
    /// Evaluator (TPI): menulis sisi TPI unit yang ditugaskan.
    Evaluator,
    /// PortalRB: hanya membaca.
    Integration,
    /// Admin instansi.
    Admin,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PredicateArg {
    /// WBK.
    Wbk,
    /// WBK skema afirmasi.
    #[value(name = "wbk-afirmasi")]
    WbkAfirmasi,
    /// WBBM.
    Wbbm,
}

fn missing_server() -> anyhow::Error {
    anyhow::anyhow!("alamat server belum diberikan; pakai --server URL (atau DADUK_SERVER_URL)")
}

fn missing_token() -> anyhow::Error {
    anyhow::anyhow!(
        "token belum diberikan; pakai --token TOKEN (atau DADUK_SERVER_TOKEN) dengan token dari admin server"
    )
}

/// `daduk sync`.
pub fn sync(ctx: &Ctx, args: SyncArgs) -> anyhow::Result<Outcome> {
    if let Some(cmd) = args.cmd {
        return crate::conflicts::run(ctx, cmd);
    }
    let ws = ctx.open()?;
    let (saved_server, saved_token) = ws.sync_settings()?;
    let server = args
        .server
        .server
        .or_else(|| saved_server.clone())
        .ok_or_else(missing_server)?;
    let server = daduk_sync::normalize_url(&server)?;
    // A remembered token belongs to the remembered server only.
    let token = args
        .server
        .token
        .or_else(|| saved_token.filter(|_| saved_server.as_deref() == Some(server.as_str())))
        .ok_or_else(missing_token)?;
    let client = Client::new(&server, &token)?;
    let who = client.whoami()?;
    let side = daduk_sync::side_of(&who)?;
    // It worked: remember both for next time (and for the app).
    ws.set_sync_settings(&server, &token)?;
    let bar = progress_bar("{spinner} {msg} [{bar:30}] {bytes}/{total_bytes}");
    let progress = |p: daduk_core::sync::SyncProgress| {
        let what = match p.stage {
            daduk_core::sync::SyncStage::Check => "memeriksa",
            daduk_core::sync::SyncStage::Upload => "mengunggah",
            daduk_core::sync::SyncStage::Push => "mengirim",
            daduk_core::sync::SyncStage::Download => "mengunduh",
        };
        bar.set_message(format!("{} {} {what}", p.unit, p.year));
        // Only transfers count bytes; the other steps only say where it is.
        if matches!(
            p.stage,
            daduk_core::sync::SyncStage::Upload | daduk_core::sync::SyncStage::Download
        ) {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    };
    let cancel = crate::interrupt::flag();
    let report = ws.sync(
        &client,
        &SyncOptions {
            server: &server,
            side: Some(side),
            units: Some(&who.units),
            unit: args.unit.as_deref(),
            year: args.year,
            job: daduk_core::job::Job::new(cancel, &progress),
        },
    )?;
    bar.finish_and_clear();
    if args.json {
        print_json(&report)?;
    } else {
        print_report(&report)?;
    }
    Ok(if report.failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

fn print_report(r: &SyncReport) -> anyhow::Result<()> {
    let side = match r.side {
        Some(daduk_core::Role::Tpi) => "TPI",
        _ => "unit",
    };
    out!("Server {} (ruang kerja ini menulis sisi {side}).", r.server);
    if r.assessments.is_empty() && r.failed.is_empty() {
        out!("Tidak ada penilaian untuk disinkronkan.");
    }
    for a in &r.assessments {
        let mut parts = Vec::new();
        match a.pushed {
            Some(v) => parts.push(format!("dikirim (versi {v})")),
            None => parts.push("tidak ada yang perlu dikirim".into()),
        }
        if let Some(v) = a.pulled {
            let other = if side == "unit" { "TPI" } else { "unit" };
            parts.push(format!("sisi {other} diterima (versi {v})"));
        }
        if a.uploaded > 0 {
            parts.push(format!(
                "{} berkas diunggah ({})",
                a.uploaded,
                bytes(a.uploaded_bytes)
            ));
        }
        if a.downloaded > 0 {
            parts.push(format!(
                "{} berkas diunduh ({})",
                a.downloaded,
                bytes(a.downloaded_bytes)
            ));
        }
        if a.merged_in > 0 {
            parts.push(format!(
                "{} perubahan dari komputer lain digabungkan",
                a.merged_in
            ));
        }
        if a.answers_changed + a.verdicts_changed + a.evidence_changed > 0 {
            parts.push(format!(
                "{} jawaban, {} penilaian berkas, {} data dukung berubah di sini",
                a.answers_changed, a.verdicts_changed, a.evidence_changed
            ));
        }
        out!("{} {}: {}.", a.unit, a.year, parts.join("; "));
        for c in &a.conflicts {
            let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "(tidak ada)".into());
            out!(
                "  KONFLIK {} {}: di sini '{}' (dipertahankan dan dikirim), di server '{}', sebelumnya '{}'",
                c.what,
                c.key,
                v(&c.local),
                v(&c.remote),
                v(&c.base)
            );
        }
        for w in &a.warnings {
            out!("  peringatan: {w}");
        }
    }
    for f in &r.failed {
        out!("GAGAL {f}");
    }
    let conflicts: usize = r.assessments.iter().map(|a| a.conflicts.len()).sum();
    if conflicts > 0 {
        out!(
            "{conflicts} konflik: jawaban di ruang kerja ini dipertahankan; nilai dari server tersimpan dan tampil di aplikasi. Periksa dan ubah bila perlu, sinkronkan lagi, lalu tandai selesai (`daduk sync conflicts`, `daduk sync resolve`)."
        );
    }
    Ok(())
}

/// `daduk admin`.
pub fn admin(args: AdminArgs) -> anyhow::Result<Outcome> {
    let server = args.server.server.ok_or_else(missing_server)?;
    let token = args.server.token.ok_or_else(missing_token)?;
    let c = Client::new(&server, &token)?;
    match args.cmd {
        AdminCmd::Token(TokenCmd::Create { role, units, label }) => {
            let role = match role {
                TokenRoleArg::Unit => wire::TokenRole::Unit,
                TokenRoleArg::Evaluator => wire::TokenRole::Evaluator,
                TokenRoleArg::Integration => wire::TokenRole::Integration,
                TokenRoleArg::Admin => wire::TokenRole::Admin,
            };
            let created = c.create_token(role, &units, &label)?;
            // Only the token on stdout: scripts capture it.
            out!("{}", created.token);
            eprintln!(
                "Token #{} ({}) dibuat; simpan sekarang, server tidak dapat menampilkannya lagi.",
                created.id,
                role.as_str()
            );
        }
        AdminCmd::Token(TokenCmd::List { json }) => {
            let tokens = c.tokens()?;
            if json {
                print_json(&tokens)?;
            } else {
                for t in tokens {
                    out!(
                        "#{} {} {} [{}] dibuat {}{}",
                        t.id,
                        t.role.as_str(),
                        t.label,
                        t.units.join(", "),
                        t.created_at,
                        if t.revoked { " DICABUT" } else { "" }
                    );
                }
            }
        }
        AdminCmd::Token(TokenCmd::Revoke { id }) => {
            c.revoke_token(id)?;
            out!("Token #{id} dicabut.");
        }
        AdminCmd::Unit(AdminUnitCmd::Set {
            code,
            name,
            instansi,
            afirmasi,
        }) => {
            c.put_unit(
                &code,
                &wire::PutUnit {
                    nama: name,
                    instansi,
                    afirmasi,
                },
            )?;
            out!("Unit {code} disimpan di server.");
        }
        AdminCmd::Evaluation(EvaluationCmd::Set { year, start, end }) => {
            c.put_evaluation(&wire::Evaluation {
                year,
                proposal_start: start,
                proposal_end: end,
            })?;
            out!("Tahun evaluasi {year} disimpan.");
        }
        AdminCmd::Propose {
            unit,
            year,
            predicate,
        } => {
            let predicate = match predicate {
                PredicateArg::Wbk => wire::Predicate::Wbk,
                PredicateArg::WbkAfirmasi => wire::Predicate::WbkAfirmasi,
                PredicateArg::Wbbm => wire::Predicate::Wbbm,
            };
            let p = c.propose(&wire::Propose {
                unit,
                year,
                predicate,
            })?;
            out!(
                "{} {} diusulkan {} (sisi unit versi {}, sisi TPI versi {}); SHA-256 isi untuk PortalRB: {}",
                p.unit,
                p.year,
                p.predicate.as_str(),
                p.unit_version,
                p.tpi_version,
                p.body_sha256
            );
        }
        AdminCmd::Unpropose { unit, year } => {
            c.unpropose(&unit, year)?;
            out!("Usulan {unit} {year} dibuka kembali.");
        }
        AdminCmd::Fetches { json } => {
            let rows = c.fetches()?;
            if json {
                print_json(&rows)?;
            } else {
                for f in rows {
                    out!(
                        "{} {} {} {} {} {}",
                        f.at,
                        f.actor,
                        f.path,
                        f.unit.unwrap_or_default(),
                        f.status,
                        f.body_sha256
                    );
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
