//! One sync run: for every assessment the workspace and the server share,
//! receive the other side when it changed, and send the own side when it
//! changed — merging first when someone else wrote it meanwhile.

use std::collections::BTreeMap;

use super::apply::{Mode, Origin};
use super::merge::{Content, merge};
use super::sides::{pending_warnings, text_paths, without_files};
use super::{
    AssessmentSync, PushOutcome, Remote, RemoteAssessment, SyncProgress, SyncReport, SyncStage,
};
use crate::answer::Role;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::job::Job;
use crate::packet::{Manifest, PacketKind};
use crate::store::packets::Direction;
use crate::store::sync::Snapshot;
use crate::store::{Assessment, Workspace};

/// How many times a push is retried after someone else wrote first.
const PUSH_ATTEMPTS: usize = 4;

/// What to sync and how.
pub struct SyncOptions<'a> {
    /// The server's URL: snapshots are kept per server.
    pub server: &'a str,
    /// The side the token may write (its role on the server), when known:
    /// it must agree with the workspace's role, and stands in for it when
    /// the workspace has none.
    pub side: Option<Role>,
    /// The units the token may touch, when known: the workspace's other
    /// assessments are left alone rather than refused one by one (403).
    pub units: Option<&'a [String]>,
    /// Only this unit.
    pub unit: Option<&'a str>,
    /// Only this year.
    pub year: Option<i32>,
    /// Stops it (between files and between parts of a file); told what
    /// is happening.
    pub job: Job<'a, SyncProgress>,
}

impl std::fmt::Debug for SyncOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("server", &self.server)
            .field("unit", &self.unit)
            .field("year", &self.year)
            .finish_non_exhaustive()
    }
}

/// The side a workspace writes: its role's (`daduk init --role`).
pub fn sync_role(ws: &Workspace) -> Result<Role> {
    ws.workspace_role()?.ok_or_else(|| {
        Error::Invalid(
            "peran ruang kerja ini belum ditentukan; sinkronisasi perlu tahu sisi mana yang ditulis: jalankan `daduk init --role unit` (Tim Kerja) atau `--role tpi` (penilai)".into(),
        )
    })
}

pub(super) fn cancelled() -> Error {
    Error::Invalid("sinkronisasi dibatalkan".into())
}

fn to_json(m: &Manifest) -> Result<String> {
    serde_json::to_string(m).map_err(|e| Error::Invalid(e.to_string()))
}

/// The side a role receives whole. TPN's side is written by both roles,
/// so it is merged (`send_own`), never received as the other's.
fn other(side: Role) -> Role {
    match side {
        Role::Unit => Role::Tpi,
        Role::Tpi | Role::Tpn => Role::Unit,
    }
}

