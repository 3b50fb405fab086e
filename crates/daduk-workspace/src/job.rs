//! Long operations (folder import, packet export and import, verify) all
//! take the same handle from their caller: a flag the caller sets to stop
//! them, and a function they tell their progress to. The CLI passes a
//! terminal progress line, the app a Tauri event and its Batalkan button.

use std::sync::atomic::{AtomicBool, Ordering};

/// The caller's side of a long operation: how to stop it and where to tell
/// how far it is. `P` is what one progress report holds.
#[derive(Clone, Copy)]
pub struct Job<'a, P> {
    cancel: &'a AtomicBool,
    progress: &'a (dyn Fn(P) + Sync),
}

impl<'a, P> Job<'a, P> {
    /// A job stopped by `cancel` and telling `progress`.
    pub fn new(cancel: &'a AtomicBool, progress: &'a (dyn Fn(P) + Sync)) -> Self {
        Job { cancel, progress }
    }

    /// Whether the caller asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The flag itself, for code that checks it between chunks.
    pub fn cancel_flag(&self) -> &'a AtomicBool {
        self.cancel
    }

    /// Tell the caller how far the job is.
    pub fn report(&self, progress: P) {
        (self.progress)(progress);
    }
}

impl<P> std::fmt::Debug for Job<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("cancelled", &self.cancelled())
            .finish_non_exhaustive()
    }
}

/// How far a job over a known amount is: bytes copied of all, or files
/// checked of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    /// Done so far.
    pub done: u64,
    /// All there is.
    pub total: u64,
}

/// A job nobody stops and nobody watches (tests, one-shot tools).
pub fn quiet<P>() -> Job<'static, P> {
    static NEVER: AtomicBool = AtomicBool::new(false);
    Job {
        cancel: &NEVER,
        progress: &|_| {},
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn a_job_reports_to_its_caller_and_stops_when_asked() {
        let cancel = AtomicBool::new(false);
        let seen = Mutex::new(Vec::new());
        let progress = |d: Done| seen.lock().unwrap().push(d.done);
        let job = Job::new(&cancel, &progress);
        job.report(Done { done: 1, total: 2 });
        assert!(!job.cancelled());
        cancel.store(true, Ordering::Relaxed);
        assert!(job.cancelled() && job.cancel_flag().load(Ordering::Relaxed));
        job.report(Done { done: 2, total: 2 });
        assert_eq!(*seen.lock().unwrap(), [1, 2]);
        assert!(!quiet::<Done>().cancelled());
    }
}
