//! The plan's rows: items, activities, monthly realisation and its
//! evidence links, each write one immediate transaction with its audit
//! entries. The checks of what may be written live in [`crate::plan`];
//! this file holds the SQL.
//!
//! A plan is stored from its first change on: the first write copies the
//! template's defaults for every item, so a later Daduk with other defaults
//! never changes a plan a team has started.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::audit::Change;
use super::{Assessment, Workspace, now};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::plan::defaults::PlanDefaults;
use crate::plan::{
    Activity, ActivityChange, EvidenceLink, ItemPlan, ItemPlanChange, MonthSet, NewActivity, Plan,
    ProgressEntry, Realisation, RealisationStatus, check_activity, check_item, check_progress,
    clean_line, clean_lines,
};
use crate::template::Template;

/// An activity as a sheet or packet brings it, with its realisation.
#[derive(Debug, Clone)]
pub(crate) struct ActivityRows {
    pub fields: NewActivity,
    pub progress: Vec<ProgressRow>,
}

/// A month's realisation as a packet brings it: evidence named by item and
/// content, authors kept.
#[derive(Debug, Clone)]
pub(crate) struct ProgressRow {
    pub month: u8,
    pub status: RealisationStatus,
    pub percent: u8,
    pub note: String,
    pub kendala: String,
    pub solusi: String,
    pub rekomendasi: String,
    pub evidence: Vec<(ItemCode, Sha256)>,
    pub updated_by: String,
    pub updated_at: String,
}

/// What a sheet import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetImport {
    /// Activity rows read.
    pub rows: usize,
    /// Activities added.
    pub added: usize,
    /// Activities already in the plan whose target or months changed.
    pub updated: usize,
    /// Activities already in the plan as the sheet has them.
    pub unchanged: usize,
    /// What the sheet holds that was not read, and why (hidden sheets and
    /// rows, a block of realisation months).
    pub warnings: Vec<String>,
}

fn to_u8(v: i64) -> u8 {
    u8::try_from(v).unwrap_or(0)
}

fn months_column(idx: usize, bits: i64) -> rusqlite::Result<MonthSet> {
    u16::try_from(bits)
        .ok()
        .and_then(MonthSet::from_bits)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                idx,
                rusqlite::types::Type::Integer,
                format!("bulan {bits} tidak sah").into(),
            )
        })
}

fn json_column<T: serde::de::DeserializeOwned>(idx: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// How much a plan replaced whole (a submission, a synced unit side)
/// changed: items whose period, PIC or note differ, activities added,
/// removed or changed (their fields or realisation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PlanChanges {
    pub items: usize,
    pub activities: usize,
}

