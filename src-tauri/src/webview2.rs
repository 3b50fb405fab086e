//! Windows: the window is drawn by Microsoft Edge WebView2. Windows 10 and
//! 11 ship its runtime, but a trimmed or old installation may not have it.
//! Without this check Tauri fails while creating the window, inside its
//! event loop, which a release build (no console) ends silently. So the app
//! asks for the runtime's version first and, when there is none, says so in
//! a native message box and names what to install.

/// The message box's title.
#[cfg_attr(not(windows), allow(dead_code))]
pub const TITLE: &str = "Daduk tidak dapat dibuka";

/// What the user reads when the WebView2 runtime is missing; `detail` is
/// the system's own error, for whoever helps them.
#[cfg_attr(not(windows), allow(dead_code))]
pub fn missing_message(detail: &str) -> String {
    format!(
        "Aplikasi Daduk membutuhkan Microsoft Edge WebView2 Runtime untuk menampilkan \
         jendelanya, dan runtime itu tidak ditemukan di komputer ini.\n\n\
         Pasang \"Microsoft Edge WebView2 Runtime\" (versi Evergreen, gratis dari Microsoft: \
         https://go.microsoft.com/fwlink/p/?LinkId=2124703), lalu buka Daduk lagi. Bila \
         komputer ini dikelola kantor, minta admin TI memasangnya.\n\n\
         Sementara itu baris perintah daduk.exe tetap dapat dipakai; data Anda tidak \
         berubah.\n\n(Rincian: {detail})"
    )
}

/// Whether the window can be drawn; when not, the user has been told.
#[cfg(windows)]
pub fn available() -> bool {
    match tauri::webview_version() {
        Ok(_) => true,
        Err(error) => {
            show_error(&missing_message(&error.to_string()));
            false
        }
    }
}

/// A native error box: the window itself may be what failed.
#[cfg(windows)]
pub fn show_error(message: &str) {
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(TITLE)
        .set_description(message)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_what_to_install_and_what_still_works() {
        let msg = missing_message("0x80070002");
        for part in [
            "Microsoft Edge WebView2 Runtime",
            "Evergreen",
            "go.microsoft.com",
            "daduk.exe",
            "0x80070002",
        ] {
            assert!(msg.contains(part), "{part}: {msg}");
        }
    }
}
