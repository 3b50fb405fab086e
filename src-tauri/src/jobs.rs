//! Long work off the UI thread: folder import, verify, report, packets.
//!
//! A job runs on a blocking thread with its own [`Workspace`] on the open
//! workspace's folder, reports progress as [`JobProgress`] events (at most
//! about ten a second, plus the last one), and stops when the front end calls
//! `cancel_job` with the id it chose for the job.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use daduk_workspace::Workspace;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::AppHandle;
use tauri_specta::Event;

use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

/// The shortest time between two progress events of one job.
const EVENT_INTERVAL: Duration = Duration::from_millis(100);

/// How far a job is.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct JobProgress {
    /// The id the front end gave the job.
    pub job: String,
    /// Work done, in files or bytes.
    pub done: f64,
    /// All the work, in the same unit; 0 while unknown.
    pub total: f64,
    /// Whether `done` and `total` count bytes (else files).
    pub bytes: bool,
}

/// Sends a job's progress, throttled.
pub struct Reporter {
    app: AppHandle,
    job: String,
    bytes: bool,
    last: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporter").field("job", &self.job).finish()
    }
}

impl Reporter {
    /// Report `done` of `total`. The first and the last report always go
    /// out; others at most every [`EVENT_INTERVAL`].
    pub fn report(&self, done: f64, total: f64) {
        let now = Instant::now();
        let due = {
            let Ok(mut last) = self.last.lock() else {
                return;
            };
            let due =
                done >= total || last.is_none_or(|at| now.duration_since(at) >= EVENT_INTERVAL);
            if due {
                *last = Some(now);
            }
            due
        };
        if due {
            let event = JobProgress {
                job: self.job.clone(),
                done,
                total,
                bytes: self.bytes,
            };
            // A window that is gone needs no progress.
            let _ = event.emit(&self.app);
        }
    }
}

/// What a job's closure gets: its own workspace, its cancel flag and its
/// progress reporter.
pub struct JobContext {
    /// A connection of the job's own on the open workspace's folder.
    pub workspace: Workspace,
    /// Set when the front end asks the job to stop.
    pub cancel: Arc<AtomicBool>,
    /// Where progress goes.
    pub progress: Reporter,
}

impl std::fmt::Debug for JobContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobContext")
            .field("workspace", &self.workspace.root())
            .finish_non_exhaustive()
    }
}

/// Run `work` as job `job` on a blocking thread and wait for its result
/// without holding up the UI thread or the async runtime.
pub async fn run<T, F>(
    app: AppHandle,
    state: &AppState,
    job: String,
    bytes: bool,
    work: F,
) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(JobContext) -> daduk_workspace::Result<T> + Send + 'static,
{
    let (root, actor): (PathBuf, String) = state.job_workspace()?;
    let cancel = state.start_job(&job)?;
    let progress = Reporter {
        app,
        job: job.clone(),
        bytes,
        last: Mutex::new(None),
    };
    let result = tauri::async_runtime::spawn_blocking(move || {
        let workspace = Workspace::open(&root, &actor)?;
        work(JobContext {
            workspace,
            cancel,
            progress,
        })
    })
    .await;
    state.end_job(&job);
    match result {
        Ok(outcome) => outcome.map_err(CmdError::from),
        Err(e) => Err(format!("pekerjaan berhenti tak terduga: {e}").into()),
    }
}

/// Run `work` on a thread of its own at the lowest priority the system
/// gives without privileges, and wait for it: for background work nobody
/// waits on (reading the files' content), so that clicks stay as quick as
/// when it is not running. On Linux the thread is `SCHED_IDLE` (it runs
/// when a core is idle; the OCR processes it starts inherit that), on
/// Windows `THREAD_PRIORITY_LOWEST`-like. If the system refuses, the work
/// runs at normal priority.
pub fn at_lowest_priority<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        let worker = s.spawn(|| {
            lower_this_thread();
            work()
        });
        match worker.join() {
            Ok(out) => out,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(target_os = "linux")]
fn lower_this_thread() {
    use thread_priority::{
        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
        set_thread_priority_and_policy, thread_native_id,
    };
    let _ = set_thread_priority_and_policy(
        thread_native_id(),
        ThreadPriority::Min,
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
    );
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread() {
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
}

#[cfg(all(test, target_os = "linux"))]
#[allow(clippy::unwrap_used)]
mod tests {
    /// The scheduling policy of the calling thread (`/proc`, field 41).
    fn policy() -> u32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // The command name (field 2) may hold spaces: count after it.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        after.split(' ').nth(38).unwrap().parse().unwrap()
    }

    #[test]
    fn background_work_runs_when_a_core_is_idle_and_leaves_the_caller_as_it_was() {
        const SCHED_OTHER: u32 = 0;
        const SCHED_IDLE: u32 = 5;
        assert_eq!(policy(), SCHED_OTHER);
        assert_eq!(super::at_lowest_priority(policy), SCHED_IDLE);
        assert_eq!(policy(), SCHED_OTHER);
    }
}
