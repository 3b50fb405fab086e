//! The national evaluation (TPN, Tim Penilai Nasional of KemenPANRB) as it
//! comes back to the unit: the stages the unit went through after the
//! instansi proposed it, each with its date and how it ended, and the
//! result. TPN's values and notes per item are the third side of the
//! answers ([`crate::answer::Role::Tpn`]); this module holds the stages.
//!
//! The order is PermenPANRB 90/2021's evaluation by TPN, as PortalRB 2026
//! runs it: usulan (the instansi's proposal), seleksi administrasi, desk
//! evaluation, wawancara, verifikasi lapangan, then the result (WBK, WBBM,
//! or not yet).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stage of the national evaluation, in the order it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Proposed by the instansi to KemenPANRB (PortalRB).
    Usulan,
    /// Administrative selection of the proposal.
    SeleksiAdministrasi,
    /// Desk evaluation of the LKE and its data dukung.
    DeskEvaluation,
    /// Interview of the unit's leadership and Tim Kerja.
    Wawancara,
    /// Field verification (including the unit's service, unannounced).
    VerifikasiLapangan,
    /// The result: the predicate given, or not.
    Hasil,
}

impl Stage {
    /// Every stage in order.
    pub const ALL: [Stage; 6] = [
        Stage::Usulan,
        Stage::SeleksiAdministrasi,
        Stage::DeskEvaluation,
        Stage::Wawancara,
        Stage::VerifikasiLapangan,
        Stage::Hasil,
    ];

    /// `usulan`, `seleksi_administrasi`, … as stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Usulan => "usulan",
            Stage::SeleksiAdministrasi => "seleksi_administrasi",
            Stage::DeskEvaluation => "desk_evaluation",
            Stage::Wawancara => "wawancara",
            Stage::VerifikasiLapangan => "verifikasi_lapangan",
            Stage::Hasil => "hasil",
        }
    }

    /// In a narrow column: `Usulan`, `Seleksi`, `DE`, `Wawancara`, `VL`,
    /// `Hasil`.
    pub fn short(self) -> &'static str {
        match self {
            Stage::Usulan => "Usulan",
            Stage::SeleksiAdministrasi => "Seleksi",
            Stage::DeskEvaluation => "DE",
            Stage::Wawancara => "Wawancara",
            Stage::VerifikasiLapangan => "VL",
            Stage::Hasil => "Hasil",
        }
    }

    /// The outcomes it may end with: a pass or not; for the result, a
    /// predicate or none.
    pub fn outcomes(self) -> &'static [Outcome] {
        match self {
            Stage::Hasil => &[Outcome::Wbk, Outcome::Wbbm, Outcome::TidakLolos],
            _ => &[Outcome::Lolos, Outcome::TidakLolos],
        }
    }

    /// For people: `Seleksi administrasi`.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Usulan => "Usulan ke KemenPANRB",
            Stage::SeleksiAdministrasi => "Seleksi administrasi",
            Stage::DeskEvaluation => "Desk evaluation",
            Stage::Wawancara => "Wawancara",
            Stage::VerifikasiLapangan => "Verifikasi lapangan",
            Stage::Hasil => "Hasil",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Stage {
    type Err = String;
    /// As stored, or as people write it (`seleksi-administrasi`, `desk`,
    /// `DE`, `verifikasi`, `vl`).
    fn from_str(s: &str) -> Result<Stage, String> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        Ok(match t.as_str() {
            "usulan" | "usul" => Stage::Usulan,
            "seleksi_administrasi" | "seleksi" | "administrasi" => Stage::SeleksiAdministrasi,
            "desk_evaluation" | "desk" | "de" | "evaluasi_dokumen" => Stage::DeskEvaluation,
            "wawancara" => Stage::Wawancara,
            "verifikasi_lapangan" | "verifikasi" | "vl" => Stage::VerifikasiLapangan,
            "hasil" => Stage::Hasil,
            _ => {
                return Err(format!(
                    "tahap '{}' tidak dikenal; pakai {}",
                    crate::text::shown(s.trim()),
                    Stage::ALL.map(Stage::as_str).join(", ")
                ));
            }
        })
    }
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed; the next stage follows.
    Lolos,
    /// Stopped here (for `hasil`: no predicate this year).
    TidakLolos,
    /// The result: WBK given.
    Wbk,
    /// The result: WBBM given.
    Wbbm,
}

impl Outcome {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Lolos => "lolos",
            Outcome::TidakLolos => "tidak_lolos",
            Outcome::Wbk => "wbk",
            Outcome::Wbbm => "wbbm",
        }
    }

    /// For people, after a stage: `lolos`, `tidak lolos`, `WBK`.
    pub fn label(self, stage: Stage) -> &'static str {
        match (self, stage) {
            (Outcome::TidakLolos, Stage::Hasil) => "belum memperoleh predikat",
            (Outcome::Lolos, _) => "lolos",
            (Outcome::TidakLolos, _) => "tidak lolos",
            (Outcome::Wbk, _) => "predikat WBK",
            (Outcome::Wbbm, _) => "predikat WBBM",
        }
    }
}

