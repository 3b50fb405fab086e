//! A Tim Kerja records TPN's result in the real app (1366×768): in TPN mode
//! the item pane takes TPN's values and note without asking about another
//! side; on Ringkasan the national evaluation's stages are recorded from
//! usulan to hasil WBK (a date the core refuses keeps what was typed, with
//! the message beside the form), the standing says the predicate, and the
//! three sides stand side by side with TPN's differences.

use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};
use daduk_e2e_desktop::fixtures::daduk;
use daduk_e2e_desktop::{App, LAPTOP};

const UY: [&str; 4] = ["--unit", "DINKES-BLL", "--year", "2026"];

fn with_uy<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}

/// Wait until the element matching `css` has `part` in its text.
async fn wait_contains(app: &App, css: &str, part: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(text) = app.text_of(css).await {
            if text.contains(part) {
                return Ok(());
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("`{css}` reads '{last}', without '{part}', after 10 s")
}

/// A unit's workspace with its 2026 assessment: P.1.i.a and P.1.i.b
/// answered by the unit and by TPI.
fn proposed_unit(ws: &std::path::Path) -> Result<()> {
    daduk(ws, &["init", "--role", "unit"])?;
    daduk(
        ws,
        &[
            "unit",
            "add",
            "DINKES-BLL",
            "--name",
            "Dinas Kesehatan Kabupaten Buleleng",
        ],
    )?;
    daduk(ws, &with_uy(&["assessment", "new"], &[]))?;
    for (item, unit, tpi) in [("P.1.i.a", "ya", "ya"), ("P.1.i.b", "c", "b")] {
        daduk(ws, &with_uy(&["answer", "set"], &[item, unit]))?;
        daduk(
            ws,
            &with_uy(&["answer", "set"], &[item, tpi, "--role", "tpi"]),
        )?;
    }
    Ok(())
}

/// Record one stage through its form on Ringkasan.
async fn record_stage(app: &App, stage: &str, date: &str, outcome: &str) -> Result<()> {
    app.click(&format!("[data-testid=tpn-edit-{stage}]"))
        .await?;
    app.fill(&format!("[data-testid=tpn-date-{stage}]"), date)
        .await?;
    app.choose(
        &format!("[data-testid=tpn-outcome-select-{stage}]"),
        outcome,
    )
    .await?;
    app.click(&format!("[data-testid=tpn-save-{stage}]"))
        .await?;
    app.wait_for(&format!("[data-testid=tpn-outcome-{stage}]"))
        .await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn tpns_values_stages_and_result_are_recorded_beside_the_unit_and_tpi() -> Result<()> {
    let app = App::start_prepared("tpn_unit", proposed_unit).await?;
    app.resize(LAPTOP).await?;

    // TPN mode: no question about another side, the values go in as TPN's.
    app.click("[data-testid=open-DINKES-BLL-2026]").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;
    app.click("[data-testid=mode-tpn]").await?;
    app.wait_for("[data-testid=role-bar][data-role=tpn]")
        .await?;
    app.click("[data-option=tidak]").await?;
    app.wait_for_element_text("[data-testid=value-tpn] strong", "0,00")
        .await?;
    ensure!(
        app.driver()
            .find_all(thirtyfour::By::Css("[data-testid=question]"))
            .await?
            .is_empty(),
        "TPN's value was asked about as another side"
    );
    app.click("[data-testid=note-tpn]").await?;
    app.press("LHE TPN: SK tim belum mencantumkan uraian tugas")
        .await?;
    app.click("[data-testid=answer-card] h2").await?;
    app.wait_for_text("Tersimpan").await?;
    ensure!(
        app.text_of("[data-testid=value-unit] strong").await? == "1,00",
        "the unit's value stayed"
    );
    app.click("[data-tree-item='P.1.i.b']").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.b")
        .await?;
    app.click("[data-option=a]").await?;
    app.wait_for_element_text("[data-testid=value-tpn] strong", "1,00")
        .await?;
    // The header holds three modes at both window sizes.
    app.screenshots("34-penilaian-mode-tpn", LAPTOP).await?;

    // Ringkasan: the stages, one by one.
    app.click("[data-testid=tab-ringkasan]").await?;
    app.wait_for("[data-testid=tpn-card]").await?;
    app.scroll_to("[data-testid=tpn-card]").await?;
    wait_contains(&app, "[data-testid=tpn-standing]", "Belum ada tahap").await?;
    record_stage(&app, "usulan", "03/07/2026", "lolos").await?;
    record_stage(&app, "seleksi_administrasi", "20/07/2026", "lolos").await?;
    record_stage(&app, "desk_evaluation", "05/08/2026", "lolos").await?;
    // A date before the desk evaluation is refused; what was typed stays.
    app.click("[data-testid=tpn-edit-wawancara]").await?;
    app.fill("[data-testid=tpn-date-wawancara]", "01/08/2026")
        .await?;
    app.choose("[data-testid=tpn-outcome-select-wawancara]", "lolos")
        .await?;
    app.fill(
        "[data-testid=tpn-note-wawancara]",
        "Wawancara daring dengan Kepala Dinas",
    )
    .await?;
    app.click("[data-testid=tpn-save-wawancara]").await?;
    wait_contains(&app, "[data-testid=tpn-error-wawancara]", "lebih awal").await?;
    ensure!(
        app.value_of("[data-testid=tpn-note-wawancara]").await?
            == "Wawancara daring dengan Kepala Dinas",
        "the note typed was kept after the refusal"
    );
    app.scroll_to("[data-testid=tpn-card]").await?;
    app.screenshot("35-tahap-tpn-ditolak").await?;
    app.fill("[data-testid=tpn-date-wawancara]", "12/08/2026")
        .await?;
    app.click("[data-testid=tpn-save-wawancara]").await?;
    app.wait_for("[data-testid=tpn-outcome-wawancara]").await?;
    record_stage(&app, "verifikasi_lapangan", "02/09/2026", "lolos").await?;
    record_stage(&app, "hasil", "10/12/2026", "wbk").await?;
    wait_contains(
        &app,
        "[data-testid=tpn-standing]",
        "Hasil: predikat WBK, 10 Desember 2026",
    )
    .await?;
    app.scroll_to("[data-testid=tpn-card]").await?;
    app.screenshot("36-hasil-tpn-wbk").await?;

    // The three sides: TPN differs from the unit on both items, from TPI on
    // P.1.i.b.
    app.wait_for("[data-testid='sides-item-P.1.i.a']").await?;
    wait_contains(&app, "[data-testid='sides-vs-unit-P.1.i.a']", "−1,00").await?;
    wait_contains(&app, "[data-testid='sides-vs-tpi-P.1.i.a']", "−1,00").await?;
    wait_contains(&app, "[data-testid='sides-vs-unit-P.1.i.b']", "+").await?;
    wait_contains(&app, "[data-testid=tpn-vs-unit]", "2 butir berbeda").await?;
    app.scroll_to("[data-testid=tpn-sides]").await?;
    app.screenshot("37-tim-kerja-tpi-tpn").await?;
    app.stop().await?;
    Ok(())
}
