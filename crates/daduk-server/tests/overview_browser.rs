//! The instansi overview page in a real browser (WebKitGTK's MiniBrowser
//! through Debian's WebKitWebDriver, under Xvfb): 300 units, filter, sort,
//! a hostile unit name shown as text; screenshots saved to
//! `artifacts/screenshots/server-overview-*.png`.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::json;
use thirtyfour::prelude::*;

const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const UNITS: usize = 300;
const HOSTILE: &str = "<img src=x onerror=\"document.title='diretas'\"> Dinas <b>Tebal</b>";

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn wait_for_status(driver: &WebDriver, want: &str) -> Duration {
    let t = Instant::now();
    loop {
        let text = driver
            .find(By::Id("status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.contains(want) {
            return t.elapsed();
        }
        let err = driver
            .find(By::Id("error"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(err.is_empty(), "the page says: {err}");
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "status is '{text}', wanted '{want}'"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_overview_page_shows_300_units_with_filter_and_sort() {
    let Some(env) = env() else { return };
    for tool in ["/usr/bin/WebKitWebDriver", MINIBROWSER, "/usr/bin/Xvfb"] {
        assert!(
            Path::new(tool).exists(),
            "{tool} is missing (Debian packages webkit2gtk-driver, xvfb)"
        );
    }
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let codes: Vec<String> = (0..UNITS).map(|i| format!("U-{i:03}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let unit = server.client(&admin.token("unit", &refs).await);
    let eval = server.client(&admin.token("evaluator", &refs).await);
    // 300 units, half with TPI's review, a few proposed; loaded 16 at a time.
    let loaded = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, code) in codes.iter().enumerate() {
        let (unit, eval, code) = (unit.clone(), eval.clone(), code.clone());
        tasks.spawn(async move {
            let m = manifest(
                &code,
                2026,
                PacketKind::Submission,
                &[(Role::Unit, i % 3 != 0)],
                &[],
            );
            unit.push(&code, 2026, "unit", 0, &m).await.expect(200);
            if i % 2 == 0 {
                eval.push(
                    &code,
                    2026,
                    "tpi",
                    0,
                    &review(&m, i % 4 == 0, ReviewStatus::Accepted),
                )
                .await
                .expect(200);
            }
        });
        if tasks.len() >= 16 {
            tasks.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(t) = tasks.join_next().await {
        t.unwrap();
    }
    eprintln!(
        "{UNITS} units loaded in {:.1} s",
        loaded.elapsed().as_secs_f64()
    );
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/units/U-007",
            &json!({"nama": HOSTILE}),
        )
        .await
        .expect(204);
    for code in ["U-001", "U-002"] {
        admin
            .json(
                Method::POST,
                "/api/v1/admin/proposals",
                &json!({"unit": code, "year": 2026, "predicate": "wbk"}),
            )
            .await
            .expect(201);
    }

    // Xvfb on a free display, WebKitWebDriver on a free port.
    let display = (90..200)
        .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .unwrap();
    let _xvfb = Kill(
        Command::new("Xvfb")
            .args([
                format!(":{display}"),
                "-screen".into(),
                "0".into(),
                "1366x768x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let port = free_port();
    let _driver = Kill(
        Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("DISPLAY", format!(":{display}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "WebKitWebDriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = Capabilities::new();
    caps.set("browserName", "MiniBrowser").unwrap();
    caps.set(
        "webkitgtk:browserOptions",
        json!({"binary": MINIBROWSER, "args": ["--automation"]}),
    )
    .unwrap();
    let driver = WebDriver::new(&format!("http://127.0.0.1:{port}"), caps)
        .await
        .unwrap();
    let result = async {
        driver.set_window_rect(0, 0, 1366, 768).await.ok();
        driver.goto(format!("{}/overview", server.url)).await.unwrap();
        assert_eq!(driver.title().await.unwrap(), "Ikhtisar Instansi — Daduk Server");
        // A wrong token: the server's message, in Indonesian.
        driver.find(By::Id("token")).await.unwrap().send_keys("dks_salah").await.unwrap();
        driver.find(By::Css("#login button")).await.unwrap().click().await.unwrap();
        let t = Instant::now();
        loop {
            let err = driver.find(By::Id("error")).await.unwrap().text().await.unwrap();
            if err.contains("token tidak dikenal") {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(20), "no error shown: '{err}'");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver.find(By::Id("token")).await.unwrap().send_keys(&server.admin).await.unwrap();
        driver.find(By::Css("#login button")).await.unwrap().click().await.unwrap();
        let took = wait_for_status(&driver, &format!("{UNITS} dari {UNITS} penilaian")).await;
        eprintln!("overview of {UNITS} units shown in {} ms", took.as_millis());
        let rows = driver.find_all(By::Css("#rows tr")).await.unwrap();
        assert_eq!(rows.len(), UNITS);
        driver.screenshot(&screenshots().join("server-overview-all.png")).await.unwrap();

        // The hostile name is text: no image made, the title untouched.
        let cells = driver.find_all(By::XPath("//td[2]")).await.unwrap();
        let mut found = false;
        for c in cells.iter().take(10) {
            if c.text().await.unwrap() == HOSTILE {
                found = true;
            }
        }
        assert!(found, "the hostile name is shown as written");
        assert!(driver.find_all(By::Css("#rows img, #rows b")).await.unwrap().is_empty());
        assert_eq!(driver.title().await.unwrap(), "Ikhtisar Instansi — Daduk Server");
        // Indonesian numbers: a decimal comma.
        let score = driver.find(By::XPath("//tbody/tr[1]/td[5]")).await.unwrap().text().await.unwrap();
        assert!(score.contains(','), "{score}");

        // Filter by code, then by proposal.
        driver.find(By::Id("filter")).await.unwrap().send_keys("U-00").await.unwrap();
        wait_for_status(&driver, &format!("10 dari {UNITS}")).await;
        driver.screenshot(&screenshots().join("server-overview-filter.png")).await.unwrap();
        driver.find(By::Id("filter")).await.unwrap().clear().await.unwrap();
        driver.execute("document.getElementById('filter').dispatchEvent(new Event('input'))", vec![]).await.unwrap();
        driver
            .execute("const s = document.getElementById('proposed'); s.value = 'yes'; s.dispatchEvent(new Event('input'))", vec![])
            .await
            .unwrap();
        wait_for_status(&driver, &format!("2 dari {UNITS}")).await;
        driver
            .execute("const s = document.getElementById('proposed'); s.value = ''; s.dispatchEvent(new Event('input'))", vec![])
            .await
            .unwrap();
        wait_for_status(&driver, &format!("{UNITS} dari {UNITS}")).await;

        // Sort by the unit's score, descending: the first row is the highest.
        let header = driver.find(By::XPath("//th[starts-with(., 'Nilai unit')]")).await.unwrap();
        header.click().await.unwrap();
        driver.find(By::XPath("//th[starts-with(., 'Nilai unit')]")).await.unwrap().click().await.unwrap();
        let values = driver
            .execute(
                "return [...document.querySelectorAll('#rows tr td:nth-child(5)')].map(td => parseFloat(td.textContent.replace(/\\./g, '').replace(',', '.')))",
                vec![],
            )
            .await
            .unwrap();
        let values: Vec<f64> = serde_json::from_value(values.json().clone()).unwrap();
        assert_eq!(values.len(), UNITS);
        assert!(values.windows(2).all(|w| w[0] >= w[1]), "sorted descending");
        assert!(values[0] > values[UNITS - 1]);
        driver.screenshot(&screenshots().join("server-overview-sorted.png")).await.unwrap();
    }
    .await;
    driver.quit().await.ok();
    result
}