fn plan_changes(
    conn: &Connection,
    assessment_id: i64,
    items: &[ItemPlan],
    incoming: &[ActivityRows],
) -> Result<PlanChanges> {
    let old_items = item_rows(conn, assessment_id)?;
    let new_items: HashMap<ItemCode, &ItemPlan> = items.iter().map(|i| (i.code, i)).collect();
    let items_changed = old_items
        .keys()
        .chain(new_items.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|code| old_items.get(code) != new_items.get(code).copied())
        .count();
    // An activity is known by its area, program and uraian.
    let stored: Vec<ActivityRows> = activities(conn, assessment_id)?
        .iter()
        .map(|a| ActivityRows {
            fields: ActivityChange::default().apply(a),
            progress: a.progress.iter().map(ProgressRow::from).collect(),
        })
        .collect();
    let old: HashMap<_, _> = stored.iter().map(activity_content).collect();
    let new: HashMap<_, _> = incoming.iter().map(activity_content).collect();
    let activities_changed = old
        .keys()
        .chain(new.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .count();
    Ok(PlanChanges {
        items: items_changed,
        activities: activities_changed,
    })
}

/// An activity's key and what counts as its content, for comparing plans:
/// its fields and each month's realisation with its proof (not who wrote it
/// or when).
type ActivityContent = ((u8, String, String), (String, Vec<String>));

fn activity_content(a: &ActivityRows) -> ActivityContent {
    let mut months: Vec<String> = a
        .progress
        .iter()
        .map(|r| {
            let texts = [&r.note, &r.kendala, &r.solusi, &r.rekomendasi];
            let mut proof = r.evidence.clone();
            proof.sort();
            json_text(&(r.month, r.status, r.percent, texts, proof))
        })
        .collect();
    months.sort();
    let f = &a.fields;
    (
        crate::plan::activity_key(f.area, &f.program, &f.activity),
        (json_text(f), months),
    )
}

impl From<&Realisation> for ProgressRow {
    fn from(r: &Realisation) -> ProgressRow {
        ProgressRow {
            month: r.month,
            status: r.status,
            percent: r.percent,
            note: r.note.clone(),
            kendala: r.kendala.clone(),
            solusi: r.solusi.clone(),
            rekomendasi: r.rekomendasi.clone(),
            evidence: r.evidence.iter().map(|e| (e.item, e.sha256)).collect(),
            updated_by: r.updated_by.clone(),
            updated_at: r.updated_at.clone(),
        }
    }
}

/// Whether the plan has been started.
fn started(conn: &Connection, assessment_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM plan WHERE assessment_id = ?1",
            [assessment_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Why the plan cannot be changed in this workspace: the assessment came
/// in a unit's submission, so this is the evaluator's copy of the unit's
/// plan.
fn read_only_reason(conn: &Connection, a: &Assessment) -> Result<Option<String>> {
    let received = conn
        .query_row(
            &format!(
                "SELECT 1 FROM packet_log WHERE assessment_id = ?1 AND {} LIMIT 1",
                super::packets::RECEIVED
            ),
            [a.id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    Ok(received.then(|| {
        format!(
            "Rencana aksi {} {} datang dalam paket kiriman unit; di sini hanya dapat dibaca (unit mengubahnya lalu mengirim paket baru)",
            a.unit, a.year
        )
    }))
}

fn item_rows(conn: &Connection, assessment_id: i64) -> Result<HashMap<ItemCode, ItemPlan>> {
    let mut stmt =
        conn.prepare("SELECT item, months, pic, note FROM plan_item WHERE assessment_id = ?1")?;
    let rows = stmt.query_map([assessment_id], |r| {
        Ok(ItemPlan {
            code: super::parse_column(r, 0)?,
            months: months_column(1, r.get(1)?)?,
            pic: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let row = row?;
        out.insert(row.code, row);
    }
    Ok(out)
}

const ACTIVITY_COLUMNS: &str =
    "id, area, program, activity, target, months, pic, outputs, items FROM plan_activity";

fn activity_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    let outputs: String = r.get(7)?;
    let items: String = r.get(8)?;
    Ok(Activity {
        id: r.get(0)?,
        area: to_u8(r.get(1)?),
        program: r.get(2)?,
        activity: r.get(3)?,
        target: r.get(4)?,
        months: months_column(5, r.get(5)?)?,
        pic: r.get(6)?,
        outputs: json_column(7, &outputs)?,
        items: json_column(8, &items)?,
        progress: Vec::new(),
    })
}

/// Every activity of an assessment with its realisation, by area and
/// position.
fn activities(conn: &Connection, assessment_id: i64) -> Result<Vec<Activity>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ACTIVITY_COLUMNS} WHERE assessment_id = ?1 ORDER BY area, position, id"
    ))?;
    let mut list: Vec<Activity> = stmt
        .query_map([assessment_id], activity_from_row)?
        .collect::<Result<_, _>>()?;
    let mut progress = progress_rows(conn, assessment_id, None)?;
    for a in &mut list {
        a.progress = progress.remove(&a.id).unwrap_or_default();
    }
    Ok(list)
}

/// Refuse an activity that another of the plan already is (same area,
/// program and uraian): a plan holds each once, so a packet of it is taken
/// whole on the other side.
fn refuse_duplicate(
    conn: &Connection,
    a: &Assessment,
    new: &NewActivity,
    except: Option<i64>,
) -> Result<()> {
    let key = crate::plan::activity_key(new.area, &new.program, &new.activity);
    let twin = activities(conn, a.id)?.into_iter().find(|x| {
        Some(x.id) != except && crate::plan::activity_key(x.area, &x.program, &x.activity) == key
    });
    match twin {
        None => Ok(()),
        Some(x) => Err(Error::Invalid(format!(
            "kegiatan '{}' sudah ada di rencana aksi {} {} (#{}, area, program dan uraian sama); \
             ubah kegiatan itu (misalnya tambahkan bulannya) daripada menambah yang kedua",
            crate::text::shown(&new.activity),
            a.unit,
            a.year,
            x.id
        ))),
    }
}

fn activity(conn: &Connection, a: &Assessment, id: i64) -> Result<Activity> {
    let mut act = conn
        .query_row(
            &format!("SELECT {ACTIVITY_COLUMNS} WHERE assessment_id = ?1 AND id = ?2"),
            params![a.id, id],
            activity_from_row,
        )
        .optional()?
        .ok_or_else(|| {
            Error::not_found(
                "kegiatan",
                format!("#{id} ({} {})", a.unit, a.year),
                &format!(
                    "lihat nomor kegiatan dengan `daduk plan show --unit {} --year {}`",
                    a.unit, a.year
                ),
            )
        })?;
    act.progress = progress_rows(conn, a.id, Some(id))?
        .remove(&id)
        .unwrap_or_default();
    Ok(act)
}

/// Realisation by activity (all of an assessment's, or one activity's).
fn progress_rows(
    conn: &Connection,
    assessment_id: i64,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<Realisation>>> {
    let mut links: HashMap<(i64, u8), Vec<EvidenceLink>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT l.activity_id, l.month, e.id, e.item, e.title, e.file_name, e.sha256
         FROM plan_progress_evidence l
         JOIN plan_activity a ON a.id = l.activity_id
         JOIN evidence e ON e.id = l.evidence_id
         WHERE a.assessment_id = ?1 AND (?2 IS NULL OR a.id = ?2)
         ORDER BY e.item, e.id",
    )?;
    let rows = stmt.query_map(params![assessment_id, only], |r| {
        Ok((
            (r.get::<_, i64>(0)?, to_u8(r.get(1)?)),
            EvidenceLink {
                id: r.get(2)?,
                item: super::parse_column(r, 3)?,
                title: r.get(4)?,
                file_name: r.get(5)?,
                sha256: super::parse_column(r, 6)?,
            },
        ))
    })?;
    for row in rows {
        let (key, link) = row?;
        links.entry(key).or_default().push(link);
    }
    let mut stmt = conn.prepare(
        "SELECT p.activity_id, p.month, p.status, p.percent, p.note, p.kendala, p.solusi, p.rekomendasi,
                p.updated_by, p.updated_at
         FROM plan_progress p JOIN plan_activity a ON a.id = p.activity_id
         WHERE a.assessment_id = ?1 AND (?2 IS NULL OR a.id = ?2)
         ORDER BY p.activity_id, p.month",
    )?;
    let rows = stmt.query_map(params![assessment_id, only], |r| {
        let id: i64 = r.get(0)?;
        let month = to_u8(r.get(1)?);
        Ok((
            id,
            Realisation {
                month,
                status: super::parse_column(r, 2)?,
                percent: to_u8(r.get(3)?),
                note: r.get(4)?,
                kendala: r.get(5)?,
                solusi: r.get(6)?,
                rekomendasi: r.get(7)?,
                evidence: Vec::new(),
                updated_by: r.get(8)?,
                updated_at: r.get(9)?,
            },
        ))
    })?;
    let mut out: HashMap<i64, Vec<Realisation>> = HashMap::new();
    for row in rows {
        let (id, mut rec) = row?;
        rec.evidence = links.remove(&(id, rec.month)).unwrap_or_default();
        out.entry(id).or_default().push(rec);
    }
    Ok(out)
}

/// The plan of an assessment from `conn`: stored rows, or the template's
/// defaults for what is not stored.
fn load(conn: &Connection, template: &Template, a: &Assessment) -> Result<Plan> {
    let stored = item_rows(conn, a.id)?;
    Ok(Plan {
        started: started(conn, a.id)?,
        read_only: read_only_reason(conn, a)?,
        items: crate::plan::with_defaults(template, stored.into_values()),
        activities: activities(conn, a.id)?,
    })
}

impl Workspace {
    /// The plan of an assessment (the template's defaults until the team
    /// changes something).
    pub fn plan(&self, a: &Assessment) -> Result<Plan> {
        let template = self.template_of(a)?;
        load(self.conn(), &template, a)
    }

    /// Start a write on the plan: refuse the evaluator's copy, and store
    /// the plan with its defaults if this is its first change.
    fn plan_write(&self, a: &Assessment, template: &Template) -> Result<Transaction<'_>> {
        let tx = self.write()?;
        if let Some(reason) = read_only_reason(&tx, a)? {
            return Err(Error::Invalid(reason));
        }
        self.ensure_plan_tx(&tx, a.id, &format!("{} {}", a.unit, a.year), template)?;
        Ok(tx)
    }

    /// Store the plan with the template's defaults for every item, unless
    /// it is stored already.
    fn ensure_plan_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        key: &str,
        template: &Template,
    ) -> Result<()> {
        if started(tx, assessment_id)? {
            return Ok(());
        }
        let at = now();
        tx.execute(
            "INSERT INTO plan (assessment_id, created_by, created_at) VALUES (?1, ?2, ?3)",
            params![assessment_id, self.actor(), at],
        )?;
        let defaults = PlanDefaults::for_template(template);
        for &code in template.item_codes() {
            tx.execute(
                "INSERT INTO plan_item (assessment_id, item, months, pic, note, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
                params![
                    assessment_id,
                    code.to_string(),
                    defaults.months(code).bits(),
                    defaults.pic(code),
                    self.actor(),
                    at
                ],
            )?;
        }
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "plan",
                key,
                action: "create",
                old: None,
                new: Some(format!(
                    "target waktu bawaan templat {} untuk {} butir",
                    template.id(),
                    template.item_count()
                )),
            },
        )
    }

    /// Change an item's target period, penanggung jawab or note.
    pub fn set_plan_item(
        &self,
        a: &Assessment,
        item: ItemCode,
        change: &ItemPlanChange,
    ) -> Result<ItemPlan> {
        let template = self.template_of(a)?;
        check_item(&template, item)?;
        let pic = change
            .pic
            .as_deref()
            .map(|p| clean_line("penanggung jawab", p))
            .transpose()?;
        let note = change
            .note
            .as_deref()
            .map(|n| clean_lines("catatan", n))
            .transpose()?;
        let tx = self.plan_write(a, &template)?;
        let old = item_rows(&tx, a.id)?
            .remove(&item)
            .ok_or_else(|| Error::not_found("butir rencana", item, ""))?;
        let new = ItemPlan {
            code: item,
            months: change.months.unwrap_or(old.months),
            pic: pic.unwrap_or_else(|| old.pic.clone()),
            note: note.unwrap_or_else(|| old.note.clone()),
        };
        if new != old {
            tx.execute(
                "UPDATE plan_item SET months = ?3, pic = ?4, note = ?5, updated_by = ?6, updated_at = ?7
                 WHERE assessment_id = ?1 AND item = ?2",
                params![
                    a.id,
                    item.to_string(),
                    new.months.bits(),
                    new.pic,
                    new.note,
                    self.actor(),
                    now()
                ],
            )?;
            self.log(
                &tx,
                Change {
                    assessment_id: Some(a.id),
                    entity: "plan_item",
                    key: &item.to_string(),
                    action: "update",
                    old: Some(json_text(&old)),
                    new: Some(json_text(&new)),
                },
            )?;
        }
        tx.commit()?;
        Ok(new)
    }

    fn insert_activity_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        new: &NewActivity,
        by: (&str, &str),
    ) -> Result<i64> {
        let position: i64 = tx.query_row(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM plan_activity WHERE assessment_id = ?1 AND area = ?2",
            params![assessment_id, new.area],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO plan_activity (assessment_id, area, position, program, activity, target, months, pic,
                                        outputs, items, created_by, created_at, updated_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
            params![
                assessment_id,
                new.area,
                position,
                new.program,
                new.activity,
                new.target,
                new.months.bits(),
                new.pic,
                json_text(&new.outputs),
                json_text(&new.items),
                by.0,
                by.1
            ],
        )?;
        let id = tx.last_insert_rowid();
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "plan_activity",
                key: &format!("#{id}"),
                action: "create",
                old: None,
                new: Some(json_text(new)),
            },
        )?;
        Ok(id)
    }

    /// Add an activity to the plan.
    pub fn add_activity(&self, a: &Assessment, new: &NewActivity) -> Result<Activity> {
        self.add_activity_then(a, new, |_, _| Ok(()))
    }

    /// Add an activity and, in the same transaction, what `then` writes
    /// beside it (given the new activity's id).
    pub(crate) fn add_activity_then(
        &self,
        a: &Assessment,
        new: &NewActivity,
        then: impl FnOnce(&Transaction<'_>, i64) -> Result<()>,
    ) -> Result<Activity> {
        let template = self.template_of(a)?;
        let new = check_activity(&template, new)?;
        let tx = self.plan_write(a, &template)?;
        refuse_duplicate(&tx, a, &new, None)?;
        let at = now();
        let id = self.insert_activity_tx(&tx, a.id, &new, (self.actor(), &at))?;
        then(&tx, id)?;
        tx.commit()?;
        activity(self.conn(), a, id)
    }

    fn update_activity_tx(
        &self,
        tx: &Transaction<'_>,
        a: &Assessment,
        old: &Activity,
        new: &NewActivity,
    ) -> Result<bool> {
        let old_fields = ActivityChange::default().apply(old);
        if &old_fields == new {
            return Ok(false);
        }
        let recorded: MonthSet = {
            let mut s = MonthSet::EMPTY;
            for r in &old.progress {
                s.insert(r.month);
            }
            s
        };
        let dropped = recorded.difference(new.months);
        if !dropped.is_empty() {
            return Err(Error::Invalid(format!(
                "kegiatan #{} sudah punya realisasi bulan {}; hapus realisasinya lebih dulu (`daduk plan progress ... --clear`) bila bulan itu memang dikeluarkan dari rencana",
                old.id,
                dropped.label(None)
            )));
        }
        let position: i64 = if new.area == old.area {
            tx.query_row(
                "SELECT position FROM plan_activity WHERE id = ?1",
                [old.id],
                |r| r.get(0),
            )?
        } else {
            tx.query_row(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM plan_activity WHERE assessment_id = ?1 AND area = ?2",
                params![a.id, new.area],
                |r| r.get(0),
            )?
        };
        tx.execute(
            "UPDATE plan_activity SET area = ?2, position = ?3, program = ?4, activity = ?5, target = ?6,
                    months = ?7, pic = ?8, outputs = ?9, items = ?10, updated_by = ?11, updated_at = ?12
             WHERE id = ?1",
            params![
                old.id,
                new.area,
                position,
                new.program,
                new.activity,
                new.target,
                new.months.bits(),
                new.pic,
                json_text(&new.outputs),
                json_text(&new.items),
                self.actor(),
                now()
            ],
        )?;
        self.log(
            tx,
            Change {
                assessment_id: Some(a.id),
                entity: "plan_activity",
                key: &format!("#{}", old.id),
                action: "update",
                old: Some(json_text(&old_fields)),
                new: Some(json_text(new)),
            },
        )?;
        Ok(true)
    }

    /// Change an activity. Months that already have a realisation cannot be
    /// taken out of it.
    pub fn edit_activity(
        &self,
        a: &Assessment,
        id: i64,
        change: &ActivityChange,
    ) -> Result<Activity> {
        let template = self.template_of(a)?;
        let tx = self.plan_write(a, &template)?;
        let old = activity(&tx, a, id)?;
        let new = check_activity(&template, &change.apply(&old))?;
        refuse_duplicate(&tx, a, &new, Some(id))?;
        self.update_activity_tx(&tx, a, &old, &new)?;
        tx.commit()?;
        activity(self.conn(), a, id)
    }

    /// Remove an activity with its realisation (the audit log keeps both).
    pub fn remove_activity(&self, a: &Assessment, id: i64) -> Result<Activity> {
        let template = self.template_of(a)?;
        let tx = self.plan_write(a, &template)?;
        let old = activity(&tx, a, id)?;
        tx.execute("DELETE FROM plan_activity WHERE id = ?1", [id])?;
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "plan_activity",
                key: &format!("#{id}"),
                action: "delete",
                old: Some(json_text(&old)),
                new: None,
            },
        )?;
        tx.commit()?;
        Ok(old)
    }

    /// Record what was realised of an activity in one of its months.
    pub fn record_progress(
        &self,
        a: &Assessment,
        id: i64,
        entry: &ProgressEntry,
    ) -> Result<Realisation> {
        let template = self.template_of(a)?;
        let text = |field: &str, v: &Option<String>| {
            v.as_deref().map(|t| clean_lines(field, t)).transpose()
        };
        let (note, kendala, solusi, rekomendasi) = (
            text("catatan", &entry.note)?,
            text("kendala", &entry.kendala)?,
            text("solusi", &entry.solusi)?,
            text("rekomendasi", &entry.rekomendasi)?,
        );
        let tx = self.plan_write(a, &template)?;
        let act = activity(&tx, a, id)?;
        let percent = check_progress(&act, entry)?;
        let old = act.progress.iter().find(|r| r.month == entry.month);
        let keep = |new: Option<String>, old: Option<&String>| {
            new.unwrap_or_else(|| old.cloned().unwrap_or_default())
        };
        let note = keep(note, old.map(|o| &o.note));
        let kendala = keep(kendala, old.map(|o| &o.kendala));
        let solusi = keep(solusi, old.map(|o| &o.solusi));
        let rekomendasi = keep(rekomendasi, old.map(|o| &o.rekomendasi));
        let evidence: Vec<i64> = match &entry.evidence {
            Some(ids) => {
                let mut out = Vec::new();
                for &e in ids {
                    let known = tx
                        .query_row(
                            "SELECT 1 FROM evidence WHERE id = ?1 AND assessment_id = ?2",
                            params![e, a.id],
                            |_| Ok(()),
                        )
                        .optional()?
                        .is_some();
                    if !known {
                        return Err(Error::not_found(
                            "data dukung",
                            format!("#{e} pada penilaian {} {}", a.unit, a.year),
                            &format!(
                                "lihat nomor berkas dengan `daduk evidence list --unit {} --year {}`",
                                a.unit, a.year
                            ),
                        ));
                    }
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
                out
            }
            None => old.map_or_else(Vec::new, |o| o.evidence.iter().map(|l| l.id).collect()),
        };
        let nothing = [&note, &kendala, &solusi, &rekomendasi]
            .iter()
            .all(|t| t.is_empty())
            && evidence.is_empty();
        if entry.status == RealisationStatus::BelumDicatat && nothing {
            return Err(Error::Invalid(format!(
                "realisasi kegiatan #{id} bulan {} kosong: pilih statusnya (selesai, sebagian, belum) atau tulis catatan atau kendalanya",
                crate::format::MONTHS[usize::from(entry.month - 1)]
            )));
        }
        let old_json = old.map(json_text);
        tx.execute(
            "INSERT INTO plan_progress (activity_id, month, status, percent, note, kendala, solusi, rekomendasi, updated_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (activity_id, month) DO UPDATE SET status = excluded.status, percent = excluded.percent,
                note = excluded.note, kendala = excluded.kendala, solusi = excluded.solusi,
                rekomendasi = excluded.rekomendasi, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            params![
                id,
                entry.month,
                entry.status.code(),
                percent,
                note,
                kendala,
                solusi,
                rekomendasi,
                self.actor(),
                now()
            ],
        )?;
        tx.execute(
            "DELETE FROM plan_progress_evidence WHERE activity_id = ?1 AND month = ?2",
            params![id, entry.month],
        )?;
        for e in &evidence {
            tx.execute(
                "INSERT INTO plan_progress_evidence (activity_id, month, evidence_id) VALUES (?1, ?2, ?3)",
                params![id, entry.month, e],
            )?;
        }
        let new = activity(&tx, a, id)?
            .progress
            .into_iter()
            .find(|r| r.month == entry.month)
            .ok_or_else(|| Error::Invalid("realisasi tidak tersimpan".into()))?;
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "plan_progress",
                key: &format!("#{id}/{}", entry.month),
                action: "update",
                old: old_json,
                new: Some(json_text(&new)),
            },
        )?;
        tx.commit()?;
        Ok(new)
    }

    /// Remove the realisation recorded for an activity in a month.
    pub fn clear_progress(
        &self,
        a: &Assessment,
        id: i64,
        month: u8,
    ) -> Result<Option<Realisation>> {
        let template = self.template_of(a)?;
        let tx = self.plan_write(a, &template)?;
        let act = activity(&tx, a, id)?;
        let Some(old) = act.progress.into_iter().find(|r| r.month == month) else {
            return Ok(None);
        };
        tx.execute(
            "DELETE FROM plan_progress WHERE activity_id = ?1 AND month = ?2",
            params![id, month],
        )?;
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "plan_progress",
                key: &format!("#{id}/{month}"),
                action: "delete",
                old: Some(json_text(&old)),
                new: None,
            },
        )?;
        tx.commit()?;
        Ok(Some(old))
    }

    /// Add or update activities from a sheet in one transaction: an
    /// activity with the same area, program and text as one in the plan
    /// takes the sheet's target and months (realised months must stay);
    /// any other is added. Nothing is removed.
    pub(crate) fn import_activities(
        &self,
        a: &Assessment,
        file: &str,
        rows: &[NewActivity],
    ) -> Result<SheetImport> {
        let template = self.template_of(a)?;
        let tx = self.plan_write(a, &template)?;
        let existing = activities(&tx, a.id)?;
        let key = |area: u8, program: &str, activity: &str| {
            (area, program.to_lowercase(), activity.to_lowercase())
        };
        let by_key: BTreeMap<(u8, String, String), &Activity> = existing
            .iter()
            .map(|x| (key(x.area, &x.program, &x.activity), x))
            .collect();
        let mut out = SheetImport {
            rows: rows.len(),
            ..SheetImport::default()
        };
        let at = now();
        for row in rows {
            match by_key.get(&key(row.area, &row.program, &row.activity)) {
                Some(old) => {
                    let change = ActivityChange {
                        target: (!row.target.is_empty()).then(|| row.target.clone()),
                        months: Some(row.months),
                        pic: (!row.pic.is_empty()).then(|| row.pic.clone()),
                        outputs: (!row.outputs.is_empty()).then(|| row.outputs.clone()),
                        items: (!row.items.is_empty()).then(|| row.items.clone()),
                        ..ActivityChange::default()
                    };
                    let new = change.apply(old);
                    if self.update_activity_tx(&tx, a, old, &new)? {
                        out.updated += 1;
                    } else {
                        out.unchanged += 1;
                    }
                }
                None => {
                    self.insert_activity_tx(&tx, a.id, row, (self.actor(), &at))?;
                    out.added += 1;
                }
            }
        }
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "plan",
                key: &format!("{} {}", a.unit, a.year),
                action: "import",
                old: None,
                new: Some(format!(
                    "{file}: {} baris, {} ditambah, {} diubah",
                    out.rows, out.added, out.updated
                )),
            },
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// Make an assessment's plan exactly what a unit's submission says
    /// (inside the import's transaction). Evidence is named by item and
    /// content and must be attached already.
    pub(crate) fn replace_plan_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        key: &str,
        items: &[ItemPlan],
        activities: &[ActivityRows],
        created: (&str, &str),
    ) -> Result<PlanChanges> {
        let changes = plan_changes(tx, assessment_id, items, activities)?;
        tx.execute("DELETE FROM plan WHERE assessment_id = ?1", [assessment_id])?;
        tx.execute(
            "INSERT INTO plan (assessment_id, created_by, created_at) VALUES (?1, ?2, ?3)",
            params![assessment_id, created.0, created.1],
        )?;
        for i in items {
            tx.execute(
                "INSERT INTO plan_item (assessment_id, item, months, pic, note, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    assessment_id,
                    i.code.to_string(),
                    i.months.bits(),
                    i.pic,
                    i.note,
                    created.0,
                    created.1
                ],
            )?;
        }
        for act in activities {
            let id = self.insert_activity_tx(tx, assessment_id, &act.fields, created)?;
            for p in &act.progress {
                tx.execute(
                    "INSERT INTO plan_progress (activity_id, month, status, percent, note, kendala, solusi, rekomendasi, updated_by, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        id,
                        p.month,
                        p.status.code(),
                        p.percent,
                        p.note,
                        p.kendala,
                        p.solusi,
                        p.rekomendasi,
                        p.updated_by,
                        p.updated_at
                    ],
                )?;
                for &(item, sha) in &p.evidence {
                    let evidence = self
                        .evidence_id_tx(tx, assessment_id, item, sha)?
                        .ok_or_else(|| {
                            Error::Invalid(format!(
                                "realisasi kegiatan '{}' bulan {} menunjuk berkas {} butir {item} yang tidak ada dalam paket",
                                crate::text::shown(&act.fields.activity),
                                p.month,
                                sha.short(12)
                            ))
                        })?;
                    tx.execute(
                        "INSERT OR IGNORE INTO plan_progress_evidence (activity_id, month, evidence_id) VALUES (?1, ?2, ?3)",
                        params![id, p.month, evidence],
                    )?;
                }
            }
        }
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "plan",
                key,
                action: "replace",
                old: None,
                new: Some(format!(
                    "dari paket kiriman unit: {} butir, {} kegiatan",
                    items.len(),
                    activities.len()
                )),
            },
        )?;
        Ok(changes)
    }

    /// Who started an assessment's plan, and when.
    pub(crate) fn plan_created(&self, a: &Assessment) -> Result<(String, String)> {
        self.conn()
            .query_row(
                "SELECT created_by, created_at FROM plan WHERE assessment_id = ?1",
                [a.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::not_found("rencana aksi", format!("{} {}", a.unit, a.year), ""))
    }
}
