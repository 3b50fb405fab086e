//! The desktop app's benchmark (run by `cargo xtask bench`, not by the test
//! suite): an assessment with all 113 items answered and 2,000 files, opened
//! in the real app. It measures the time from a click on an item in the
//! tree to the frame after the item pane shows that item with its files:
//! clicks made by script, over every item twice, and real WebDriver mouse
//! clicks (timed from the mousedown event), over every item once. It also
//! times the `item_files` IPC alone and reads the memory of the app's
//! processes at the start screen and at the end, and the same clicks while
//! every file is read in the background (40 of them photos, by OCR). The
//! figures are printed and written to `artifacts/bench-app.json`.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use daduk_e2e_desktop::fixtures::{answers_csv, daduk, kind_word, template_items, write};
use daduk_e2e_desktop::{App, artifacts_dir};
use serde_json::json;

const UNIT: &str = "BENCH-UNIT";
const FILES: usize = 2000;
/// Phone photos among the files, read by OCR while the clicks go on.
const PHOTOS: usize = 40;

/// Before a real click (WebDriver's mouse down, up and click, as a person's
/// would be; the row scrolled into view first): wait for that item's pane, and
/// keep the time from the mouse-down event to the frame after it loaded.
const ARM: &str = r#"
const code = arguments[0];
// As a person scrolls the tree to the row before clicking it (and
// WebKitWebDriver does not scroll inside the tree's own scroll area).
document.querySelector(`[data-tree-item='${code}']`).scrollIntoView({ block: "center" });
window.__benchClick = new Promise((resolve) => {
  const loaded = () => document.querySelector(`[data-testid=item-pane][data-loaded-item='${code}']`);
  window.addEventListener("mousedown", (event) => {
    // The event's own time stamp: when the input happened, not when a
    // handler got to run.
    const start = Math.min(event.timeStamp, performance.now());
    const finish = () => requestAnimationFrame(() => resolve(performance.now() - start));
    if (loaded()) { finish(); return; }
    const observer = new MutationObserver(() => {
      if (loaded()) { observer.disconnect(); finish(); }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-loaded-item"] });
  }, { capture: true, once: true });
});
"#;

/// The time `ARM` kept, once the pane has loaded.
const CLICKED: &str = r#"
const done = arguments[arguments.length - 1];
window.__benchClick.then(done);
"#;

/// Click a tree row and wait, in the page, until the pane has loaded that
/// item; the time is taken in the frame after (requestAnimationFrame).
const MEASURE: &str = r#"
const code = arguments[0];
const done = arguments[arguments.length - 1];
const row = document.querySelector(`[data-tree-item='${code}']`);
if (!row) { done(-1); return; }
const loaded = () => document.querySelector(`[data-testid=item-pane][data-loaded-item='${code}']`);
const start = performance.now();
const finish = () => requestAnimationFrame(() => done(performance.now() - start));
const observer = new MutationObserver(() => {
  if (loaded()) { observer.disconnect(); finish(); }
});
observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-loaded-item"] });
row.click();
"#;

/// The same item's files fetched through the app's IPC alone, `arguments[1]`
/// times: how much of a click is the Rust side and the IPC, and how much is
/// the page's rendering.
const IPC: &str = r#"
const [code, rounds, done] = arguments;
const invoke = window.__TAURI_INTERNALS__.invoke;
const times = [];
(async () => {
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await invoke("item_files", { assessment: 1, item: code });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  done(times[Math.floor(times.length / 2)]);
})().catch(() => done(-1));
"#;

/// A workspace with every item answered and `FILES` files spread over the
/// items, each file named with its item code and a kind word.
fn prepare(ws: &Path, scratch: &Path) -> Result<()> {
    let items = template_items()?;
    daduk(ws, &["init"])?;
    daduk(
        ws,
        &[
            "unit",
            "add",
            UNIT,
            "--name",
            "Unit Uji Kinerja",
            "--target",
            "wbbm",
        ],
    )?;
    daduk(ws, &["assessment", "new", "--unit", UNIT, "--year", "2024"])?;
    let csv = scratch.join("jawaban.csv");
    write(&csv, answers_csv(&items, 0).as_bytes())?;
    daduk(
        ws,
        &[
            "answer",
            "import",
            "--unit",
            UNIT,
            "--year",
            "2024",
            &csv.display().to_string(),
        ],
    )?;
    let folder = scratch.join("berkas");
    for n in 0..FILES {
        let item = &items[n % items.len()];
        let kind = item
            .kinds
            .get(n / items.len() % item.kinds.len().max(1))
            .map_or("lainnya", String::as_str);
        let name = format!("{} {} {n:04}.pdf", item.code, kind_word(kind));
        // 2–34 KB of distinct content per file.
        let size = 2048 + (n * 7919) % 32768;
        let mut content = format!("%PDF-1.4 {n} ").into_bytes();
        content.resize(size, b'x');
        write(&folder.join(&item.code).join(name), &content)?;
    }
    // Photos of the event's banner, each with other bytes after its end
    // (a distinct file, read on its own), for the clicks made while the
    // files are read.
    let banner = std::fs::read(
        daduk_e2e_desktop::repo_root().join("crates/daduk-read/testdata/foto-spanduk.jpeg"),
    )?;
    for n in 0..PHOTOS {
        let mut photo = banner.clone();
        photo.extend_from_slice(format!("foto {n}").as_bytes());
        write(
            &folder
                .join("P.1.i.b")
                .join(format!("P.1.i.b foto kegiatan {n:02}.jpg")),
            &photo,
        )?;
    }
    daduk(
        ws,
        &[
            "evidence",
            "import",
            "--unit",
            UNIT,
            "--year",
            "2024",
            &folder.display().to_string(),
        ],
    )?;
    Ok(())
}

/// Resident memory (KiB) of the app process and of its webview's processes
/// (WebKitWebDriver is the test's, not the app's).
fn rss(memory: &[(String, u64)]) -> (u64, u64) {
    let sum = |prefixes: &[&str]| {
        memory
            .iter()
            .filter(|(n, _)| prefixes.iter().any(|p| n.starts_with(p)))
            .map(|(_, k)| k)
            .sum::<u64>()
    };
    (
        sum(&["daduk-app"]),
        sum(&["WebKitWebProc", "WebKitNetwork"]),
    )
}

/// Open every area of the tree, so every item has a row to click.
const EXPAND_TREE: &str =
    "document.querySelectorAll('.chevron[aria-expanded=false]').forEach((b) => b.click())";

/// `MEASURE` on each of `codes` in turn: the times after the first `warm`
/// clicks, sorted.
async fn scripted_clicks(app: &App, codes: &[&String], warm: usize) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let ms = app
            .js_async(MEASURE, vec![json!(code)])
            .await?
            .as_f64()
            .with_context(|| format!("no time for {code}"))?;
        if ms < 0.0 {
            bail!("no tree row for {code}");
        }
        if i >= warm {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[tokio::test]
#[ignore = "a benchmark: run cargo xtask bench"]
async fn app_bench() -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let ws = scratch.path().join("ruang-kerja");
    let started = Instant::now();
    prepare(&ws, scratch.path())?;
    eprintln!(
        "workspace prepared in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let launched = Instant::now();
    let app = App::start_at("bench", &ws).await?;
    app.wait_for(&format!("[data-testid=open-{UNIT}-2024]"))
        .await?;
    // From launching the app (through WebDriver) to its start screen.
    let start_ms = launched.elapsed().as_secs_f64() * 1000.0;
    let (start_app_kb, start_web_kb) = rss(&app.memory());
    // From the click on the assessment to its first item with its files
    // (the WebDriver round trips included).
    let opened = Instant::now();
    app.click(&format!("[data-testid=open-{UNIT}-2024]"))
        .await?;
    app.wait_for("[data-testid=item-pane][data-loaded-item]")
        .await?;
    let open_ms = opened.elapsed().as_secs_f64() * 1000.0;

    // Every area open, so every item has a row to click.
    app.js(EXPAND_TREE, Vec::new()).await?;
    let codes: Vec<String> = serde_json::from_value(
        app.js(
            "return [...document.querySelectorAll('[data-tree-item]')].map((e) => e.dataset.treeItem)",
            Vec::new(),
        )
        .await?,
    )?;
    if codes.len() != 113 {
        bail!("the tree shows {} items, not 113", codes.len());
    }

    // Two rounds over all items, in a scattered order (stride 37 is prime
    // to 113), so no click repeats the item already shown.
    let order: Vec<&String> = (0..2 * codes.len())
        .map(|i| &codes[(i * 37 + 1) % codes.len()])
        .collect();
    // The first clicks warm up the webview's caches.
    let times = scripted_clicks(&app, &order, 5).await?;
    let median = percentile(&times, 0.5);
    let p95 = percentile(&times, 0.95);
    let max = times.last().copied().unwrap_or(f64::NAN);

    // The same clicks as a person makes them (one round; each row is
    // scrolled into view first, outside the timing).
    let mut real = Vec::new();
    for (i, code) in order.iter().take(codes.len()).enumerate() {
        app.js(ARM, vec![json!(code)]).await?;
        app.click(&format!("[data-tree-item='{code}']")).await?;
        let ms = app
            .js_async(CLICKED, Vec::new())
            .await?
            .as_f64()
            .with_context(|| format!("no time for the click on {code}"))?;
        if i >= 5 {
            real.push(ms);
        }
    }
    real.sort_by(f64::total_cmp);

    // The same scripted clicks while every file is read in the background
    // (the photos by OCR): click latency must not change.
    app.click("[data-testid=tab-impor]").await?;
    app.click("[data-testid=read-run]").await?;
    app.click("[data-testid=tab-penilaian]").await?;
    app.wait_for("[data-testid=item-pane][data-loaded-item]")
        .await?;
    app.js(EXPAND_TREE, Vec::new()).await?;
    let reading_started = Instant::now();
    let busy = scripted_clicks(&app, &order[..codes.len()], 0).await?;
    let busy_secs = reading_started.elapsed().as_secs_f64();
    // Whether the reading was still going when the clicks ended (else
    // part of them were made idle).
    app.click("[data-testid=tab-impor]").await?;
    let read_done = app
        .element(
            "[data-testid=read-result]",
            std::time::Duration::from_millis(200),
        )
        .await
        .is_ok();
    let read_result = if read_done {
        app.text_of("[data-testid=read-result]").await?
    } else {
        String::new()
    };
    app.click("[data-testid=tab-penilaian]").await?;

    // The busiest item (the most files) through the IPC alone.
    let ipc_ms = app
        .js_async(IPC, vec![json!(codes[0]), json!(50)])
        .await?
        .as_f64()
        .filter(|ms| *ms >= 0.0)
        .context("the item_files command failed when called directly")?;

    let memory = app.memory();
    let (app_kb, web_kb) = rss(&memory);
    let files: serde_json::Value = serde_json::from_str(&daduk(
        &ws,
        &[
            "evidence", "list", "--unit", UNIT, "--year", "2024", "--json",
        ],
    )?)?;
    let file_count = files.as_array().map_or(0, Vec::len);

    let result = json!({
        "items": codes.len(),
        "files": file_count,
        "clicks": times.len(),
        "click_to_pane_ms": { "median": median, "p95": p95, "max": max },
        "mouse_click_to_pane_ms": {
            "clicks": real.len(),
            "median": percentile(&real, 0.5),
            "p95": percentile(&real, 0.95),
            "max": real.last().copied().unwrap_or(f64::NAN),
        },
        "click_to_pane_while_reading_ms": {
            "clicks": busy.len(),
            "median": percentile(&busy, 0.5),
            "p95": percentile(&busy, 0.95),
            "max": busy.last().copied().unwrap_or(f64::NAN),
            "seconds": busy_secs,
            "reading_finished_before_the_clicks_ended": read_done,
            "reading": read_result,
            "p95_ratio_to_idle": percentile(&busy, 0.95) / p95,
        },
        "item_files_ipc_ms_median": ipc_ms,
        "start_screen_ms": start_ms,
        "open_assessment_ms": open_ms,
        "rss_kb": {
            "app": app_kb,
            "webview": web_kb,
            "at_start_screen": { "app": start_app_kb, "webview": start_web_kb },
            "processes": memory,
        },
    });
    println!("{}", serde_json::to_string_pretty(&result)?);
    std::fs::create_dir_all(artifacts_dir())?;
    std::fs::write(
        artifacts_dir().join("bench-app.json"),
        serde_json::to_vec_pretty(&result)?,
    )?;
    app.stop().await
}
