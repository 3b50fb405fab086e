//! Ctrl+C during a long command (folder import, verify, packet export and
//! import, sync): the first press asks the command to stop — it stops at
//! its next check, takes back what it had not finished, and leaves the
//! workspace consistent — the second stops the program at once (a killed
//! run is safe too, only abrupt).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

static CANCEL: AtomicBool = AtomicBool::new(false);

/// The flag long commands pass to their `Job`; the Ctrl+C handler is
/// installed the first time it is asked for.
pub fn flag() -> &'static AtomicBool {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Without a handler (another one installed, no console) Ctrl+C
        // simply ends the program, as before.
        let _ = ctrlc::set_handler(|| {
            if CANCEL.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\nMembatalkan… (tekan Ctrl+C sekali lagi untuk menghentikan paksa)");
        });
    });
    &CANCEL
}

/// Whether Ctrl+C was pressed.
pub fn requested() -> bool {
    CANCEL.load(Ordering::SeqCst)
}