impl std::str::FromStr for Outcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Outcome, String> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        Ok(match t.as_str() {
            "lolos" | "lulus" | "ya" => Outcome::Lolos,
            "tidak_lolos" | "tidak_lulus" | "gagal" | "tidak" | "belum" => Outcome::TidakLolos,
            "wbk" => Outcome::Wbk,
            "wbbm" => Outcome::Wbbm,
            _ => {
                return Err(format!(
                    "hasil tahap '{}' tidak dikenal; pakai lolos, tidak-lolos, wbk atau wbbm",
                    crate::text::shown(s.trim())
                ));
            }
        })
    }
}

/// One stage the unit reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct StageRecord {
    /// Which stage.
    pub stage: Stage,
    /// When it took place (or its result was announced).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
    /// How it ended; none while it is under way.
    pub outcome: Option<Outcome>,
    /// A note (the LHE's number, who came).
    pub note: String,
}

impl StageRecord {
    /// A stage as people record it: the date as typed (`12/08/2026`,
    /// `12 Agustus 2026`), how it ended (none while under way), a note. The
    /// message says what to type.
    pub fn typed(
        stage: Stage,
        date: &str,
        outcome: Option<Outcome>,
        note: &str,
    ) -> Result<StageRecord, String> {
        let typed = date.trim();
        if typed.is_empty() {
            return Err(format!(
                "tanggal tahap {} belum diisi; tulis misalnya 12/08/2026",
                stage.label()
            ));
        }
        let date = crate::format::parse_date(typed).ok_or_else(|| {
            format!(
                "tanggal '{}' tidak sah; tulis misalnya 12/08/2026 atau 12 Agustus 2026",
                crate::text::shown(typed)
            )
        })?;
        Ok(StageRecord {
            stage,
            date,
            outcome,
            note: note.trim().to_string(),
        })
    }

    /// How it ended, for people: `lolos`, `predikat WBK`, `berlangsung`.
    pub fn outcome_label(&self) -> &'static str {
        self.outcome.map_or("berlangsung", |o| o.label(self.stage))
    }

    /// Its date and how it ended, short (`2026-06-15 lolos`): a conflict's
    /// two values side by side.
    pub fn brief(&self) -> String {
        format!("{} {}", self.date, self.outcome_label())
    }
}

/// Whether `records` (one stage's change applied) make a history that can
/// be: each stage once, dates not going back, nothing after a stage the unit
/// did not pass, a predicate only as the result and the result only as a
/// predicate or "not yet", and a later stage only once the ones before it
/// ended in a pass. The message names the stage and what to do.
pub fn check(records: &[StageRecord]) -> Result<(), String> {
    let mut sorted: Vec<&StageRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.stage);
    for pair in sorted.windows(2) {
        let [a, b] = pair else { continue };
        if a.stage == b.stage {
            return Err(format!("tahap {} dicatat dua kali", a.stage.label()));
        }
        if b.date < a.date {
            return Err(format!(
                "tanggal {} ({}) lebih awal dari {} ({}); periksa tanggalnya",
                b.stage.label(),
                crate::format::date_long(b.date),
                a.stage.label(),
                crate::format::date_long(a.date)
            ));
        }
        match a.outcome {
            Some(Outcome::Lolos) => {}
            Some(Outcome::TidakLolos) => {
                return Err(format!(
                    "unit tidak lolos {}, jadi tidak ada tahap {}; hapus tahap itu atau ubah hasil {}",
                    a.stage.label(),
                    b.stage.label(),
                    a.stage.label()
                ));
            }
            _ => {
                return Err(format!(
                    "tahap {} belum selesai (catat 'lolos') sebelum {} dicatat",
                    a.stage.label(),
                    b.stage.label()
                ));
            }
        }
    }
    for r in &sorted {
        match r.outcome {
            Some(o) if !r.stage.outcomes().contains(&o) => {
                return Err(if r.stage == Stage::Hasil {
                    "hasil penilaian TPN adalah wbk, wbbm, atau tidak-lolos (belum memperoleh predikat)"
                        .into()
                } else {
                    format!(
                        "predikat hanya dicatat pada tahap hasil, bukan {}",
                        r.stage.label()
                    )
                });
            }
            _ => {}
        }
        crate::text::check_lines(&format!("catatan tahap {}", r.stage.label()), &r.note)?;
    }
    Ok(())
}

/// Where the unit stands: the furthest stage recorded and how it ended, for
/// people (`Wawancara: lolos, 12 Agustus 2026`); `None` before any.
pub fn standing(records: &[StageRecord]) -> Option<String> {
    let last = records.iter().max_by_key(|r| r.stage)?;
    Some(format!(
        "{}: {}, {}",
        last.stage.label(),
        last.outcome_label(),
        crate::format::date_long(last.date)
    ))
}

