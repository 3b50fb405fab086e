//! Writing TPN's side (checked as a [`SideChange`] of kind `tpn`): whole,
//! when it is this workspace's merged with a server's (a sync), or filled
//! in, when a packet brings what its sender recorded (nothing recorded
//! here differently is overwritten: the difference is a conflict).

use super::SideChange;
use crate::answer::Role;
use crate::error::Result;
use crate::store::answers::{Stamp, ValueChange};
use crate::store::{Assessment, Tx, Workspace};
use crate::sync::{ConflictOrigin, SyncConflict};

/// What writing TPN's side changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TpnWritten {
    /// Items whose TPN value or note changed.
    pub items: usize,
    /// Stages added, changed or removed.
    pub stages: usize,
    /// Differences kept here and recorded (a packet's fill-in).
    pub conflicts: usize,
    /// What people should know.
    pub warnings: Vec<String>,
}

fn show_value(value: Option<&str>, note: &str) -> String {
    let value = value.unwrap_or("(kosong)");
    if note.trim().is_empty() {
        value.to_string()
    } else {
        format!("{value}; catatan: {}", note.trim())
    }
}

impl Workspace {
    /// Make TPN's side exactly what `change` holds (answers, notes,
    /// stages), each answer in its author's name.
    pub(crate) fn write_tpn_side_tx(
        &self,
        tx: &Tx<'_>,
        a: &Assessment,
        change: &SideChange<'_>,
    ) -> Result<TpnWritten> {
        debug_assert_eq!(change.side, Role::Tpn);
        change.check_for(a)?;
        let m = change.manifest;
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        let taken = self.take_answers_tx(
            tx,
            a.id,
            Role::Tpn,
            &change.template,
            &change.answers,
            sender,
        )?;
        let stages = self.replace_tpn_stages_tx(tx, a.id, &m.tpn_stages, sender)?;
        Ok(TpnWritten {
            items: taken.items,
            stages,
            ..TpnWritten::default()
        })
    }

    /// Take what a packet's TPN part holds that this workspace has not
    /// recorded (an item without TPN value or note here, a stage not here);
    /// where both recorded differently, keep what is here and record a
    /// conflict from `source` (the packet's hash). Stages are taken only if
    /// the history they make with the ones here can be.
    pub(crate) fn fill_tpn_side_tx(
        &self,
        tx: &Tx<'_>,
        a: &Assessment,
        change: &SideChange<'_>,
        source: &str,
    ) -> Result<TpnWritten> {
        debug_assert_eq!(change.side, Role::Tpn);
        change.check_for(a)?;
        let mut out = TpnWritten::default();
        let here: std::collections::HashMap<_, _> = self
            .answer_records(a)?
            .into_iter()
            .filter(|r| r.role == Role::Tpn)
            .map(|r| (r.item, r))
            .collect();
        let mut items: Vec<_> = change.answers.iter().collect();
        items.sort_by_key(|(item, _)| **item);
        for (item, (value, sent)) in items {
            match here.get(item) {
                Some(h) if h.value.is_some() || !h.note.trim().is_empty() => {
                    if h.value == sent.value && h.note == sent.note {
                        continue;
                    }
                    self.insert_conflict_tx(
                        tx,
                        a.id,
                        ConflictOrigin::Packet,
                        source,
                        &SyncConflict {
                            side: Role::Tpn,
                            what: "jawaban".into(),
                            key: item.to_string(),
                            base: None,
                            local: Some(show_value(h.value.as_deref(), &h.note)),
                            remote: Some(show_value(sent.value.as_deref(), &sent.note)),
                        },
                    )?;
                    out.conflicts += 1;
                }
                _ => {
                    let c = self.upsert_as(
                        tx,
                        a.id,
                        Role::Tpn,
                        *item,
                        value.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                        Some(&sent.note),
                        Some(Stamp {
                            by: &sent.updated_by,
                            at: &sent.updated_at,
                        }),
                    )?;
                    out.items += usize::from(c.any());
                }
            }
        }
        let mine = self.tpn_stages_tx(tx, a.id)?;
        let mut merged = mine.clone();
        let mut new = Vec::new();
        for r in &change.manifest.tpn_stages {
            match mine.iter().find(|h| h.stage == r.stage) {
                Some(h) if h == r => {}
                Some(h) => {
                    self.insert_conflict_tx(
                        tx,
                        a.id,
                        ConflictOrigin::Packet,
                        source,
                        &SyncConflict {
                            side: Role::Tpn,
                            what: "tahap".into(),
                            key: r.stage.as_str().into(),
                            base: None,
                            local: Some(h.brief()),
                            remote: Some(r.brief()),
                        },
                    )?;
                    out.conflicts += 1;
                }
                None => {
                    merged.push(r.clone());
                    new.push(r);
                }
            }
        }
        if !new.is_empty() {
            match crate::tpn::check(&merged) {
                Ok(()) => {
                    let stamp = Stamp {
                        by: &change.manifest.created_by,
                        at: &change.manifest.created_at,
                    };
                    for r in new {
                        out.stages +=
                            usize::from(self.put_tpn_stage_tx(tx, a.id, r, Some(stamp))?);
                    }
                }
                Err(e) => out.warnings.push(format!(
                    "tahap penilaian TPN dari paket tidak diambil: bersama tahap yang tercatat di sini, {e}"
                )),
            }
        }
        Ok(out)
    }
}
