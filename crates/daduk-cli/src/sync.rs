//! `daduk sync` and `daduk admin`: thin wrappers over the `daduk-sync`
//! client. The token never goes on the command line (where every user of
//! the computer can read it): it comes from `DADUK_SERVER_TOKEN`, a file
//! (`--token-file`), or a prompt, and `daduk sync` keeps it in the
//! computer's credential store. It is never printed.

use clap::Args;
use daduk_workspace::format::bytes;
use daduk_workspace::sync::{SyncOptions, SyncReport};
use std::path::PathBuf;

use daduk_sync::{CA_FILE_ENV, SERVER_ENV, TOKEN_ENV, TOKEN_FILE_ENV};

use crate::{Ctx, Outcome, print_json, progress_bar};

/// Where the server is and how to prove who we are.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Alamat server Daduk, misalnya https://daduk.instansi.go.id (bawaan: DADUK_SERVER_URL, lalu yang diingat ruang kerja).
    #[arg(long, env = SERVER_ENV, value_name = "URL")]
    pub server: Option<String>,
    /// Berkas berisi token dari admin server (bawaan: DADUK_SERVER_TOKEN_FILE). Tanpa ini: DADUK_SERVER_TOKEN, lalu token yang tersimpan di komputer ini, lalu ditanyakan.
    #[arg(long, env = TOKEN_FILE_ENV, value_name = "BERKAS")]
    pub token_file: Option<PathBuf>,
    /// Token dari variabel lingkungan DADUK_SERVER_TOKEN (tidak pernah ditampilkan).
    #[arg(skip = std::env::var(TOKEN_ENV).ok())]
    pub token_env: Option<String>,
    /// Jangan dipakai: token di baris perintah terlihat oleh pengguna lain komputer ini.
    #[arg(long, hide = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Sertifikat CA instansi (PEM) yang dipercaya untuk server ini (bawaan: DADUK_SERVER_CA_FILE, lalu yang diingat ruang kerja, lalu sertifikat yang dipercaya sistem).
    #[arg(long, env = CA_FILE_ENV, value_name = "BERKAS")]
    pub ca_file: Option<PathBuf>,
}

impl ServerArgs {
    /// The token given now: `--token` (with a warning), the environment,
    /// or a file; `None` when none was given.
    pub(crate) fn given_token(&self) -> anyhow::Result<Option<String>> {
        if let Some(t) = &self.token {
            eprintln!(
                "peringatan: token di baris perintah terlihat oleh pengguna lain komputer ini; pakai DADUK_SERVER_TOKEN, --token-file, atau ketik saat diminta"
            );
            return Ok(Some(t.trim().to_string()));
        }
        if let Some(t) = self.token_env.as_ref().filter(|t| !t.trim().is_empty()) {
            return Ok(Some(t.trim().to_string()));
        }
        match &self.token_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    anyhow::anyhow!(
                        "berkas token {} tidak dapat dibaca: {}",
                        path.display(),
                        daduk_workspace::error::plain_io(&e)
                    )
                })?;
                let token = text.trim().to_string();
                if token.is_empty() || token.len() > 200 || token.contains(char::is_whitespace) {
                    anyhow::bail!(
                        "berkas token {} tidak berisi satu token; salin token dari admin server ke berkas itu apa adanya",
                        path.display()
                    );
                }
                Ok(Some(token))
            }
            None => Ok(None),
        }
    }
}

/// Ask for the token at the terminal, without echo; `None` when there is no
/// terminal to ask at.
pub(crate) fn ask_token() -> daduk_workspace::Result<Option<String>> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let t = rpassword::prompt_password("Token dari admin server (tidak ditampilkan): ")
        .map_err(|e| daduk_workspace::Error::Invalid(format!("token tidak dapat dibaca: {e}")))?;
    Ok(Some(t.trim().to_string()).filter(|t| !t.is_empty()))
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

pub(crate) fn missing_server() -> anyhow::Error {
    anyhow::anyhow!("alamat server belum diberikan; pakai --server URL (atau DADUK_SERVER_URL)")
}

pub(crate) fn missing_token() -> anyhow::Error {
    anyhow::anyhow!(
        "token belum diberikan; berikan token dari admin server lewat DADUK_SERVER_TOKEN atau --token-file BERKAS (atau ketik saat diminta)"
    )
}

/// `daduk sync`.
pub fn sync(ctx: &Ctx, args: SyncArgs) -> anyhow::Result<Outcome> {
    if let Some(cmd) = args.cmd {
        return crate::conflicts::run(ctx, cmd);
    }
    let ws = ctx.open()?;
    if args.server.server.is_none() && ws.sync_settings()?.0.is_none() {
        return Err(missing_server());
    }
    let given = args.server.given_token()?;
    let c = daduk_sync::connect(
        &ws,
        args.server.server.clone(),
        given,
        args.server.ca_file.clone(),
        &ask_token,
    )?;
    let side = daduk_sync::side_of(&c.who)?;
    match &c.kept {
        Some(daduk_sync::secret::Kept::CredentialStore) => {
            eprintln!("Token disimpan di penyimpanan kredensial komputer ini.")
        }
        Some(daduk_sync::secret::Kept::File(p)) => eprintln!(
            "Token disimpan di {} (hanya dapat dibaca pengguna ini).",
            p.display()
        ),
        None => {}
    }
    let (client, who, server) = (c.client, c.who, c.server);
    let bar = progress_bar("{spinner} {msg} [{bar:30}] {bytes}/{total_bytes}");
    let progress = |p: daduk_workspace::sync::SyncProgress| {
        let what = match p.stage {
            daduk_workspace::sync::SyncStage::Check => "memeriksa",
            daduk_workspace::sync::SyncStage::Upload => "mengunggah",
            daduk_workspace::sync::SyncStage::Push => "mengirim",
            daduk_workspace::sync::SyncStage::Download => "mengunduh",
        };
        bar.set_message(format!("{} {} {what}", p.unit, p.year));
        // Only transfers count bytes; the other steps only say where it is.
        if matches!(
            p.stage,
            daduk_workspace::sync::SyncStage::Upload | daduk_workspace::sync::SyncStage::Download
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
            job: daduk_workspace::job::Job::new(cancel, &progress),
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
        Some(daduk_workspace::Role::Tpi) => "TPI",
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
        if let Some(v) = a.tpn_pushed {
            parts.push(format!("hasil TPN dikirim (versi {v})"));
        }
        if a.tpn_stages_changed > 0 {
            parts.push(format!(
                "{} tahap penilaian TPN berubah di sini",
                a.tpn_stages_changed
            ));
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
        if a.texts_received > 0 {
            parts.push(format!(
                "isi {} berkas yang sudah dibaca di sana diterima (tidak perlu dibaca ulang)",
                a.texts_received
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
            let what = if c.side == daduk_workspace::Role::Tpn {
                format!("TPN {}", c.what)
            } else {
                c.what.clone()
            };
            out!(
                "  KONFLIK {what} {}: di sini '{}' (dipertahankan dan dikirim), di server '{}', sebelumnya '{}'",
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
            "{conflicts} konflik: jawaban di ruang kerja ini dipertahankan; nilai dari server tersimpan dan tampil di aplikasi. Periksa dan ubah bila perlu, sinkronkan lagi, lalu tandai selesai (`daduk conflicts`, `daduk conflicts resolve`)."
        );
    }
    Ok(())
}