/// Where the unit stands in a narrow column (a year of the trend):
/// `WBK`, `WBBM`, `tanpa predikat`, `gugur DE`, `lolos Wawancara`,
/// `proses VL`; `None` before any stage.
pub fn standing_short(records: &[StageRecord]) -> Option<String> {
    let last = records.iter().max_by_key(|r| r.stage)?;
    let s = last.stage.short();
    Some(match last.outcome {
        Some(Outcome::Wbk) => "WBK".into(),
        Some(Outcome::Wbbm) => "WBBM".into(),
        Some(Outcome::TidakLolos) if last.stage == Stage::Hasil => "tanpa predikat".into(),
        Some(Outcome::TidakLolos) => format!("gugur {s}"),
        Some(Outcome::Lolos) => format!("lolos {s}"),
        None => format!("proses {s}"),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rec(stage: &str, date: &str, outcome: Option<&str>) -> StageRecord {
        StageRecord {
            stage: stage.parse().unwrap(),
            date: date.parse().unwrap(),
            outcome: outcome.map(|o| o.parse().unwrap()),
            note: String::new(),
        }
    }

    #[test]
    fn a_whole_history_to_wbk_is_accepted_and_told() {
        let h = vec![
            rec("usulan", "2026-04-30", Some("lolos")),
            rec("seleksi", "2026-05-20", Some("lolos")),
            rec("desk", "2026-06-15", Some("lolos")),
            rec("wawancara", "2026-08-12", Some("lolos")),
            rec("vl", "2026-09-03", Some("lolos")),
            rec("hasil", "2026-12-10", Some("wbk")),
        ];
        check(&h).unwrap();
        assert_eq!(standing_short(&h).unwrap(), "WBK");
        assert_eq!(
            standing(&h).unwrap(),
            "Hasil: predikat WBK, 10 Desember 2026"
        );
    }

    #[test]
    fn impossible_histories_are_refused_with_the_stage_named() {
        let back = [
            rec("usulan", "2026-04-30", Some("lolos")),
            rec("desk", "2026-03-01", None),
        ];
        assert!(check(&back).unwrap_err().contains("lebih awal"));
        let after_stop = [
            rec("seleksi", "2026-05-20", Some("tidak-lolos")),
            rec("wawancara", "2026-08-12", None),
        ];
        let e = check(&after_stop).unwrap_err();
        assert!(e.contains("tidak lolos Seleksi administrasi"), "{e}");
        let open_before = [
            rec("desk", "2026-06-15", None),
            rec("hasil", "2026-12-10", Some("wbk")),
        ];
        assert!(check(&open_before).unwrap_err().contains("belum selesai"));
        assert!(
            check(&[rec("wawancara", "2026-08-12", Some("wbk"))])
                .unwrap_err()
                .contains("hanya dicatat pada tahap hasil")
        );
        assert!(
            check(&[rec("hasil", "2026-12-10", Some("lolos"))])
                .unwrap_err()
                .contains("wbk, wbbm")
        );
        // A stage under way is where the unit stands.
        let now = [
            rec("usulan", "2026-04-30", Some("lolos")),
            rec("desk", "2026-06-15", None),
        ];
        check(&now).unwrap();
        assert_eq!(
            standing(&now).unwrap(),
            "Desk evaluation: berlangsung, 15 Juni 2026"
        );
        assert_eq!(standing(&[]), None);
        assert_eq!(standing_short(&now).unwrap(), "proses DE");
        let out = [
            rec("usulan", "2026-04-30", Some("lolos")),
            rec("wawancara", "2026-08-12", Some("tidak-lolos")),
        ];
        assert_eq!(standing_short(&out).unwrap(), "gugur Wawancara");
        assert_eq!(
            standing_short(&[rec("hasil", "2026-12-10", Some("tidak-lolos"))]).unwrap(),
            "tanpa predikat"
        );
        assert_eq!(standing_short(&[]), None);
    }

    #[test]
    fn stages_and_outcomes_are_read_as_people_write_them() {
        assert_eq!(
            "Desk Evaluation".parse::<Stage>().unwrap(),
            Stage::DeskEvaluation
        );
        assert_eq!(
            "verifikasi-lapangan".parse::<Stage>().unwrap(),
            Stage::VerifikasiLapangan
        );
        assert!(
            "final"
                .parse::<Stage>()
                .unwrap_err()
                .contains("usulan, seleksi_administrasi")
        );
        assert_eq!(
            "tidak lolos".parse::<Outcome>().unwrap(),
            Outcome::TidakLolos
        );
        assert_eq!("WBBM".parse::<Outcome>().unwrap(), Outcome::Wbbm);
    }
}
