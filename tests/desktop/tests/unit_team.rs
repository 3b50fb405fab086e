//! A Tim Kerja's day in the real app, on a fresh workspace: create a unit and
//! its assessment (an invalid NIP is refused inline), answer items of every
//! kind in Tim Kerja mode and one in TPI mode, see the dashboard change,
//! move with the keyboard, search and filter, import a folder of data dukung
//! (preview, then import) and see items become Lengkap, review a file as TPI,
//! verify, and write the PDF report and a packet. Screenshots of every screen
//! go to `artifacts/screenshots/`.

use std::path::Path;

use anyhow::{Result, ensure};
use daduk_e2e_desktop::fixtures::write;
use daduk_e2e_desktop::{App, repo_root};
use thirtyfour::Key;

const CODE: &str = "[data-testid=item-code]";

/// A folder of data dukung as teams keep it: item codes in folder and file
/// names, one file that maps to no item.
fn evidence_folder(root: &Path) -> Result<()> {
    let sub = root.join("AREA I").join("i. Penyusunan Tim Kerja");
    write(
        &sub.join("1.i.a SK Tim Kerja ZI 2024.pdf"),
        b"%PDF-1.4 SK tim kerja",
    )?;
    write(
        &sub.join("1.i.b Undangan rapat tim.pdf"),
        b"%PDF-1.4 undangan rapat",
    )?;
    write(
        &sub.join("1.i.b Daftar hadir rapat tim.pdf"),
        b"%PDF-1.4 daftar hadir",
    )?;
    write(
        &sub.join("1.i.b Notula rapat tim.pdf"),
        b"%PDF-1.4 notula rapat",
    )?;
    write(
        &sub.join("1.i.b Foto rapat tim.jpg"),
        b"\xff\xd8\xff foto rapat",
    )?;
    write(
        &root
            .join("Reform")
            .join("1")
            .join("i")
            .join("a")
            .join("Laporan agen perubahan.pdf"),
        b"%PDF-1.4 laporan",
    )?;
    write(&root.join("catatan pribadi.txt"), b"bukan data dukung")?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn a_unit_team_fills_its_lke_and_sends_a_packet() -> Result<()> {
    let app = App::start("unit_team").await?;

    // An empty workspace opens on the form for the first unit.
    app.wait_for("[data-testid=unit-form]").await?;
    app.screenshot("01-beranda-kosong").await?;
    app.fill("[data-testid=unit-code]", "DINKES-BLL").await?;
    app.fill(
        "[data-testid=unit-name]",
        "Dinas Kesehatan Kabupaten Buleleng",
    )
    .await?;
    app.fill(
        "[data-testid=unit-instansi]",
        "Pemerintah Kabupaten Buleleng",
    )
    .await?;
    app.fill("[data-testid=kepala-name]", "dr. Made Sudana, M.Kes.")
        .await?;
    app.fill("[data-testid=kepala-nip]", "1970").await?;
    app.fill("[data-testid=ketua-name]", "Ni Luh Putu Ayu, S.E.")
        .await?;
    app.fill("[data-testid=ketua-nip]", "198503152010012003")
        .await?;
    app.fill("[data-testid=unit-year]", "2024").await?;
    app.click("[data-testid=unit-submit]").await?;
    // The core's message, inline.
    app.wait_for_text("NIP kepala '1970' tidak sah").await?;
    app.screenshot("02-unit-galat").await?;
    app.fill("[data-testid=kepala-nip]", "19700101 199003 1 001")
        .await?;
    app.click("[data-testid=unit-submit]").await?;

    // The new assessment opens on Penilaian at the first item.
    app.wait_for_element_text(CODE, "P.1.i.a").await?;
    app.wait_for_element_text("[data-testid=open-assessment]", "DINKES-BLL · 2024")
        .await?;

    // Tim Kerja: ya / tidak by click ...
    app.click("[data-option=ya]").await?;
    app.wait_for_element_text("[data-testid=value-unit] strong", "1,00")
        .await?;
    app.click("[data-testid=note-unit]").await?;
    app.press("SK Kepala Dinas No. 12/2024").await?;
    // ... leaving the note saves it; j moves to the next item.
    app.click("[data-testid=answer-card] h2").await?;
    app.wait_for_text("Tersimpan").await?;
    app.press("j").await?;
    app.wait_for_element_text(CODE, "P.1.i.b").await?;
    // ... a choice by keyboard.
    app.press("b").await?;
    app.wait_for("[data-option=b][aria-checked=true]").await?;
    ensure!(
        app.text_of("[data-tree-item='P.1.i.a'] .value").await? == "1,00",
        "the tree shows the answered value"
    );
    app.screenshot("03-penilaian-pilihan").await?;

    // The window at its smallest still lays out.
    app.driver().set_window_rect(0, 0, 1024, 700).await?;
    app.screenshot("03b-penilaian-1024").await?;
    app.driver().set_window_rect(0, 0, 1280, 800).await?;

    // Ctrl+K finds items by words too.
    app.chord(Key::Control, "k").await?;
    app.fill("[data-testid=search-input]", "agen perubahan")
        .await?;
    app.wait_for("[data-hit='0']").await?;
    app.screenshot("03c-cari").await?;
    app.press(Key::Escape).await?;

    // Counts: the value is computed by the core as rows are typed.
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "r5iiib").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "R.5.iii.b").await?;
    let rows = app
        .driver()
        .find_all(thirtyfour::By::Css("[data-count-row]"))
        .await?;
    ensure!(rows.len() >= 2, "a counts item has rows to type");
    for (i, row) in rows.iter().enumerate() {
        row.send_keys(if i == 0 { "8" } else { "6" }).await?;
    }
    let preview = app
        .wait_for_text_other_than("[data-testid=counts-preview]", "–")
        .await?;
    app.screenshot("04-penilaian-jumlah").await?;
    app.click("[data-testid=save-answer]").await?;
    app.wait_for_element_text("[data-testid=value-unit] strong", &preview)
        .await?;

    // A survey index written the Indonesian way.
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "H.1.i.a").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "H.1.i.a").await?;
    app.fill("[data-testid=survey-input]", "3,61").await?;
    app.wait_for_element_text("[data-testid=survey-preview]", "0,90")
        .await?;
    app.click("[data-testid=save-answer]").await?;
    app.wait_for_element_text("[data-testid=value-unit] strong", "0,90")
        .await?;

    // The longest option texts still lay out (screenshot to look at).
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "R.2.iii.b").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "R.2.iii.b").await?;
    app.click("[data-option=e]").await?;
    app.wait_for("[data-option=e][aria-checked=true]").await?;
    app.screenshot("05-penilaian-opsi-panjang").await?;

    // The dashboard shows the scores so far.
    app.click("[data-testid=tab-ringkasan]").await?;
    app.wait_for("[data-testid=radar]").await?;
    let total = app.text_of("[data-testid=total-unit]").await?;
    ensure!(total != "0,00", "the unit's total moved, got {total}");
    app.screenshot("06-ringkasan").await?;
    app.scroll_to("[aria-labelledby=pred-title]").await?;
    app.screenshot("06b-ringkasan-syarat").await?;
    app.scroll_to("[data-testid=missing]").await?;
    app.screenshot("06c-ringkasan-kurang").await?;

    // TPI mode: TPI disagrees on P.1.i.a; the filter finds it.
    app.click("[data-testid=mode-tpi]").await?;
    app.click("[data-testid=tab-penilaian]").await?;
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "P.1.i.a").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "P.1.i.a").await?;
    app.click("[data-option=tidak]").await?;
    app.wait_for_element_text("[data-testid=value-tpi] strong", "0,00")
        .await?;
    app.click("[data-testid=filter-differ]").await?;
    app.wait_for("[data-tree-item='P.1.i.a']").await?;
    app.wait_gone("[data-tree-item='P.1.i.b']").await?;
    app.screenshot("07-penilaian-tpi-beda").await?;
    // Alt+2: belum dijawab (by TPI).
    app.chord(Key::Alt, "2").await?;
    app.wait_gone("[data-tree-item='P.1.i.a']").await?;
    app.wait_for("[data-tree-item='P.1.i.b']").await?;
    app.click("[data-testid=filter-all]").await?;
    app.click("[data-testid=mode-unit]").await?;

    // Import a folder: preview first, then import; items become Lengkap.
    let temp = tempfile::tempdir()?;
    let folder = temp.path().join("ZI 2024");
    evidence_folder(&folder)?;
    app.click("[data-testid=tab-impor]").await?;
    app.fill("[data-testid=import-folder]", &folder.display().to_string())
        .await?;
    app.click("[data-testid=import-preview]").await?;
    app.wait_for("[data-testid=import-preview-result]").await?;
    app.wait_for_element_text("[data-testid=count-mapped]", "6")
        .await?;
    app.wait_for_element_text("[data-testid=count-unmapped]", "1")
        .await?;
    app.click("[data-testid=import-run]").await?;
    app.wait_for("[data-testid=import-result]").await?;
    app.wait_for_element_text("[data-testid=count-mapped]", "6")
        .await?;
    app.screenshot("08-impor-folder").await?;
    // Importing again adds nothing twice.
    app.click("[data-testid=import-run]").await?;
    app.wait_for_element_text("[data-testid=count-unchanged]", "6")
        .await?;
    app.wait_for_element_text("[data-testid=count-mapped]", "0")
        .await?;

    app.click("[data-testid=verify-run]").await?;
    app.wait_for("[data-testid=verify-clean]").await?;
    app.scroll_to("[aria-labelledby=verify-title]").await?;
    app.screenshot("08b-verifikasi").await?;

    app.click("[data-testid=tab-penilaian]").await?;
    app.click("[data-tree-item='P.1.i.b']").await?;
    app.wait_for_element_text(CODE, "P.1.i.b").await?;
    app.wait_for_element_text("[data-testid=item-complete]", "Lengkap")
        .await?;
    app.wait_for("[data-tree-item='P.1.i.b'][data-complete=yes]")
        .await?;
    app.wait_for("[data-testid=file-table] [data-file='1.i.b Notula rapat tim.pdf']")
        .await?;
    // Correct a document date.
    app.click("[data-file='1.i.b Notula rapat tim.pdf'] [data-testid=edit-file]")
        .await?;
    app.js(
        "const i = document.querySelector('[data-testid=edit-date]');\
         i.value = '2024-02-14'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        Vec::new(),
    )
    .await?;
    app.click("[data-testid=edit-save]").await?;
    app.wait_for_text("14 Februari 2024").await?;
    app.screenshot("09-butir-data-dukung").await?;

    // TPI accepts one file and rejects another with a note.
    app.click("[data-testid=mode-tpi]").await?;
    app.click("[data-file='1.i.b Notula rapat tim.pdf'] [data-testid=accept-file]")
        .await?;
    app.wait_for("[data-file='1.i.b Notula rapat tim.pdf'][data-review=accepted]")
        .await?;
    app.click("[data-file='1.i.b Foto rapat tim.jpg'] [data-testid=reject-file]")
        .await?;
    app.fill(
        "[data-file='1.i.b Foto rapat tim.jpg'] [data-testid=reject-note]",
        "Foto tidak menunjukkan kegiatan",
    )
    .await?;
    app.click("[data-testid=reject-confirm]").await?;
    app.wait_for("[data-file='1.i.b Foto rapat tim.jpg'][data-review=rejected]")
        .await?;
    app.screenshot("10-butir-tpi-reviu").await?;
    app.click("[data-testid=mode-unit]").await?;

    // Mark a kind "tidak ada" with a reason: P.1.i.a needs only an SK and
    // has it; P.1.ii.a needs six kinds.
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "P.1.ii.a").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "P.1.ii.a").await?;
    app.click("[data-testid=mark-absent-foto]").await?;
    app.fill(
        "[data-testid=absent-reason]",
        "Rapat daring, tidak ada foto",
    )
    .await?;
    app.press(Key::Enter).await?;
    app.wait_for("[data-kind=foto][data-covered=yes]").await?;

    // Reports and packets.
    let out = tempfile::tempdir()?;
    app.click("[data-testid=tab-laporan]").await?;
    app.fill(
        "[data-testid=report-path]",
        &out.path().join("laporan.pdf").display().to_string(),
    )
    .await?;
    app.click("[data-testid=report-run]").await?;
    app.wait_long(
        "[data-testid=report-result]",
        std::time::Duration::from_secs(60),
    )
    .await?;
    ensure!(
        out.path().join("laporan.pdf").is_file(),
        "the report was written"
    );
    let packet = out.path().join("paket.zip");
    app.fill("[data-testid=packet-out]", &packet.display().to_string())
        .await?;
    app.click("[data-testid=packet-export]").await?;
    app.wait_long(
        "[data-testid=packet-export-result]",
        std::time::Duration::from_secs(60),
    )
    .await?;
    ensure!(packet.is_file(), "the packet was written");
    app.screenshot("11-laporan-paket").await?;

    rencana_aksi(&app, out.path()).await?;

    // The start screen lists the unit with its figures and its plan's
    // overdue count.
    app.click("[data-testid=tab-start]").await?;
    app.wait_for("[data-testid=overdue-DINKES-BLL-2024].bad")
        .await?;
    app.wait_for("[data-testid=unit-DINKES-BLL]").await?;
    app.screenshot("12-beranda-unit").await?;

    app.stop().await
}