impl Workspace {
    /// Sync with a server: see the module's description.
    pub fn sync(&self, remote: &dyn Remote, opts: &SyncOptions<'_>) -> Result<SyncReport> {
        self.writable()?;
        let side = match (opts.side, self.workspace_role()?) {
            (Some(token), Some(own)) if token != own => {
                return Err(Error::Invalid(format!(
                    "token ini untuk sisi {}, tetapi ruang kerja ini milik {}; pakai token yang sesuai (atau ubah peran ruang kerja dengan `daduk init --role`)",
                    token.label(),
                    if own == Role::Unit {
                        "Tim Kerja unit"
                    } else {
                        "penilai (TPI)"
                    }
                )));
            }
            (Some(token), _) => token,
            (None, _) => sync_role(self)?,
        };
        let wanted = |unit: &str, year: i32| {
            opts.unit.is_none_or(|u| u == unit)
                && opts.year.is_none_or(|y| y == year)
                && opts
                    .units
                    .is_none_or(|units| units.iter().any(|u| u == unit))
        };
        // Each assessment to sync, with its sides' versions when the
        // server listed it.
        let mut targets: BTreeMap<(String, i32), Option<[i64; 3]>> = BTreeMap::new();
        for l in remote.list()? {
            if wanted(&l.unit, l.year) {
                targets.insert(
                    (l.unit, l.year),
                    Some([l.unit_version, l.tpi_version, l.tpn_version]),
                );
            }
        }
        if side == Role::Unit {
            let received = self.received_assessments()?;
            for a in self.assessments()? {
                if !received.contains(&a.id) && wanted(&a.unit, a.year) {
                    targets.entry((a.unit, a.year)).or_insert(None);
                }
            }
        }
        if let (Some(unit), Some(year)) = (opts.unit, opts.year) {
            // Asked for by name: tried, and refused by the server if need be.
            targets.entry((unit.to_string(), year)).or_insert(None);
        }
        let mut report = SyncReport {
            server: opts.server.to_string(),
            side: Some(side),
            ..SyncReport::default()
        };
        for ((unit, year), listed) in targets {
            if opts.job.cancelled() {
                return Err(cancelled());
            }
            match self.sync_one(remote, opts, side, &unit, year, listed) {
                Ok(done) => report.assessments.push(done),
                Err(e) if opts.job.cancelled() => return Err(e),
                Err(e) => report.failed.push(format!("{unit} {year}: {e}")),
            }
        }
        Ok(report)
    }

    fn sync_one(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        side: Role,
        unit: &str,
        year: i32,
        listed: Option<[i64; 3]>,
    ) -> Result<AssessmentSync> {
        let mut out = AssessmentSync {
            unit: unit.to_string(),
            year,
            ..AssessmentSync::default()
        };
        opts.job.report(SyncProgress {
            stage: SyncStage::Check,
            unit: unit.into(),
            year,
            done: 0,
            total: 1,
        });
        // Both sides where the last sync left them: the server's copies are
        // the ones kept here, and need not come down again.
        let r = match listed {
            Some(v) => self.remote_as_kept(opts.server, unit, year, v)?,
            None => None,
        };
        let r = match r {
            Some(r) => r,
            None => remote.assessment(unit, year)?,
        };
        let r = match side {
            // The evaluator needs the unit's side (and the assessment) first.
            Role::Tpi | Role::Tpn => {
                self.receive_other(remote, opts, side, &r, &mut out)?;
                self.send_own(remote, opts, side, r, &mut out)?
            }
            // The unit's own side may create the assessment (a second
            // computer of the same unit) before TPI's can land.
            Role::Unit => {
                let r = self.send_own(remote, opts, side, r, &mut out)?;
                self.receive_other(remote, opts, side, &r, &mut out)?;
                r
            }
        };
        self.sync_tpn(remote, opts, r, &mut out)?;
        Ok(out)
    }

    /// Write the other side into the workspace when it changed since the
    /// last sync.
    fn receive_other(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        side: Role,
        r: &RemoteAssessment,
        out: &mut AssessmentSync,
    ) -> Result<()> {
        let theirs = other(side);
        let (version, Some(m)) = r.side(theirs) else {
            return Ok(());
        };
        let known = self.sync_snapshot(opts.server, &out.unit, out.year, theirs)?;
        if known.is_some_and(|s| s.version == version) {
            return Ok(());
        }
        check_names(m, &out.unit, out.year)?;
        let snapshot = Snapshot {
            version,
            manifest: to_json(m)?,
        };
        let origin = Origin {
            server: opts.server,
            snapshot: Some((&snapshot, theirs)),
        };
        match theirs {
            Role::Unit => {
                let fresh = self.fetch_blobs(remote, opts, m, out)?;
                let applied = self.apply_unit_side(m, Mode::Received, origin, &fresh, out);
                if applied.is_err() {
                    let created: Vec<Sha256> = fresh.into_iter().collect();
                    let _ = self.release_blobs(&created);
                }
                applied?;
                out.texts_received += self.fetch_texts(remote, opts, m)?;
            }
            Role::Tpi | Role::Tpn => match self.assessment(&out.unit, out.year) {
                Ok(a) => self.apply_judged_side(&a, theirs, m, origin, out)?,
                Err(_) => return Ok(()),
            },
        }
        out.pulled = Some(version);
        Ok(())
    }

