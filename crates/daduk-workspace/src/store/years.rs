//! A unit year after year: a new assessment started from an earlier one
//! (answers and notes as a starting point marked to check, lasting files
//! carried by hash), and the years' figures side by side.
//!
//! The earlier year is only read: nothing of it changes.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::audit::Change;
use super::{Workspace, now};
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::ReviewStatus;
use crate::plan::{Activity, MonthSet, NewActivity};
use crate::store::Assessment;
use crate::template::Template;
use crate::years::{Recommendation, Trend, TrendYear, carries, followup_area, followup_text};

/// The longest activity text a recommendation becomes (longer ones are cut
/// at a word; the whole recommendation stays readable in the earlier year).
const FOLLOWUP_CHARS: usize = 500;

/// What a new year took from the earlier one.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CarryOver {
    /// The year it came from.
    pub from: i32,
    /// Unit answers (and their notes) copied, marked "dari TTTT — periksa".
    pub answers: usize,
    /// Notes copied without an answer.
    pub notes: usize,
    /// Lasting files carried (same content, no copy).
    pub files: usize,
    /// Files left behind because their item wants a new one each year.
    pub yearly_left: usize,
    /// Files left behind because TPI rejected them or they ended.
    pub invalid_left: usize,
    /// Answers the new template cannot read (a changed item), left behind.
    pub answers_left: usize,
    /// Files left behind because their stored copy is missing or altered
    /// (`daduk verify` says which); attach them again.
    pub damaged_left: usize,
}

impl Workspace {
    /// Start `unit`'s assessment for `year` from its assessment of `from`:
    /// the unit's answers and notes as a starting point (each marked with
    /// `from` until answered again), and every file whose kind stays valid
    /// on its item ([`crate::years::carries`]), not rejected and not ended,
    /// attached again by its hash with where it came from. TPI's answers and
    /// verdicts, "tidak ada" marks and the plan are the year's own and stay.
    pub fn new_assessment_from(
        &self,
        unit: &str,
        year: i32,
        from: i32,
        template: Option<&Template>,
    ) -> Result<(Assessment, CarryOver)> {
        if from >= year {
            return Err(Error::Invalid(format!(
                "tahun asal {from} harus sebelum {year}: penilaian baru dimulai dari tahun yang sudah lewat"
            )));
        }
        let old = self.assessment(unit, from)?;
        let old_template = self.template_of(&old)?;
        // A built-in LKE moves to this build's version; anything else stays.
        let template = match template {
            Some(t) => t.clone(),
            None if crate::template::trust::is_official(old_template.sha256()) => {
                crate::template::official::current(old_template.id())
                    .unwrap_or(old_template.clone())
            }
            None => old_template.clone(),
        };
        let records = self.answer_records(&old)?;
        let files = self.evidence_list(&old, None)?;
        self.store_template(&template)?;
        let unit_row = self.unit(unit)?;
        let tx = self.write()?;
        let id = self.insert_assessment(&tx, unit_row.id, &unit_row.code, year, &template)?;
        tx.execute(
            "UPDATE assessment SET carried_from = ?2 WHERE id = ?1",
            params![id, from],
        )?;
        let mut carry = CarryOver {
            from,
            ..CarryOver::default()
        };
        let at = now();
        for r in records.iter().filter(|r| r.role == Role::Unit) {
            let value = match &r.value {
                Some(text) => match AnswerValue::parse(&template, r.item, text) {
                    Ok(v) => Some(v.to_string()),
                    Err(_) => {
                        carry.answers_left += 1;
                        continue;
                    }
                },
                None => None,
            };
            if template.item(r.item).is_none() {
                carry.answers_left += 1;
                continue;
            }
            tx.execute(
                "INSERT INTO answer (assessment_id, item, role, value, note, updated_by, updated_at, carried_from)
                 VALUES (?1, ?2, 'unit', ?3, ?4, ?5, ?6, ?7)",
                params![id, r.item.to_string(), value, r.note, self.actor(), at, from],
            )?;
            if value.is_some() {
                carry.answers += 1;
            } else {
                carry.notes += 1;
            }
        }
        for e in &files {
            let rejected = e.review_status == ReviewStatus::Rejected;
            if template.validity(e.item, &e.kind) == crate::template::Validity::Yearly {
                carry.yearly_left += 1;
                continue;
            }
            if e.state != crate::evidence::BlobState::Ok {
                carry.damaged_left += 1;
                continue;
            }
            if !carries(&template, e.item, &e.kind, e.valid_until, rejected, year) {
                carry.invalid_left += 1;
                continue;
            }
            self.carry_file_tx(&tx, old.id, id, e.id, e.carried_from.unwrap_or(from))?;
            carry.files += 1;
        }
        self.log(
            &tx,
            Change {
                assessment_id: Some(id),
                entity: "assessment",
                key: &format!("{} {year}", unit_row.code),
                action: "carry",
                old: Some(from.to_string()),
                new: Some(format!(
                    "{} jawaban, {} catatan, {} berkas dari {from}",
                    carry.answers, carry.notes, carry.files
                )),
            },
        )?;
        tx.commit()?;
        Ok((self.assessment(&unit_row.code, year)?, carry))
    }

