//! A Tim Kerja starts its next year from the last one in the real app
//! (1366×768): *Buat penilaian* offers the earlier year and says what it
//! carried; the new year's answer shows "Dari 2025 — periksa" and the
//! lasting SK shows where it came from; Rencana Aksi lists TPI's 2025
//! recommendations and makes one an activity; Ringkasan shows both years
//! side by side.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use daduk_e2e_desktop::fixtures::{daduk, write};
use daduk_e2e_desktop::{App, LAPTOP};

const UY: [&str; 4] = ["--unit", "DINKES-BLL", "--year", "2025"];

fn with_uy<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}

/// Wait until the element matching `css` has `part` in its text (a mark's
/// sentence goes on after the words that matter).
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

/// A unit's workspace with its 2025 assessment: P.1.i.a answered with a
/// note and its SK attached (lasting), a notula on P.1.i.b (yearly), and
/// TPI's note on P.1.i.b (its recommendation).
fn last_year(ws: &Path) -> Result<()> {
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
    let sk = ws.join("sk-tim-zi.pdf");
    write(&sk, b"%PDF-1.4 SK Tim Kerja ZI")?;
    let notula = ws.join("notula-rapat.pdf");
    write(&notula, b"%PDF-1.4 notula")?;
    let (sk, notula) = (sk.display().to_string(), notula.display().to_string());
    daduk(
        ws,
        &with_uy(&["evidence", "add"], &["P.1.i.a", &sk, "--kind", "sk"]),
    )?;
    daduk(
        ws,
        &with_uy(
            &["evidence", "add"],
            &["P.1.i.b", &notula, "--kind", "notula"],
        ),
    )?;
    daduk(
        ws,
        &with_uy(
            &["answer", "set"],
            &["P.1.i.a", "ya", "--note", "SK Kadis No. 12/2025"],
        ),
    )?;
    daduk(
        ws,
        &with_uy(
            &["answer", "set"],
            &[
                "P.1.i.b",
                "c",
                "--role",
                "tpi",
                "--note",
                "Pemilihan anggota tim belum melalui rapat",
            ],
        ),
    )?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn a_new_year_starts_from_the_last_one_and_follows_up_its_recommendations() -> Result<()> {
    let app = App::start_prepared("years_unit", last_year).await?;
    app.resize(LAPTOP).await?;

    app.fill("[data-testid=year-DINKES-BLL]", "2026").await?;
    app.wait_for("[data-testid=from-DINKES-BLL] option[value='2025']:checked")
        .await?;
    app.screenshot("30-tahun-baru-dari-2025").await?;
    app.click("[data-testid=new-assessment-DINKES-BLL]").await?;

    // The new year opens on its first item: the answer is last year's, to check.
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;
    wait_contains(&app, "[data-testid=carried-unit]", "Dari 2025 — periksa").await?;
    wait_contains(&app, "[data-testid=carried-from]", "Dari penilaian 2025").await?;
    app.screenshot("31-butir-dari-2025").await?;
    // The SK is valid until mid-2026: said beside it.
    app.click("[data-testid=edit-file]").await?;
    app.fill("[data-testid=edit-valid-until]", "30/06/2026")
        .await?;
    app.click("[data-testid=edit-save]").await?;
    wait_contains(&app, "[data-testid=carried-from]", "berlaku sampai 30").await?;

    // Rencana Aksi: TPI's 2025 recommendation becomes an activity.
    app.click("[data-testid=tab-rencana]").await?;
    app.wait_for("[data-testid=plan-recommendations]").await?;
    wait_contains(&app, "[data-testid=plan-recommendations-count]", "0 dari 1").await?;
    app.click("[data-testid='rec-adopt-tpi-P.1.i.b']").await?;
    wait_contains(&app, "[data-testid=plan-recommendations-count]", "1 dari 1").await?;
    app.wait_for("[data-testid='rec-open-tpi-P.1.i.b']").await?;
    app.screenshot("32-rekomendasi-jadi-kegiatan").await?;

    // Ringkasan: the two years side by side.
    app.click("[data-testid=tab-ringkasan]").await?;
    app.wait_for("[data-testid=trend]").await?;
    app.wait_for("[data-testid=trend-total-2025]").await?;
    app.wait_for("[data-testid=trend-total-2026]").await?;
    app.scroll_to("[data-testid=trend]").await?;
    app.screenshot("33-tren-2025-2026").await?;

    // Beranda says what the new year took.
    app.click("[data-testid=tab-start]").await?;
    wait_contains(
        &app,
        "[data-testid=carried-DINKES-BLL]",
        "1 berkas yang masih berlaku dibawa",
    )
    .await?;
    app.stop().await?;
    Ok(())
}