    /// The unit side a TPI side judges: the one last received from the
    /// server, else the last packet imported.
    fn based_on(&self, a: &Assessment, server: &str) -> Result<Option<Sha256>> {
        if let Some(s) = self.sync_snapshot(server, &a.unit, a.year, Role::Unit)? {
            return Ok(Some(super::manifest_sha(&s.manifest)));
        }
        self.last_packet(a, Direction::Import, PacketKind::Submission)
    }

    /// Send the own side when it changed; merge first when the server's
    /// moved. Returns the server's state as last seen.
    pub(super) fn send_own(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        side: Role,
        mut r: RemoteAssessment,
        out: &mut AssessmentSync,
    ) -> Result<RemoteAssessment> {
        for _ in 0..PUSH_ATTEMPTS {
            if opts.job.cancelled() {
                return Err(cancelled());
            }
            let (remote_version, remote_side) = r.side(side);
            let Ok(a) = self.assessment(&out.unit, out.year) else {
                // Not here yet: a unit's workspace takes its side whole.
                if let (Role::Unit, Some(m)) = (side, remote_side) {
                    check_names(m, &out.unit, out.year)?;
                    let snapshot = Snapshot {
                        version: remote_version,
                        manifest: to_json(m)?,
                    };
                    let fresh = self.fetch_blobs(remote, opts, m, out)?;
                    let origin = Origin {
                        server: opts.server,
                        snapshot: Some((&snapshot, side)),
                    };
                    self.apply_unit_side(m, Mode::Own, origin, &fresh, out)?;
                    out.texts_received += self.fetch_texts(remote, opts, m)?;
                    out.merged_in += Content::of(side, m).len();
                }
                return Ok(r);
            };
            let based_on = match side {
                Role::Tpi => match self.based_on(&a, opts.server)? {
                    Some(b) => Some(b),
                    // Nothing of the unit's here yet: nothing to judge.
                    None => return Ok(r),
                },
                Role::Unit | Role::Tpn => None,
            };
            let mut local = self.side_manifest(&a, side, based_on)?;
            let snapshot = self.sync_snapshot(opts.server, &out.unit, out.year, side)?;
            let base = match &snapshot {
                Some(s) if s.version <= remote_version => {
                    Some(Manifest::parse(s.manifest.as_bytes()).map_err(|e| {
                        Error::Invalid(format!("salinan sinkronisasi terakhir rusak: {e}"))
                    })?)
                }
                _ => None,
            };
            let base_version = snapshot.as_ref().map(|s| s.version);
            let local_content = Content::of(side, &local);
            if let (Some(rm), true) = (remote_side, base_version != Some(remote_version)) {
                // Someone else wrote this side since: take what only they
                // changed, keep what only we changed, record the rest.
                let merged = merge(side, base.as_ref(), &local, rm);
                if merged.taken > 0 {
                    match side {
                        Role::Unit => {
                            let fresh = self.fetch_blobs(remote, opts, &merged.manifest, out)?;
                            let origin = Origin {
                                server: opts.server,
                                snapshot: None,
                            };
                            let mut scratch = AssessmentSync::default();
                            self.apply_unit_side(
                                &merged.manifest,
                                Mode::Own,
                                origin,
                                &fresh,
                                &mut scratch,
                            )?;
                            out.warnings.append(&mut scratch.warnings);
                            out.texts_received +=
                                self.fetch_texts(remote, opts, &merged.manifest)?;
                        }
                        Role::Tpi | Role::Tpn => {
                            let origin = Origin {
                                server: opts.server,
                                snapshot: None,
                            };
                            let mut scratch = AssessmentSync::default();
                            self.apply_judged_side(
                                &a,
                                side,
                                &merged.manifest,
                                origin,
                                &mut scratch,
                            )?;
                            if side == Role::Tpn {
                                out.answers_changed += scratch.answers_changed;
                                out.tpn_stages_changed += scratch.tpn_stages_changed;
                            }
                            out.warnings.append(&mut scratch.warnings);
                        }
                    }
                }
                if !merged.conflicts.is_empty() {
                    self.record_conflicts(&a, opts.server, &merged.conflicts)?;
                }
                out.merged_in += merged.taken;
                out.conflicts.extend(merged.conflicts);
                // Read again: the merge may have changed the assessment
                // itself (its status).
                let a = self.assessment(&out.unit, out.year)?;
                local = self.side_manifest(&a, side, based_on)?;
                if Content::of(side, &local).same(&Content::of(side, rm)) {
                    self.put_sync_snapshot(
                        opts.server,
                        &out.unit,
                        out.year,
                        side,
                        &Snapshot {
                            version: remote_version,
                            manifest: to_json(rm)?,
                        },
                    )?;
                    return Ok(r);
                }
            } else {
                let unchanged = match &base {
                    // What was read of the files since goes too.
                    Some(b) => {
                        local_content.same(&Content::of(side, b))
                            && text_paths(&local) == text_paths(b)
                    }
                    // Nothing on the server and nothing here: an evaluator
                    // who has not judged yet sends nothing, nor does a
                    // workspace that recorded nothing of TPN's.
                    None => remote_version == 0 && side != Role::Unit && local_content.is_empty(),
                };
                if unchanged {
                    return Ok(r);
                }
            }
            let pending = self.upload_blobs(remote, opts, &a, &local, out)?;
            // Files that could not go do not hold back the answers: the side
            // goes without them, and the next sync sends them (the side kept
            // as sent differs from the workspace's until then).
            let sent = if pending.is_empty() {
                local.clone()
            } else {
                out.warnings.extend(pending_warnings(&local, &pending));
                let sent = without_files(&local, &pending);
                if remote_side
                    .is_some_and(|rm| Content::of(side, &sent).same(&Content::of(side, rm)))
                {
                    // The server has all that can go already.
                    return Ok(r);
                }
                sent
            };
            opts.job.report(SyncProgress {
                stage: SyncStage::Push,
                unit: out.unit.clone(),
                year: out.year,
                done: 0,
                total: 1,
            });
            match remote.push(&out.unit, out.year, side, remote_version, &sent)? {
                PushOutcome::Stored(version) => {
                    self.put_sync_snapshot(
                        opts.server,
                        &out.unit,
                        out.year,
                        side,
                        &Snapshot {
                            version,
                            manifest: to_json(&sent)?,
                        },
                    )?;
                    out.pushed = Some(version);
                    return Ok(r);
                }
                PushOutcome::Conflict(_) => {
                    r = remote.assessment(&out.unit, out.year)?;
                }
            }
        }
        Err(Error::Invalid(format!(
            "sisi {} {} {} terus diubah orang lain selama sinkronisasi ({PUSH_ATTEMPTS} kali); coba lagi sebentar lagi",
            side.label(),
            out.unit,
            out.year
        )))
    }

    fn record_conflicts(
        &self,
        a: &Assessment,
        server: &str,
        conflicts: &[super::SyncConflict],
    ) -> Result<()> {
        let tx = self.write()?;
        for c in conflicts {
            self.insert_conflict_tx(&tx, a.id, super::ConflictOrigin::Sync, server, c)?;
        }
        Ok(tx.commit()?)
    }
}

/// A side from the server must be for the assessment asked for.
fn check_names(m: &Manifest, unit: &str, year: i32) -> Result<()> {
    if m.unit.code != unit || m.year != year {
        return Err(Error::Invalid(format!(
            "server mengirim penilaian {} {} saat diminta {unit} {year}",
            crate::text::shown(&m.unit.code),
            m.year
        )));
    }
    Ok(())
}
