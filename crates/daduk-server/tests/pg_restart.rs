//! PostgreSQL restarted under load: requests fail cleanly (503 with the
//! API's JSON error, never a hang or a 500) and succeed again after; no
//! push is half-applied. Its own test binary, so the restart disturbs no
//! other test.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;
use daduk_domain::Role;
use daduk_domain::manifest::PacketKind;
use tokio::sync::Mutex;

#[tokio::test(flavor = "multi_thread")]
async fn postgresql_restarted_under_load_fails_cleanly_then_recovers() {
    let Some(env) = env() else { return };
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["R"]).await);
    let m = manifest(
        "R",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("R", 2026, "unit", 0, &m).await.expect(200);

    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::<(u16, String, Duration)>::new()));
    let pushed = Arc::new(Mutex::new(0i64));
    let mut load = Vec::new();
    for worker in 0..6 {
        let (unit, stop, seen, pushed, m) = (
            unit.clone(),
            stop.clone(),
            seen.clone(),
            pushed.clone(),
            m.clone(),
        );
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let t = Instant::now();
                let r = if worker == 0 {
                    // One writer: pull the version, push on it.
                    let got = unit.get("/api/v1/assessments/R/2026").await;
                    if got.status.as_u16() != 200 {
                        got
                    } else {
                        let base = got.json()["unit_version"].as_i64().unwrap();
                        let r = unit.push("R", 2026, "unit", base, &m).await;
                        if r.status.as_u16() == 200 {
                            *pushed.lock().await += 1;
                        }
                        r
                    }
                } else {
                    unit.get("/api/v1/assessments").await
                };
                let code = if r.status.as_u16() >= 400 {
                    r.code()
                } else {
                    String::new()
                };
                seen.lock()
                    .await
                    .push((r.status.as_u16(), code, t.elapsed()));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let restart = std::process::Command::new("sh")
        .arg("-c")
        .arg(&env.pg_restart)
        .status()
        .unwrap();
    assert!(restart.success(), "{}", env.pg_restart);
    // Recovery: within 15 s of the restart every request succeeds again.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = unit.get("/api/v1/assessments").await;
        if r.status.as_u16() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "not recovered: {}", r.status);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::SeqCst);
    for l in load {
        l.await.unwrap();
    }
    let seen = seen.lock().await;
    let failed: Vec<_> = seen.iter().filter(|s| s.0 != 200).collect();
    eprintln!(
        "{} requests, {} refused during the restart",
        seen.len(),
        failed.len()
    );
    for (status, code, took) in seen.iter() {
        assert!(
            *status == 200 || (*status == 503 && code == "SERVICE_UNAVAILABLE") || *status == 409,
            "unclean failure {status} {code}"
        );
        assert!(
            *took < Duration::from_secs(12),
            "a request hung for {took:?}"
        );
    }
    assert!(seen.iter().filter(|s| s.0 == 200).count() > 10);
    // Every accepted push is there, and only those (base versions make a
    // push that was not acknowledged fail with 409 rather than apply twice).
    let got = unit
        .get("/api/v1/assessments/R/2026")
        .await
        .expect(200)
        .json();
    let version = got["unit_version"].as_i64().unwrap();
    let acknowledged = *pushed.lock().await + 1;
    assert!(
        version >= acknowledged && version <= acknowledged + 1,
        "version {version}, acknowledged {acknowledged}"
    );
    unit.push("R", 2026, "unit", version, &m).await.expect(200);
}
