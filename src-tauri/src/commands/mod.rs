//! The Tauri commands: thin adapters from the front end to `daduk-workspace`.
//!
//! Each command takes typed arguments, calls the core on a blocking thread
//! (quick calls on the shared workspace, long work as a job with its own
//! connection) and returns serialisable core types. Keep the list in
//! [`crate::bindings`] and `build.rs` in step with the commands here.

pub mod assessment;
pub mod dialogs;
pub mod evidence;
pub mod plan;
pub mod portalrb;
pub mod sync;
pub mod tpn;
pub mod window;
pub mod work;
pub mod workspace;