    /// Attach an earlier year's file to the new assessment: the same blob
    /// (referenced again under the write lock), its metadata, no verdict.
    fn carry_file_tx(
        &self,
        tx: &Transaction<'_>,
        old_id: i64,
        new_id: i64,
        evidence_id: i64,
        from: i32,
    ) -> Result<()> {
        let (sha, size): (String, i64) = tx.query_row(
            "SELECT sha256, size FROM evidence WHERE id = ?1 AND assessment_id = ?2",
            params![evidence_id, old_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let sha: crate::hash::Sha256 = sha.parse().map_err(|_| {
            Error::Invalid(format!(
                "data dukung #{evidence_id}: hash rusak; jalankan `daduk verify`"
            ))
        })?;
        self.ensure_blob_tx(tx, sha, u64::try_from(size).unwrap_or(0), false)?;
        tx.execute(
            "INSERT INTO evidence (assessment_id, item, kind, title, doc_date, file_name, size, media_type,
                                   sha256, added_by, added_at, from_packet, carried_from, valid_until)
             SELECT ?2, item, kind, title, doc_date, file_name, size, media_type,
                    sha256, added_by, added_at, from_packet, ?3, valid_until
             FROM evidence WHERE id = ?1
             ON CONFLICT (assessment_id, item, sha256) DO NOTHING",
            params![evidence_id, new_id, from],
        )?;
        Ok(())
    }

    /// A person answered a carried item again: it is theirs now.
    pub(crate) fn confirm_carried_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        role: Role,
        item: ItemCode,
    ) -> Result<()> {
        tx.execute(
            "UPDATE answer SET carried_from = NULL
             WHERE assessment_id = ?1 AND item = ?2 AND role = ?3 AND carried_from IS NOT NULL",
            params![assessment_id, item.to_string(), role.as_str()],
        )?;
        Ok(())
    }

    /// The year an assessment was started from, if it was.
    pub fn carried_from(&self, a: &Assessment) -> Result<Option<i32>> {
        Ok(self.conn().query_row(
            "SELECT carried_from FROM assessment WHERE id = ?1",
            [a.id],
            |r| r.get(0),
        )?)
    }

    /// A unit's assessments from `first` to `last` in figures, oldest first.
    pub fn trend(&self, unit: &str, first: i32, last: i32) -> Result<Trend> {
        let unit_row = self.unit(unit)?;
        let mut years = Vec::new();
        let all: Vec<Assessment> = self
            .assessments()?
            .into_iter()
            .filter(|a| a.unit.eq_ignore_ascii_case(&unit_row.code))
            .filter(|a| (first..=last).contains(&a.year))
            .collect();
        for a in &all {
            let own = self.score(a, Role::Unit)?;
            let tpi = self.score(a, Role::Tpi)?;
            let tpn = self.score(a, Role::Tpn)?;
            years.push(
                TrendYear::from_cards(a.year, a.status, &own, Some(&tpi))
                    .with_tpn(Some(&tpn), &self.tpn_stages(a)?),
            );
        }
        if years.is_empty() {
            return Err(Error::not_found(
                "penilaian",
                format!("{} {first}–{last}", unit_row.code),
                &format!(
                    "belum ada penilaian {} pada tahun itu; lihat `daduk assessment list`",
                    unit_row.code
                ),
            ));
        }
        Ok(Trend::new(unit_row.code, unit_row.name, years))
    }
}

impl Workspace {
    /// The assessment `a`'s recommendations come from: the year it was
    /// started from, else the unit's latest earlier year.
    fn previous_of(&self, a: &Assessment) -> Result<Option<Assessment>> {
        if let Some(from) = self.carried_from(a)? {
            return Ok(Some(self.assessment(&a.unit, from)?));
        }
        Ok(self
            .assessments()?
            .into_iter()
            .filter(|x| x.unit.eq_ignore_ascii_case(&a.unit) && x.year < a.year)
            .max_by_key(|x| x.year))
    }

