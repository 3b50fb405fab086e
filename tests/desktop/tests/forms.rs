//! Nothing typed is lost and nothing wrong is recorded, in the real app.
//!
//! A Tim Kerja (1366×768): a Catatan being typed survives Ctrl+3 and back,
//! and closing the window asks first (the close request is sent as a window
//! manager sends it); a month of the Rencana Aksi opens as "Belum dicatat",
//! its kendala survives another month and "Simpan perubahan", and saving
//! the kendala alone leaves the month not done; *Keadaan per* takes
//! `15/07/2024`; *Tambahkan* names the code it cannot place and keeps the
//! half-filled form across screens; Impor & Verifikasi keeps its folder and
//! result across screens and places a whole folder on an item at once;
//! *Buat penilaian* for a year that exists says so at its field without the
//! "Data berubah di tempat lain" notice; closing with a draft, confirmed,
//! closes the window.
//!
//! An evaluator (TPI): importing a folder changes the unit's side, so the
//! app asks first and the log records the yes; a packet signed by a new key
//! is accepted with the app's own confirmation, never a CLI flag.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, ensure};
use daduk_e2e_desktop::fixtures::{daduk, write};
use daduk_e2e_desktop::{App, DEFAULT_WINDOW, LAPTOP};
use thirtyfour::Key;

const UY: [&str; 4] = ["--unit", "DINKES-BLL", "--year", "2024"];

fn with_uy<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}

/// A unit's workspace with its 2024 assessment and one activity planned for
/// March only.
fn unit_workspace(ws: &Path) -> Result<()> {
    daduk(ws, &["init", "--role", "unit"])?;
    daduk(
        ws,
        &[
            "unit",
            "add",
            "DINKES-BLL",
            "--name",
            "Dinas Kesehatan Kabupaten Buleleng",
            "--target",
            "wbk",
        ],
    )?;
    daduk(ws, &with_uy(&["assessment", "new"], &[]))?;
    daduk(
        ws,
        &with_uy(
            &["plan", "activity", "add"],
            &[
                "--area",
                "1",
                "--program",
                "Monitoring dan evaluasi ZI",
                "--activity",
                "Rapat monev triwulan I",
                "--months",
                "3",
            ],
        ),
    )?;
    Ok(())
}