/// Rencana Aksi at the size it is looked at (1366×768): a malformed sheet
/// refused, the seed's Target Prioritas imported, an activity added and its
/// months realised with a file as proof, an item's period changed, both
/// documents written, the suggestion on P.1.iii.a used, and the plan
/// read-only in TPI mode.
async fn rencana_aksi(app: &App, out: &Path) -> Result<()> {
    app.driver().set_window_rect(0, 0, 1366, 768).await?;
    app.click("[data-testid=tab-rencana]").await?;
    app.wait_for("[data-testid=plan-screen]").await?;
    app.click("[data-testid=plan-tab-dokumen]").await?;
    let bad = out.join("rusak.csv");
    write(
        &bad,
        "NO;PROGRAM;IMPLEMENTASI PROGRAM;TARGET;JAN;FEB;MAR;APR;MEI;JUN;JUL;AGS;SEP;OKT;NOV;DES\n\
         1.;Pencanangan ZI;Pakta integritas;Komitmen;Maret;;;;;;;;;;;\n"
            .as_bytes(),
    )?;
    app.fill("[data-testid=plan-sheet-path]", &bad.display().to_string())
        .await?;
    app.click("[data-testid=plan-sheet-area] option[value='1']")
        .await?;
    app.click("[data-testid=plan-sheet-import]").await?;
    app.wait_for("[data-testid=plan-sheet-error]").await?;
    app.screenshot("13a-rencana-tabel-ditolak").await?;
    app.wait_for_text("baris 2, kolom JAN: nilai 'Maret' bukan tanda")
        .await?;
    let seed = repo_root().join("tests/fixtures/target-prioritas-dinkes-buleleng-2023.csv");
    app.fill("[data-testid=plan-sheet-path]", &seed.display().to_string())
        .await?;
    app.click("[data-testid=plan-sheet-import]").await?;
    app.wait_for_text("49 kegiatan dibaca: 49 ditambah").await?;
    app.wait_for_element_text("[data-testid=plan-activities]", "49")
        .await?;

    // The year as of mid-July: an activity added by hand, realised in
    // March with a file already attached as its proof, late in June.
    app.click("[data-testid=plan-tab-jadwal]").await?;
    app.fill("[data-testid=plan-date]", "2024-07-15").await?;
    app.click("[data-testid=plan-date-apply]").await?;
    app.wait_for_text("Terlambat per 15 Juli 2024").await?;
    app.click("[data-testid=plan-add-open]").await?;
    app.fill("[data-testid=add-program]", "Monitoring dan evaluasi ZI")
        .await?;
    app.fill(
        "[data-testid=add-activity]",
        "Rapat monev rencana aksi bersama pimpinan",
    )
    .await?;
    app.fill(
        "[data-testid=add-target]",
        "Rencana aksi terpantau tiap triwulan",
    )
    .await?;
    for m in ["3", "6", "9", "12"] {
        app.click(&format!("[data-testid=add-months] [data-month='{m}']"))
            .await?;
    }
    app.fill("[data-testid=add-pic]", "Ketua Tim Kerja ZI")
        .await?;
    app.fill("[data-testid=add-items]", "P.1.iii.a, P.1.iii.b")
        .await?;
    app.click("[data-testid=plan-add] [data-kind=notula]")
        .await?;
    app.click("[data-testid=plan-add-save]").await?;
    app.wait_for("[data-testid=plan-activity-detail]").await?;
    app.wait_for_element_text("[data-testid=plan-activities]", "50")
        .await?;
    app.click("[data-testid=progress-month-3]").await?;
    app.click("[data-testid=progress-status-selesai]").await?;
    app.fill("[data-testid=progress-kendala]", "Jadwal pimpinan padat")
        .await?;
    app.fill("[data-testid=progress-solusi]", "Rapat digeser sepekan")
        .await?;
    app.fill("[data-testid=progress-file-filter]", "Notula")
        .await?;
    app.click("[data-testid=progress-files] input[type=checkbox]")
        .await?;
    app.click("[data-testid=progress-save]").await?;
    app.wait_for("[data-testid=activity-saved]").await?;
    app.wait_for("tr.selected [data-month='3'][data-state=done]")
        .await?;
    app.wait_for("tr.selected [data-month='6'][data-state=late]")
        .await?;
    app.wait_for("tr.selected [data-month='9'][data-state=planned]")
        .await?;
    // One of the seed's activities done in its month.
    app.js(
        "[...document.querySelectorAll('[data-testid^=plan-activity-]')]\
           .find((r) => r.textContent.includes('Penandatanganan pakta')).click();",
        Vec::new(),
    )
    .await?;
    app.wait_for_text("Kegiatan #").await?;
    app.click("[data-testid=progress-month-2]").await?;
    app.click("[data-testid=progress-status-selesai]").await?;
    app.click("[data-testid=progress-save]").await?;
    app.wait_for("tr.selected [data-month='2'][data-state=done]")
        .await?;
    app.js(
        "document.querySelector('main.content').scrollTop = 0;",
        Vec::new(),
    )
    .await?;
    app.screenshot("13-rencana-jadwal").await?;
    app.scroll_to("[data-testid=plan-activity-detail]").await?;
    app.screenshot("13b-rencana-realisasi").await?;
    // At the smallest window the grid still lays out.
    app.driver().set_window_rect(0, 0, 1024, 700).await?;
    app.js(
        "document.querySelector('main.content').scrollTop = 0;",
        Vec::new(),
    )
    .await?;
    app.screenshot("13f-rencana-1024").await?;
    app.driver().set_window_rect(0, 0, 1366, 768).await?;

    // An item's target period and its penanggung jawab.
    app.click("[data-testid=plan-tab-butir]").await?;
    app.click("[data-testid='plan-item-edit-P.1.i.a']").await?;
    app.click("[data-testid=plan-item-months] [data-month='3']")
        .await?;
    app.fill("[data-testid=plan-item-pic]", "Sekretaris Dinas")
        .await?;
    app.click("[data-testid=plan-item-save]").await?;
    app.wait_for_text("Januari, Februari 2024").await?;
    app.screenshot("13c-rencana-butir").await?;

    // Both documents, signed at Singaraja.
    app.click("[data-testid=plan-tab-dokumen]").await?;
    app.fill("[data-testid=plan-doc-place]", "Singaraja")
        .await?;
    app.fill("[data-testid=plan-doc-date]", "2024-07-15")
        .await?;
    let plan_pdf = out.join("rencana-aksi.pdf");
    app.fill(
        "[data-testid=plan-doc-path]",
        &plan_pdf.display().to_string(),
    )
    .await?;
    app.click("[data-testid=plan-doc-write]").await?;
    app.wait_long(
        "[data-testid=plan-doc-result]",
        std::time::Duration::from_secs(60),
    )
    .await?;
    app.click("[data-testid=plan-report-quarter] option[value='2']")
        .await?;
    app.click("[data-testid=plan-report-docx]").await?;
    let monev = out.join("monev-tw2.docx");
    app.fill(
        "[data-testid=plan-report-path]",
        &monev.display().to_string(),
    )
    .await?;
    app.click("[data-testid=plan-report-write]").await?;
    app.wait_long(
        "[data-testid=plan-report-result]",
        std::time::Duration::from_secs(60),
    )
    .await?;
    ensure!(
        plan_pdf.is_file() && monev.is_file(),
        "both documents were written"
    );
    app.scroll_to("[aria-labelledby=docs-title]").await?;
    app.screenshot("13d-rencana-dokumen").await?;

    // TPI mode reads the unit's plan only.
    app.click("[data-testid=mode-tpi]").await?;
    app.click("[data-testid=plan-tab-jadwal]").await?;
    app.wait_for("[data-testid=plan-read-only]").await?;
    app.wait_gone("[data-testid=plan-add-open]").await?;
    app.click("[data-testid=mode-unit]").await?;

    // P.1.iii.a's pane shows the suggestion; the team takes it.
    app.click("[data-testid=tab-penilaian]").await?;
    app.click("[data-testid=open-search]").await?;
    app.fill("[data-testid=search-input]", "P.1.iii.a").await?;
    app.press(Key::Enter).await?;
    app.wait_for_element_text(CODE, "P.1.iii.a").await?;
    let letter = app
        .text_of("[data-testid=item-plan-suggestion-letter]")
        .await?;
    app.screenshot("13e-butir-saran-rencana").await?;
    app.click("[data-testid=item-plan-suggestion-use]").await?;
    app.wait_for(&format!("[data-option={letter}][aria-checked=true]"))
        .await?;
    app.driver().set_window_rect(0, 0, 1280, 800).await?;
    Ok(())
}
