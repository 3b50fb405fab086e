//! An evaluator (TPI) in the real app, in the default 1280×800 window: the
//! workspace is said to be an evaluator's, so it opens on importing
//! packets, not on registering a unit. Two units' packets, made with the
//! `daduk` CLI, are checked and imported through the app (a tampered one is
//! refused with its findings); the received units offer no new assessment;
//! they are compared side by side (names, colours against the WBK/WBBM
//! lines, sortable); one opens in TPI mode and is reviewed, an edit of the
//! unit's side is asked about (and refused), and the review packet goes
//! back, first on Laporan & Paket. Screenshots of every screen, at 1366×768
//! and 1280×800, go to `artifacts/screenshots/`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, ensure};
use daduk_e2e_desktop::fixtures::{answers_csv, daduk, kind_word, template_items, write};
use daduk_e2e_desktop::{App, DEFAULT_WINDOW, repo_root};

/// A unit's workspace with every item answered and data dukung for the
/// first items, exported as a packet; returns the packet's path.
fn unit_packet(
    dir: &Path,
    unit: &str,
    name: &str,
    variant: usize,
    files: usize,
) -> Result<PathBuf> {
    let ws = dir.join(format!("ws-{unit}"));
    let items = template_items()?;
    daduk(&ws, &["init"])?;
    daduk(
        &ws,
        &[
            "unit",
            "add",
            unit,
            "--name",
            name,
            "--instansi",
            "Pemerintah Provinsi Bali",
            "--target",
            "wbk",
        ],
    )?;
    daduk(
        &ws,
        &["assessment", "new", "--unit", unit, "--year", "2024"],
    )?;
    let csv = dir.join(format!("{unit}.csv"));
    write(&csv, answers_csv(&items, variant).as_bytes())?;
    daduk(
        &ws,
        &[
            "answer",
            "import",
            "--unit",
            unit,
            "--year",
            "2024",
            &csv.display().to_string(),
        ],
    )?;
    let folder = dir.join(format!("berkas-{unit}"));
    for item in items.iter().take(files) {
        for kind in &item.kinds {
            let name = format!("{} {} {unit}.pdf", item.code, kind_word(kind));
            write(
                &folder.join(&item.code).join(name),
                format!("%PDF-1.4 {unit} {} {kind}", item.code).as_bytes(),
            )?;
        }
    }
    daduk(
        &ws,
        &[
            "evidence",
            "import",
            "--unit",
            unit,
            "--year",
            "2024",
            &folder.display().to_string(),
        ],
    )?;
    // The unit's Rencana Aksi travels with its packet.
    let seed = repo_root().join("tests/fixtures/target-prioritas-dinkes-buleleng-2023.csv");
    let which = ["--unit", unit, "--year", "2024"];
    daduk(
        &ws,
        &[
            &["plan", "import"][..],
            &which,
            &[&seed.display().to_string()],
        ]
        .concat(),
    )?;
    let shown: serde_json::Value = serde_json::from_str(&daduk(
        &ws,
        &[&["plan", "show"][..], &which, &["--json"]].concat(),
    )?)?;
    let first = shown["activities"][0]["id"].to_string();
    daduk(
        &ws,
        &[
            &["plan", "progress"][..],
            &which,
            &[&first, "--month", "2", "--status", "selesai"],
        ]
        .concat(),
    )?;
    let packet = dir.join(format!("Paket {unit} 2024.zip"));
    daduk(
        &ws,
        &[
            "packet",
            "export",
            "--unit",
            unit,
            "--year",
            "2024",
            "--out",
            &packet.display().to_string(),
        ],
    )?;
    Ok(packet)
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn an_evaluator_imports_compares_and_reviews_units() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let first = unit_packet(
        dir.path(),
        "DISDIK-BLL",
        "Dinas Pendidikan Kabupaten Buleleng",
        0,
        12,
    )?;
    let second = unit_packet(dir.path(), "RSUD-BLL", "RSUD Kabupaten Buleleng", 1, 30)?;
    // The second unit's packet again, as a folder, with one byte of one file
    // changed.
    let tampered = dir.path().join("Paket RSUD-BLL diubah");
    let ws = dir.path().join("ws-RSUD-BLL");
    daduk(
        &ws,
        &[
            "packet",
            "export",
            "--unit",
            "RSUD-BLL",
            "--year",
            "2024",
            "--out",
            &tampered.display().to_string(),
        ],
    )?;
    let victim = walk_files(&tampered.join("evidence"))?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no evidence file"))?;
    let mut bytes = std::fs::read(&victim)?;
    bytes[0] ^= 0x20;
    std::fs::write(&victim, bytes)?;

    let app = App::start("evaluator").await?;
    app.resize(DEFAULT_WINDOW).await?;
    app.wait_for("[data-testid=role-choice]").await?;
    app.click("[data-testid=role-tpi]").await?;
    // An evaluator starts on importing a unit's packet, not on a unit form.
    app.wait_for("[data-testid=evaluator-start]").await?;
    app.wait_for("[data-testid=packet-import]").await?;
    app.wait_gone("[data-testid=unit-form]").await?;
    app.screenshots("20a-beranda-penilai", DEFAULT_WINDOW)
        .await?;

    // The tampered packet is refused with its findings; nothing is imported.
    app.fill("[data-testid=packet-path]", &tampered.display().to_string())
        .await?;
    app.click("[data-testid=packet-check]").await?;
    app.wait_long("[data-testid=packet-findings]", Duration::from_secs(60))
        .await?;
    let import = app.wait_for("[data-testid=packet-import-run]").await?;
    ensure!(
        !import.is_enabled().await?,
        "a packet with findings cannot be imported"
    );
    app.screenshots("20-paket-ditolak", DEFAULT_WINDOW).await?;

    // Both good packets are checked, then imported.
    for packet in [&first, &second] {
        app.fill("[data-testid=packet-path]", &packet.display().to_string())
            .await?;
        app.click("[data-testid=packet-check]").await?;
        app.wait_long("[data-testid=packet-clean]", Duration::from_secs(60))
            .await?;
        if packet == &first {
            app.wait_for_text("ditandatangani kunci").await?;
            app.wait_for("[data-testid=fingerprint-copy]").await?;
            app.screenshots("21-paket-diperiksa", DEFAULT_WINDOW)
                .await?;
        }
        app.click("[data-testid=packet-import-run]").await?;
        app.wait_long("[data-testid=packet-result]", Duration::from_secs(60))
            .await?;
    }
    app.click("[data-testid=packet-close]").await?;
    app.wait_for("[data-testid=unit-DISDIK-BLL]").await?;
    app.wait_for("[data-testid=unit-RSUD-BLL]").await?;
    // Units received in packets are reviewed here, not started anew.
    app.wait_gone("[data-testid=year-RSUD-BLL]").await?;
    app.wait_gone("[data-testid=new-assessment-DISDIK-BLL]")
        .await?;
    app.screenshots("22-beranda-dua-unit", DEFAULT_WINDOW)
        .await?;

    // Units side by side, by name, sortable by any column.
    app.click("[data-testid=view-compare]").await?;
    app.wait_for("[data-testid=compare-view]").await?;
    app.screenshot("23a-perbandingan-awal").await?;
    app.wait_for("[data-compare-row=DISDIK-BLL] .name").await?;
    ensure!(
        app.text_of("[data-compare-row=DISDIK-BLL] .name").await?
            == "Dinas Pendidikan Kabupaten Buleleng",
        "units are compared by name"
    );
    app.click("[data-testid=compare-unit]").await?;
    app.click("[data-testid=sort-total]").await?;
    let order = app
        .js(
            "return [...document.querySelectorAll('[data-compare-row]')].map((r) => r.dataset.compareRow);",
            Vec::new(),
        )
        .await?;
    app.click("[data-testid=sort-total]").await?;
    let reversed = app
        .js(
            "return [...document.querySelectorAll('[data-compare-row]')].map((r) => r.dataset.compareRow);",
            Vec::new(),
        )
        .await?;
    let mut back = order.as_array().cloned().unwrap_or_default();
    back.reverse();
    ensure!(
        back.len() == 2 && serde_json::Value::Array(back) == reversed,
        "a second click sorts the other way: {order} then {reversed}"
    );
    app.screenshots("23-perbandingan-unit", DEFAULT_WINDOW)
        .await?;

    // A received unit opens in TPI mode: the evaluator's own side.
    app.click("[data-testid=view-units]").await?;
    app.click("[data-testid=open-RSUD-BLL-2024]").await?;
    app.wait_for("[data-testid=item-pane]").await?;
    app.wait_for("[data-testid=role-bar][data-role=tpi]")
        .await?;
    app.click("[data-option=tidak]").await?;
    app.wait_for_element_text("[data-testid=value-tpi] strong", "0,00")
        .await?;
    app.wait_for("[data-testid=file-table]").await?;
    app.click("[data-testid=accept-file]").await?;
    app.wait_for("[data-review=accepted]").await?;
    app.click("[data-testid=note-tpi]").await?;
    app.press("SK belum ditandatangani kepala").await?;
    app.click("[data-testid=answer-card] h2").await?;
    app.wait_for_text("Tersimpan").await?;
    app.screenshots("23b-penilaian-tpi", DEFAULT_WINDOW).await?;

    // Changing the unit's answer asks first; "no" changes nothing and goes
    // back to TPI mode.
    let unit_value = app.text_of("[data-testid=value-unit] strong").await?;
    app.click("[data-testid=mode-unit]").await?;
    app.wait_for("[data-testid=role-other]").await?;
    app.click("[data-option=tidak]").await?;
    app.wait_for("[data-testid=question]").await?;
    app.screenshots("23c-tanya-sisi-unit", DEFAULT_WINDOW)
        .await?;
    app.click("[data-testid=question-no]").await?;
    app.wait_for("[data-testid=role-bar][data-role=tpi]")
        .await?;
    ensure!(
        app.text_of("[data-testid=value-unit] strong").await? == unit_value,
        "the unit's answer did not change"
    );

    app.click("[data-testid=tab-ringkasan]").await?;
    app.wait_for("[data-testid=radar]").await?;
    app.wait_for("[data-testid=agreement]").await?;
    app.screenshots("24-ringkasan-tpi", DEFAULT_WINDOW).await?;
    app.scroll_to("[data-testid=missing]").await?;
    app.screenshots("24b-ringkasan-tpi-kurang", DEFAULT_WINDOW)
        .await?;
    app.click("[data-testid=tab-impor]").await?;
    app.wait_for("[data-testid=import-screen]").await?;
    app.screenshots("24c-impor-penilai", DEFAULT_WINDOW).await?;

    // The unit's plan came with its packet: the evaluator reads it only.
    app.click("[data-testid=tab-rencana]").await?;
    app.wait_for_text("datang dalam paket kiriman unit").await?;
    app.wait_for_element_text("[data-testid=plan-activities]", "49")
        .await?;
    app.wait_gone("[data-testid=plan-add-open]").await?;
    app.screenshots("24b-rencana-tpi", DEFAULT_WINDOW).await?;

    // The review goes back as a small packet: first on this screen for an
    // evaluator, saying what it holds.
    app.click("[data-testid=tab-laporan]").await?;
    let first_section = app
        .js(
            "return document.querySelector('[data-testid=output-screen] section.card h2').id;",
            Vec::new(),
        )
        .await?;
    ensure!(
        first_section == serde_json::json!("review-title"),
        "the review packet comes first for an evaluator, got {first_section}"
    );
    app.wait_for("[data-testid=review-contents]").await?;
    let review = dir.path().join("Reviu RSUD-BLL 2024.zip");
    app.fill("[data-testid=review-out]", &review.display().to_string())
        .await?;
    app.click("[data-testid=review-export]").await?;
    app.wait_for("[data-testid=question]").await?;
    app.click("[data-testid=question-yes]").await?;
    app.wait_long("[data-testid=review-result]", Duration::from_secs(60))
        .await?;
    ensure!(review.is_file(), "the review packet was written");
    app.wait_for_text("keputusan untuk 1 berkas").await?;
    app.screenshots("25-paket-reviu", DEFAULT_WINDOW).await?;

    app.stop().await
}

fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
