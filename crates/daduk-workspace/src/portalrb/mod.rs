//! PortalRB (KemenPANRB, 2026): the mapping and the API shapes are domain
//! rules ([`daduk_domain::portalrb`]); this module writes a workspace's
//! answers in them.
//!
//! ```no_run
//! # fn main() -> daduk_workspace::Result<()> {
//! use daduk_workspace::{Target, Workspace};
//! let ws = Workspace::open("ruang-kerja".as_ref(), "tim")?;
//! let a = ws.assessment("DINKES-BLL", 2026)?;
//! let body = ws.portalrb_jawaban(&a)?;
//! let target = daduk_workspace::output::Target { force: false, workspace: Some(ws.root()) };
//! daduk_workspace::portalrb::write_json("jawaban.json".as_ref(), &body, target)?;
//! let wbk = ws.portalrb_units(2026, Target::Wbk)?;
//! # Ok(()) }
//! ```

pub use daduk_domain::portalrb::*;
mod workspace;

pub use workspace::write_json;

#[cfg(test)]
mod tests;