/// A folder whose files name no item: two scans in `rapat/`, and a phone
/// photo of the team's decree, taken sideways (read by OCR).
fn unnamed_folder(root: &Path) -> Result<()> {
    write(
        &root.join("rapat").join("scan 001.pdf"),
        b"%PDF-1.4 undangan",
    )?;
    write(&root.join("rapat").join("scan 002.pdf"), b"%PDF-1.4 notula")?;
    let photo =
        daduk_e2e_desktop::repo_root().join("crates/daduk-read/testdata/foto-sk-miring.jpg");
    write(&root.join("IMG_0042.jpg"), &std::fs::read(photo)?)?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn a_unit_teams_typing_survives_screens_months_and_closing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("ZI 2024");
    unnamed_folder(&folder)?;
    let app = App::start_prepared("forms_unit", unit_workspace).await?;
    app.resize(LAPTOP).await?;

    // A year that already has an assessment: said at the field, and no
    // window-wide "changed elsewhere" notice.
    app.fill("[data-testid=year-DINKES-BLL]", "2024").await?;
    app.click("[data-testid=new-assessment-DINKES-BLL]").await?;
    app.wait_for_text("sudah ada").await?;
    app.settle().await?;
    app.wait_gone("[data-testid=kind-notice]").await?;

    // A Catatan typed and not left: Ctrl+3 and back keep it.
    app.click("[data-testid=open-DINKES-BLL-2024]").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;
    app.click("[data-testid=note-unit]").await?;
    app.press("SK Kepala Dinas No. 12/2024").await?;
    app.chord(Key::Control, "3").await?;
    app.wait_for("[data-testid=radar]").await?;
    app.chord(Key::Control, "2").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;
    let kept = app.value_of("[data-testid=note-unit]").await?;
    ensure!(
        kept == "SK Kepala Dinas No. 12/2024",
        "the typed Catatan came back: {kept:?}"
    );

    // Closing the window while it is unsaved asks first; "Kembali" keeps
    // the window and the text.
    app.wait_for("[data-testid=note-unit-draft]").await?;
    app.request_close()?;
    app.wait_for_element_text("#question-title", "Tutup Daduk?")
        .await?;
    let body = app.text_of("#question-body").await?;
    ensure!(
        body.contains("Catatan Tim Kerja P.1.i.a"),
        "the question names what is unsaved: {body}"
    );
    app.screenshots("forms-01-tutup-dengan-draf", LAPTOP)
        .await?;
    app.click("[data-testid=question-no]").await?;
    app.wait_gone("[data-testid=question]").await?;
    ensure!(
        app.value_of("[data-testid=note-unit]").await? == "SK Kepala Dinas No. 12/2024",
        "the text is still there"
    );
    // Saved by leaving the field: no draft any more.
    app.click("[data-testid=note-unit]").await?;
    app.click("[data-testid=answer-card] h2").await?;
    app.wait_for_text("Tersimpan").await?;
    app.wait_gone("[data-testid=note-unit-draft]").await?;

    // Rencana Aksi: Keadaan per as people write dates.
    app.chord(Key::Control, "6").await?;
    app.wait_for("[data-testid=plan-screen]").await?;
    app.fill("[data-testid=plan-date]", "15/07/2024").await?;
    app.click("[data-testid=plan-date-apply]").await?;
    app.wait_for_text("Terlambat per 15 Juli 2024").await?;

    // A month without a record opens as "Belum dicatat".
    let row = app
        .js(
            "return document.querySelector('[data-testid^=plan-activity-]').dataset.testid;",
            Vec::new(),
        )
        .await?;
    let row = row.as_str().unwrap_or_default().to_string();
    app.click(&format!("[data-testid={row}] button.name"))
        .await?;
    app.wait_for("[data-testid=plan-activity-detail]").await?;
    app.click("[data-testid=progress-month-3]").await?;
    app.wait_for("[data-testid=progress-status-belum_dicatat][aria-checked=true]")
        .await?;
    app.fill("[data-testid=progress-kendala]", "Narasumber berhalangan")
        .await?;
    // "Simpan perubahan" of the activity keeps the realisation form.
    app.fill("[data-testid=edit-pic]", "Sekretaris Dinas")
        .await?;
    app.click("[data-testid=activity-save]").await?;
    app.wait_for_text("Perubahan kegiatan disimpan").await?;
    ensure!(
        app.value_of("[data-testid=progress-kendala]").await? == "Narasumber berhalangan",
        "the kendala survived Simpan perubahan"
    );
    app.wait_for("[data-testid=progress-status-belum_dicatat][aria-checked=true]")
        .await?;
    app.screenshots("forms-02-realisasi-belum-dicatat", LAPTOP)
        .await?;
    // Saving the kendala alone records it, and March is not done.
    app.click("[data-testid=progress-save]").await?;
    app.wait_for_text("Realisasi Maret disimpan").await?;
    app.wait_for_element_text("[data-testid=plan-on-schedule]", "0%")
        .await?;
    app.wait_for("tr.selected [data-month='3'][data-state=late]")
        .await?;
    app.wait_for("[data-testid=progress-month-3].unrecorded")
        .await?;

    // Kegiatan baru: a list of codes, one of them ambiguous, is refused
    // with its text; the half-filled form survives another screen.
    app.click("[data-testid=plan-add-open]").await?;
    app.fill("[data-testid=add-program]", "Monitoring dan evaluasi ZI")
        .await?;
    app.fill("[data-testid=add-activity]", "Rapat monev triwulan II")
        .await?;
    app.click("[data-testid=add-months] [data-month='6']")
        .await?;
    app.fill("[data-testid=add-items]", "1.i.a; 1.ii.c").await?;
    app.click("[data-testid=plan-add-save]").await?;
    app.wait_for("[data-testid=plan-add-error]").await?;
    let refused = app.text_of("[data-testid=plan-add-error]").await?;
    ensure!(
        refused.contains("P.1.i.a (Pemenuhan), R.1.i.a (Reform) atau H.1.i.a (Hasil)"),
        "the refusal names the code and its readings: {refused:?}"
    );
    app.screenshots("forms-03-kegiatan-baru-galat", LAPTOP)
        .await?;
    app.chord(Key::Control, "2").await?;
    app.wait_for("[data-testid=item-pane]").await?;
    app.chord(Key::Control, "6").await?;
    app.wait_for("[data-testid=plan-add]").await?;
    ensure!(
        app.value_of("[data-testid=add-activity]").await? == "Rapat monev triwulan II",
        "the half-filled Kegiatan baru came back"
    );
    app.fill("[data-testid=add-items]", "P.1.i.a; 1.ii.c")
        .await?;
    app.click("[data-testid=plan-add-save]").await?;
    app.wait_for_element_text("[data-testid=plan-activities]", "2")
        .await?;
    app.wait_for("[data-testid=plan-activity-detail]").await?;
    let items = app.value_of("[data-testid=edit-items]").await?;
    ensure!(
        items == "P.1.i.a; P.1.ii.c",
        "the items were read: {items:?}"
    );

    // Impor & Verifikasi keeps its folder and result across screens, and a
    // whole folder is placed on an item at once.
    app.chord(Key::Control, "4").await?;
    app.wait_for("[data-testid=import-screen]").await?;
    app.fill("[data-testid=import-folder]", &folder.display().to_string())
        .await?;
    app.click("[data-testid=import-preview]").await?;
    // The photo is read by OCR for its suggestion: give it time.
    app.wait_long(
        "[data-testid=import-preview-result]",
        Duration::from_secs(120),
    )
    .await?;
    app.wait_for_element_text("[data-testid=count-unmapped]", "3")
        .await?;
    app.chord(Key::Control, "2").await?;
    app.wait_for("[data-testid=item-pane]").await?;
    app.chord(Key::Control, "4").await?;
    app.wait_for_element_text("[data-testid=count-unmapped]", "3")
        .await?;
    ensure!(
        app.value_of("[data-testid=import-folder]").await? == folder.display().to_string(),
        "the folder path came back"
    );
    app.choose("[data-testid=place-folder-path]", "rapat")
        .await?;
    app.choose("[data-testid=place-folder-item]", "P.1.i.b")
        .await?;
    app.screenshots("forms-04-tetapkan-folder", LAPTOP).await?;
    app.click("[data-testid=place-folder-run]").await?;
    app.wait_for("[data-testid=import-result]").await?;
    app.wait_for_element_text("[data-testid=count-mapped]", "2")
        .await?;
    app.wait_for_element_text("[data-testid=count-unmapped]", "1")
        .await?;

    // The photo's content names the team's decree item: every sure
    // suggestion is taken at once, imported, and marked as placed by its
    // content, there and beside the file on its item.
    app.wait_for_element_text(
        "[data-unmapped='IMG_0042.jpg'] [data-testid=suggestion] strong",
        "P.1.i.a",
    )
    .await?;
    app.click("[data-testid=take-sure]").await?;
    app.click("[data-testid=place-run]").await?;
    app.wait_for("[data-testid=import-result]").await?;
    app.wait_for("[data-testid=added-by-content]").await?;
    app.wait_for_element_text("[data-testid=count-unmapped]", "0")
        .await?;
    app.scroll_to("[data-testid=placed-by-content]").await?;
    app.screenshots("forms-05-menurut-isi", LAPTOP).await?;
    app.chord(Key::Control, "2").await?;
    app.click("[data-tree-item='P.1.i.a']").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;
    app.wait_for("[data-file='IMG_0042.jpg'] [data-testid=placed-by-content]")
        .await?;
    app.scroll_to("[data-file='IMG_0042.jpg']").await?;
    app.screenshots("forms-05b-butir-menurut-isi", LAPTOP)
        .await?;

    // Closing with unsaved text, confirmed, closes the window.
    app.chord(Key::Control, "2").await?;
    app.wait_for("[data-testid=item-pane]").await?;
    app.click("[data-testid=note-unit]").await?;
    app.press(" (revisi)").await?;
    app.request_close()?;
    app.wait_for("[data-testid=question]").await?;
    // The window goes away under the click, so WebDriver may not answer it.
    let _ = app.click("[data-testid=question-yes]").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while app.window_open().await {
        ensure!(
            std::time::Instant::now() < deadline,
            "the window closed after the yes"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.stop_closed().await;
    Ok(())
}

/// A unit's submission of DINKES-BLL 2024 from the workspace `ws` (its own
/// signing key), with `answer` for P.1.i.a.
fn submission(ws: &Path, out: &Path, answer: &str) -> Result<()> {
    unit_workspace(ws)?;
    daduk(ws, &with_uy(&["answer", "set"], &["P.1.i.a", answer]))?;
    daduk(
        ws,
        &with_uy(
            &["packet", "export"],
            &["--out", &out.display().to_string()],
        ),
    )?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn an_evaluator_is_asked_before_changing_the_units_side() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let first = dir.path().join("kiriman-1.zip");
    let second = dir.path().join("kiriman-2.zip");
    submission(&dir.path().join("unit-a"), &first, "ya")?;
    // The same unit from another computer: another key.
    submission(&dir.path().join("unit-b"), &second, "tidak")?;
    let folder = dir.path().join("temuan");
    write(&folder.join("1.i.a SK Tim.pdf"), b"%PDF-1.4 sk")?;
    let app = App::start_prepared("forms_evaluator", |ws| {
        daduk(ws, &["init", "--role", "tpi"])?;
        daduk(ws, &["packet", "import", &first.display().to_string()])?;
        Ok(())
    })
    .await?;
    app.resize(DEFAULT_WINDOW).await?;

    // The received unit opens on the TPI side; importing a folder changes
    // the unit's data dukung, so the app asks.
    app.click("[data-testid=view-units]").await?;
    app.click("[data-testid=open-DINKES-BLL-2024]").await?;
    app.wait_for("[data-testid=role-bar][data-role=tpi]")
        .await?;
    app.chord(Key::Control, "4").await?;
    app.fill("[data-testid=import-folder]", &folder.display().to_string())
        .await?;
    app.click("[data-testid=import-run]").await?;
    app.wait_for_element_text("#question-title", "Ubah sisi Tim Kerja unit?")
        .await?;
    app.screenshots("forms-05-tanya-sisi-unit", DEFAULT_WINDOW)
        .await?;
    app.click("[data-testid=question-no]").await?;
    app.wait_gone("[data-testid=question]").await?;
    let none = app
        .js(
            "return !document.querySelector('[data-testid=import-result]');",
            Vec::new(),
        )
        .await?;
    ensure!(none == serde_json::json!(true), "no import after Batal");
    app.click("[data-testid=import-run]").await?;
    app.wait_for("[data-testid=question]").await?;
    app.click("[data-testid=question-yes]").await?;
    app.wait_for("[data-testid=import-result]").await?;
    app.wait_for_element_text("[data-testid=count-mapped]", "1")
        .await?;
    let log: serde_json::Value =
        serde_json::from_str(&daduk(app.workspace(), &["log", "--json"])?)?;
    let noted = log
        .as_array()
        .map(|entries| {
            entries.iter().any(|e| {
                e["entity"] == "side"
                    && e["action"] == "other-side"
                    && e["key"] == "unit"
                    && e["new"]
                        .as_str()
                        .is_some_and(|t| t.contains("dikonfirmasi di aplikasi"))
            })
        })
        .unwrap_or(false);
    ensure!(
        noted,
        "the log records the unit side written on purpose: {log}"
    );

    // A packet of the same unit signed by another key: the app's own
    // confirmation, not a command-line flag.
    app.chord(Key::Control, "1").await?;
    app.click("[data-testid=import-packet-start]").await?;
    app.fill("[data-testid=packet-path]", &second.display().to_string())
        .await?;
    app.click("[data-testid=packet-check]").await?;
    app.wait_for("[data-testid=packet-summary]").await?;
    app.click("[data-testid=packet-import-run]").await?;
    app.wait_for("[data-testid=packet-consent]").await?;
    let refusal = app.text_of("[data-testid=packet-error]").await?;
    ensure!(
        refusal.contains("kunci baru") && !refusal.contains("--"),
        "the refusal names no command-line flag: {refusal}"
    );
    app.wait_for_element_text(
        "[data-testid=packet-import-run]",
        "Terima kunci baru & impor",
    )
    .await?;
    app.screenshots("forms-06-kunci-baru", DEFAULT_WINDOW)
        .await?;
    app.click("[data-testid=packet-consent-check]").await?;
    app.click("[data-testid=packet-import-run]").await?;
    app.wait_gone("[data-testid=packet-consent]").await?;
    app.wait_gone("[data-testid=packet-error]").await?;
    app.stop().await
}
