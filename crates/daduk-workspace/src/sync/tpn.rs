//! TPN's side in a sync. Either role records TPN's result, so neither
//! receives it whole as the other's: it is merged like an own side — what
//! only the server has is taken, what only this workspace has is sent, a
//! difference is kept here and recorded.

use super::engine::SyncOptions;
use super::{AssessmentSync, Remote, RemoteAssessment};
use crate::answer::Role;
use crate::error::Result;
use crate::store::Workspace;

impl Workspace {
    /// Sync TPN's side of the assessment `out` is about, after the own and
    /// the other side; what it did is added to `out`.
    pub(super) fn sync_tpn(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        r: RemoteAssessment,
        out: &mut AssessmentSync,
    ) -> Result<()> {
        let mut tpn = AssessmentSync {
            unit: out.unit.clone(),
            year: out.year,
            ..AssessmentSync::default()
        };
        // TPN's result is not the side this workspace syncs for: when it
        // cannot go (a server that keeps no TPN side yet), the own side's
        // sync still counts, and the user is told.
        if let Err(e) = self.send_own(remote, opts, Role::Tpn, r, &mut tpn) {
            if opts.job.cancelled() {
                return Err(e);
            }
            out.warnings.push(format!(
                "hasil TPN tidak tersinkron: {e}; jawaban dan berkas sisi ini sudah tersinkron"
            ));
            return Ok(());
        }
        out.tpn_pushed = tpn.pushed;
        out.merged_in += tpn.merged_in;
        out.answers_changed += tpn.answers_changed;
        out.tpn_stages_changed += tpn.tpn_stages_changed;
        out.conflicts.append(&mut tpn.conflicts);
        out.warnings.append(&mut tpn.warnings);
        Ok(())
    }
}
