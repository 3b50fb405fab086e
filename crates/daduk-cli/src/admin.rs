//! `daduk admin`: the instansi administrator's calls over the `daduk-sync`
//! client (tokens, units, the evaluation year, the instansi's
//! prerequisites, proposals, PortalRB's fetches). The admin token is never kept; it comes each time from the
//! environment, a file or a prompt.

use clap::{Args, Subcommand, ValueEnum};
use daduk_sync::{Client, Trust};
use daduk_wire as wire;
use daduk_workspace::format::number;
use daduk_workspace::text::shown;

use crate::sync::{ServerArgs, ask_token, missing_server, missing_token};
use crate::{Outcome, print_json};

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
        /// Bekukan ulang usulan yang sudah dibekukan (mis. PortalRB akan mengambil ulang); unit tetap ada di daftar PortalRB selama itu.
        #[arg(long)]
        refreeze: bool,
    },
    /// Daftar usulan yang dibekukan, dengan prasyarat instansi yang belum terpenuhi.
    Proposals {
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Prasyarat instansi untuk mengusulkan unit (opini BPK, SAKIP, Indeks RB, maturitas SPIP, …) per tahun.
    #[command(subcommand)]
    Prerequisites(crate::prerequisites::PrerequisitesCmd),
    /// Membuka kembali usulan unit.
    Unpropose {
        /// Kode unit.
        #[arg(long)]
        unit: String,
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
    },
    /// Ikhtisar instansi: nilai unit dan TPI, kelengkapan data dukung, kegiatan terlambat, per penilaian.
    Overview {
        /// Keluaran JSON (sama dengan GET /api/v1/overview).
        #[arg(long)]
        json: bool,
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

/// `daduk admin`: the admin's token is never kept; it comes each time.
pub fn admin(args: AdminArgs) -> anyhow::Result<Outcome> {
    let server = args.server.server.clone().ok_or_else(missing_server)?;
    let token = match args.server.given_token()? {
        Some(t) => t,
        None => ask_token()?.ok_or_else(missing_token)?,
    };
    let trust = match &args.server.ca_file {
        Some(p) => Trust::CaFile(p.clone()),
        None => Trust::System,
    };
    let c = Client::with_trust(&server, &token, &trust)?;
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
            refreeze,
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
                refreeze,
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
            print_missing(p.year, p.predicate, &p.missing_prerequisites)?;
        }
        AdminCmd::Proposals { json } => {
            let rows = c.proposals()?;
            if json {
                print_json(&rows)?;
            } else {
                if rows.is_empty() {
                    out!("Belum ada usulan yang dibekukan.");
                }
                for p in rows {
                    out!(
                        "{} {} diusulkan {} (dibekukan {}, sisi unit versi {}, sisi TPI versi {})",
                        p.unit,
                        p.year,
                        p.predicate.as_str(),
                        p.frozen_at,
                        p.unit_version,
                        p.tpi_version
                    );
                    print_missing(p.year, p.predicate, &p.missing_prerequisites)?;
                }
            }
        }
        AdminCmd::Prerequisites(cmd) => crate::prerequisites::run(&c, cmd)?,
        AdminCmd::Unpropose { unit, year } => {
            c.unpropose(&unit, year)?;
            out!("Usulan {unit} {year} dibuka kembali.");
        }
        AdminCmd::Overview { json } => {
            let rows = c.overview()?;
            if json {
                print_json(&rows)?;
            } else {
                let empty = Vec::new();
                let rows = rows.as_array().unwrap_or(&empty);
                if rows.is_empty() {
                    out!("Belum ada penilaian di server.");
                }
                for r in rows {
                    let side = |key: &str| {
                        let s = &r[key];
                        if s.is_null() || s["scored"] != true {
                            return "-".to_string();
                        }
                        number(s["total"].as_f64().unwrap_or(0.0), 2)
                    };
                    let u = &r["unit_side"];
                    let lengkap = if u.is_null() {
                        "-".to_string()
                    } else {
                        let c = u["complete"].as_u64().unwrap_or(0);
                        format!("{c}/{}", c + u["incomplete"].as_u64().unwrap_or(0))
                    };
                    let late = u["late_activities"].as_array().map_or(0, Vec::len);
                    out!(
                        "{} {} ({}): nilai unit {}, nilai TPI {}, data dukung lengkap {lengkap}, {late} kegiatan terlambat{}",
                        shown(r["unit"].as_str().unwrap_or("")),
                        r["year"],
                        shown(r["nama"].as_str().unwrap_or("")),
                        side("unit_side"),
                        side("tpi_side"),
                        r["proposed"]
                            .as_str()
                            .map(|p| format!(", diusulkan {}", p.to_uppercase()))
                            .unwrap_or_default()
                    );
                }
            }
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

/// The prerequisites a proposal lacks, or that none is lacking.
fn print_missing(
    year: i32,
    predicate: wire::Predicate,
    missing: &[wire::MissingPrerequisite],
) -> anyhow::Result<()> {
    let bar = match predicate {
        wire::Predicate::Wbbm => "WBBM",
        wire::Predicate::Wbk | wire::Predicate::WbkAfirmasi => "WBK",
    };
    if missing.is_empty() {
        out!("  Prasyarat instansi {year} untuk {bar}: semua terpenuhi.");
        return Ok(());
    }
    out!(
        "  Prasyarat instansi {year} yang belum terpenuhi untuk {bar} (lengkapi sebelum PortalRB; catat dengan `daduk admin prerequisites set --year {year} KODE=NILAI`):"
    );
    for m in missing {
        out!("  - {} ({}): {}", shown(&m.label), m.code, shown(&m.why));
    }
    Ok(())
}
