//! `daduk packet ...`.

use daduk_workspace::format::bytes;
use daduk_workspace::job::{Done, Job};
use daduk_workspace::packet::{
    Consent, ExportOptions, ImportPacketOptions, PacketKind, verify_packet,
};

use crate::cli::PacketCmd;
use crate::{Ctx, Outcome, print_json, progress_bar};

pub fn packet(ctx: &Ctx, cmd: PacketCmd) -> anyhow::Result<Outcome> {
    let bar = progress_bar("{spinner} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} sisa {eta}");
    let progress = |Done { done, total }| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let cancel = crate::interrupt::flag();
    match cmd {
        PacketCmd::Export {
            which,
            out,
            review,
            force,
            json,
        } => {
            let ws = ctx.open()?;
            let a = ws.assessment(&which.unit, which.year)?;
            let report = ws.export_packet(
                &a,
                &out,
                &ExportOptions {
                    review,
                    job: Job::new(cancel, &progress),
                    force,
                },
            )?;
            bar.finish_and_clear();
            if json {
                print_json(&report)?;
            } else {
                let what = if review { "Paket hasil reviu" } else { "Paket" };
                out!(
                    "{what} {} {} ditulis ke {}",
                    a.unit,
                    a.year,
                    report.path.display()
                );
                out!(
                    "  {} berkas ({}), manifest SHA-256 {}",
                    report.files,
                    bytes(report.bytes),
                    report.manifest_sha256
                );
                out!(
                    "  ditandatangani oleh ruang kerja ini, sidik jari {}",
                    report.fingerprint
                );
                out!(
                    "Sampaikan sidik jari itu kepada penerima lewat jalur lain agar keasliannya bisa dicocokkan."
                );
            }
            Ok(Outcome::Ok)
        }
        PacketCmd::Verify { path, json } => {
            let check = verify_packet(&path, Job::new(crate::interrupt::flag(), &progress))?;
            bar.finish_and_clear();
            // What this workspace knows of the sender, when there is one
            // (a packet can be checked anywhere).
            let standing = match ctx.open() {
                Ok(ws) => Some(ws.packet_standing(&check)?),
                Err(_) => None,
            };
            if json {
                #[derive(serde::Serialize)]
                struct Verified<'a> {
                    #[serde(flatten)]
                    check: &'a daduk_workspace::packet::PacketCheck,
                    standing: Option<daduk_workspace::packet::PacketStanding>,
                }
                print_json(&Verified {
                    check: &check,
                    standing,
                })?;
            } else {
                let m = &check.manifest;
                let kind = match m.kind {
                    PacketKind::Submission => "kiriman unit",
                    PacketKind::Review => "hasil reviu",
                    PacketKind::Tpn => "sisi TPN",
                };
                out!(
                    "Paket {kind}: {} ({}) tahun {}, dibuat {} oleh {}",
                    m.unit.name,
                    m.unit.code,
                    m.year,
                    m.created_at,
                    m.created_by
                );
                match &check.fingerprint {
                    Some(f) => out!(
                        "Paket utuh, ditandatangani kunci dengan sidik jari {f}; cocokkan dengan sidik jari yang disampaikan pengirim lewat jalur lain."
                    ),
                    None => out!("Tanda tangan TIDAK sah."),
                }
                for f in &check.findings {
                    out!("  {:?}: {} — {}", f.kind, f.path, f.problem);
                }
                for n in standing.iter().flat_map(|s| &s.notices) {
                    out!("PERHATIAN: {n}");
                }
                out!(
                    "{} berkas diperiksa ({}): {} temuan.",
                    check.files_checked,
                    bytes(check.bytes),
                    check.findings.len()
                );
            }
            Ok(if check.is_clean() {
                Outcome::Ok
            } else {
                Outcome::CheckFailed
            })
        }
        PacketCmd::Import {
            path,
            allow_older,
            accept_new_key,
            accept_template,
            accept_look_alike,
            json,
        } => {
            let ws = ctx.open()?;
            let report = ws.import_packet(
                &path,
                &ImportPacketOptions {
                    job: Job::new(cancel, &progress),
                    consent: Consent {
                        older: allow_older,
                        new_key: accept_new_key,
                        template: accept_template,
                        look_alike: accept_look_alike,
                    },
                },
            )?;
            bar.finish_and_clear();
            if json {
                print_json(&report)?;
                return Ok(Outcome::Ok);
            }
            match report.kind {
                PacketKind::Submission => {
                    out!(
                        "Paket kiriman {} {} diimpor (penanda tangan {}).",
                        report.unit,
                        report.year,
                        report.fingerprint
                    );
                    if report.unit_created {
                        out!("  unit baru dibuat");
                    }
                    out!(
                        "  {} jawaban berubah, {} catatan berubah, {} berkas baru, {} berkas sudah ada, {} berkas ditarik unit",
                        report.answers_changed,
                        report.notes_changed,
                        report.evidence_added,
                        report.evidence_known,
                        report.evidence_withdrawn
                    );
                    if let Some(n) = report.plan_activities {
                        out!(
                            "  rencana aksi: {n} kegiatan; {} kegiatan dan {} butir rencana berubah",
                            report.plan_activities_changed,
                            report.plan_items_changed
                        );
                    }
                    if report.texts_received > 0 {
                        out!(
                            "  isi {} berkas sudah dibaca pengirim (termasuk OCR) dan disimpan; tidak perlu dibaca lagi",
                            report.texts_received
                        );
                    }
                    if report.template_unofficial {
                        out!(
                            "  perhatian: penilaian ini memakai templat yang bukan templat resmi (Anda menerimanya)"
                        );
                    }
                    out!(
                        "Nilai sebagai TPI: daduk answer set --role tpi ...; periksa berkas: daduk evidence review ..."
                    );
                }
                PacketKind::Review | PacketKind::Tpn => {
                    out!(
                        "Hasil reviu {} {} diimpor (penanda tangan {}).",
                        report.unit,
                        report.year,
                        report.fingerprint
                    );
                    out!(
                        "  {} jawaban TPI berubah, {} catatan TPI berubah, {} status berkas berubah",
                        report.answers_changed,
                        report.notes_changed,
                        report.statuses_updated
                    );
                    if !report.conflicts.is_empty() {
                        out!(
                            "Jawaban unit yang berubah setelah paket dikirim (keduanya disimpan):"
                        );
                        for c in &report.conflicts {
                            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                            out!(
                                "  {}: dikirim {}, sekarang {}, penilaian TPI {}",
                                c.item,
                                show(&c.sent),
                                show(&c.current),
                                show(&c.tpi)
                            );
                        }
                        out!(
                            "Tinjau, ubah bila perlu, lalu tandai selesai: `daduk conflicts --unit {} --year {}` dan `daduk conflicts resolve`.",
                            report.unit,
                            report.year
                        );
                    }
                }
            }
            if report.tpn_items + report.tpn_stages + report.tpn_conflicts > 0 {
                out!(
                    "  hasil TPN: {} butir dan {} tahap diambil; {} berbeda dengan yang tercatat di sini (dipertahankan, lihat `daduk conflicts`)",
                    report.tpn_items,
                    report.tpn_stages,
                    report.tpn_conflicts
                );
            }
            if let Some(old) = &report.key_changed_from {
                out!(
                    "  perhatian: kunci pengirim berganti (sebelumnya {old}, kini {}); dicatat di log",
                    report.fingerprint
                );
            }
            for w in &report.warnings {
                out!("  perhatian: {w}");
            }
            Ok(Outcome::Ok)
        }
    }
}