    /// The earlier year's recommendations (TPN's and TPI's note on each
    /// item they wrote one for), in LKE order, TPN's before TPI's on the same
    /// item, each with the activity of `a`'s plan that follows it up.
    pub fn recommendations(&self, a: &Assessment) -> Result<Vec<Recommendation>> {
        let Some(previous) = self.previous_of(a)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn().prepare(
            "SELECT source, item, activity_id FROM plan_followup
             WHERE assessment_id = ?1 AND from_year = ?2",
        )?;
        let links: std::collections::HashMap<(String, String), i64> = stmt
            .query_map(params![a.id, previous.year], |r| {
                Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut notes: Vec<_> = self
            .answer_records(&previous)?
            .into_iter()
            .filter(|r| r.role != Role::Unit && !r.note.trim().is_empty())
            .collect();
        // LKE order (the records' own), TPN first on an item.
        notes.sort_by_key(|r| (r.item, r.role != Role::Tpn));
        Ok(notes
            .into_iter()
            .map(|r| Recommendation {
                from_year: previous.year,
                source: r.role.as_str().into(),
                item: r.item,
                text: r.note.trim().to_string(),
                activity: links
                    .get(&(r.role.as_str().to_string(), r.item.to_string()))
                    .copied(),
            })
            .collect())
    }

    /// Make the earlier year's recommendation on `item` an activity of
    /// `a`'s plan: in the item's change area, over `months` (else the item's
    /// target period, else the whole year), with the item's PIC; linked to
    /// the recommendation in the same transaction. With `source` (TPN or
    /// TPI), that one's; else the first not yet followed up (TPN's before
    /// TPI's).
    pub fn adopt_recommendation(
        &self,
        a: &Assessment,
        item: ItemCode,
        source: Option<Role>,
        months: Option<MonthSet>,
    ) -> Result<(Recommendation, Activity)> {
        let on_item: Vec<Recommendation> = self
            .recommendations(a)?
            .into_iter()
            .filter(|r| r.item == item && source.is_none_or(|s| r.source == s.as_str()))
            .collect();
        let open = on_item.iter().position(|r| r.activity.is_none());
        let Some(mut rec) = open
            .or((!on_item.is_empty()).then_some(0))
            .and_then(|i| on_item.into_iter().nth(i))
        else {
            return Err(Error::not_found(
                "rekomendasi",
                format!("{item} untuk {} {}", a.unit, a.year),
                &format!(
                    "lihat yang ada dengan `daduk plan recommendations --unit {} --year {}`",
                    a.unit, a.year
                ),
            ));
        };
        if let Some(id) = rec.activity {
            return Err(Error::Exists {
                what: "tindak lanjut rekomendasi",
                key: format!("{item} {}", rec.from_year),
                hint: format!(
                    "; kegiatan #{id} sudah menindaklanjutinya (lihat `daduk plan show`)"
                ),
            });
        }
        let plan = self.plan(a)?;
        let planned = plan.items.iter().find(|p| p.code == item);
        let months = months
            .or_else(|| planned.map(|p| p.months).filter(|m| !m.is_empty()))
            .unwrap_or(MonthSet::ALL);
        let new = NewActivity {
            area: followup_area(item),
            program: format!(
                "Tindak lanjut rekomendasi {} {}",
                rec.source.to_uppercase(),
                rec.from_year
            ),
            activity: followup_text(&rec.text, FOLLOWUP_CHARS),
            target: String::new(),
            months,
            pic: planned.map(|p| p.pic.clone()).unwrap_or_default(),
            outputs: Vec::new(),
            items: vec![item],
        };
        let from_year = rec.from_year;
        let rec_source = rec.source.clone();
        let activity = self.add_activity_then(a, &new, |tx, id| {
            tx.execute(
                "INSERT INTO plan_followup (assessment_id, from_year, source, item, activity_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![a.id, from_year, rec_source, item.to_string(), id],
            )?;
            self.log(
                tx,
                Change {
                    assessment_id: Some(a.id),
                    entity: "plan_followup",
                    key: &format!("{item}/{rec_source} {from_year}"),
                    action: "create",
                    old: None,
                    new: Some(format!("kegiatan #{id}")),
                },
            )
        })?;
        rec.activity = Some(activity.id);
        Ok((rec, activity))
    }
}
