//! Daduk Server's benchmark (issue 16 item 5, issue 17's p95), not a test:
//! `cargo xtask bench server` runs it (release build, PostgreSQL and Garage
//! on 127.0.0.1). Bounded by `DADUK_BENCH_FILES` (2,000) and
//! `DADUK_BENCH_MB` (1,024). It prints, in one run:
//!
//! - a unit's first sync (as the client does it: HEAD, then each file whole,
//!   then the manifest pushed) against putting the same bytes into the same
//!   bucket with a plain S3 client, both 16 requests at a time (aim ≤ 1.5×);
//! - a re-sync with nothing changed (HEAD per file, pull the versions; aim < 2 s);
//! - 300 units × every answer loaded, then the overview and PortalRB's
//!   answers served to 50 concurrent clients (p50/p95);
//! - the server's peak memory (VmHWM).

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use object_store::{ObjectStore, PutPayload};
use reqwest::Method;
use serde_json::json;
use tokio::task::JoinSet;

const PARALLEL: usize = 16;

fn var(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_memory_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn latencies(api: &Api, path: &str, clients: usize, each: usize) -> (f64, f64, usize) {
    let mut set = JoinSet::new();
    for _ in 0..clients {
        let (api, path) = (api.clone(), path.to_string());
        set.spawn(async move {
            let mut out = Vec::new();
            for _ in 0..each {
                let t = Instant::now();
                api.get(&path).await.expect(200);
                out.push(t.elapsed());
            }
            out
        });
    }
    let mut all = Vec::new();
    while let Some(r) = set.join_next().await {
        all.extend(r.unwrap());
    }
    all.sort();
    (percentile(&all, 0.5), percentile(&all, 0.95), all.len())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: cargo xtask bench server"]
async fn server_bench() {
    let Some(env) = env() else { return };
    let files = var("DADUK_BENCH_FILES", 2000);
    let total_mb = var("DADUK_BENCH_MB", 1024);
    let size = (total_mb << 20) / files;
    let mut setup = Setup::new(&env).await;
    setup.rate = Some(1_000_000);
    setup.part_size = 8 << 20;
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["BENCH"]).await);

    // The same amount of bytes twice: one set for the server, one for plain S3.
    let blobs: Arc<Vec<Vec<u8>>> = Arc::new((0..files).map(|_| random_bytes(size)).collect());
    let plain: Arc<Vec<Vec<u8>>> = Arc::new((0..files).map(|_| random_bytes(size)).collect());
    eprintln!(
        "bench: {files} files of {} KiB ({} MiB)",
        size >> 10,
        (size * files) >> 20
    );

    // Plain S3 baseline.
    let bucket = env.bucket();
    let t = Instant::now();
    let mut set = JoinSet::new();
    for i in 0..files {
        let (bucket, plain) = (bucket.clone(), plain.clone());
        set.spawn(async move {
            let key = object_store::path::Path::from(format!("bench-plain/{}", sha(&plain[i])));
            bucket
                .put(&key, PutPayload::from(plain[i].clone()))
                .await
                .unwrap();
        });
        if set.len() >= PARALLEL {
            set.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let s3 = t.elapsed();

    // A first sync through the server, as the client does it: is the blob
    // there (HEAD), then the blob (whole: these fit one part), then the
    // manifest.
    let t = Instant::now();
    let mut set = JoinSet::new();
    for i in 0..files {
        let (unit, blobs) = (unit.clone(), blobs.clone());
        set.spawn(async move { assert_eq!(unit.sync_blob(&blobs[i]).await, 201) });
        if set.len() >= PARALLEL {
            set.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let refs: Vec<&[u8]> = blobs.iter().map(Vec::as_slice).collect();
    let m = manifest(
        "BENCH",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &refs,
    );
    unit.push("BENCH", 2026, "unit", 0, &m).await.expect(200);
    let sync = t.elapsed();

    // A re-sync with nothing changed: is every blob there, did a side move?
    let t = Instant::now();
    let mut set = JoinSet::new();
    for chunk in blobs.chunks(files.div_ceil(PARALLEL)) {
        let unit = unit.clone();
        let shas: Vec<String> = chunk.iter().map(|b| sha(b)).collect();
        set.spawn(async move {
            for s in shas {
                assert_eq!(
                    unit.send(Method::HEAD, &format!("/api/v1/blobs/{s}"), None)
                        .await
                        .status,
                    200
                );
            }
        });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let list = unit.get("/api/v1/assessments").await.expect(200).json();
    assert_eq!(list[0]["unit_version"], 1);
    let resync = t.elapsed();

    // The same amount of bytes once more, as files on a desk: the real
    // client (`daduk sync`, built by xtask) sends them, then syncs again
    // with nothing changed.
    let desk = match std::env::var_os("DADUK_BENCH_CLI") {
        Some(cli) => Some(desk_sync(&server, &admin, &cli, files, size).await),
        None => {
            eprintln!("DADUK_BENCH_CLI not set: the real client's sync is not measured");
            None
        }
    };

    // 300 units with every answer, half reviewed, proposed; the overview and
    // PortalRB's answers under 50 concurrent clients.
    let codes: Vec<String> = (0..300).map(|i| format!("U-{i:03}")).collect();
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let units = server.client(&admin.token("unit", &code_refs).await);
    let eval = server.client(&admin.token("evaluator", &code_refs).await);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026}),
        )
        .await
        .expect(204);
    let t = Instant::now();
    let mut set = JoinSet::new();
    for (i, code) in codes.iter().enumerate() {
        let (units, eval, admin, code) = (units.clone(), eval.clone(), admin.clone(), code.clone());
        set.spawn(async move {
            let m = manifest(
                &code,
                2026,
                PacketKind::Submission,
                &[(Role::Unit, i % 2 == 0)],
                &[],
            );
            units.push(&code, 2026, "unit", 0, &m).await.expect(200);
            eval.push(
                &code,
                2026,
                "tpi",
                0,
                &review(&m, true, ReviewStatus::Accepted),
            )
            .await
            .expect(200);
            admin
                .json(
                    Method::POST,
                    "/api/v1/admin/proposals",
                    &json!({"unit": code, "year": 2026, "predicate": "wbk"}),
                )
                .await
                .expect(201);
        });
        if set.len() >= PARALLEL {
            set.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let load = t.elapsed();
    let (ov50, ov95, ovn) = latencies(&admin, "/api/v1/overview", 50, 10).await;
    let rb = server.client(&admin.token("integration", &[]).await);
    let (rb50, rb95, rbn) = latencies(&rb, "/api/portalrb/lke/jawaban-unit/U-150", 50, 10).await;
    let (ls50, ls95, lsn) = latencies(&rb, "/api/portalrb/pengusulan/unit-wbk", 50, 10).await;
    let memory = server.pid().map_or(f64::NAN, peak_memory_mb);

    println!("\n== Daduk Server benchmark ==");
    println!(
        "files: {files} × {} KiB = {} MiB",
        size >> 10,
        (size * files) >> 20
    );
    println!(
        "plain S3 put (same bucket, {PARALLEL} at a time): {:.2} s",
        s3.as_secs_f64()
    );
    println!(
        "the server alone (HEAD + PUT per file, {PARALLEL} at a time): {:.2} s  ({:.2}× plain S3)",
        sync.as_secs_f64(),
        sync.as_secs_f64() / s3.as_secs_f64()
    );
    println!(
        "  and HEAD per file again + the list:         {:.2} s",
        resync.as_secs_f64()
    );
    if let Some((first, again, pull)) = desk {
        println!(
            "first sync, `daduk sync` (the real client):   {:.2} s  ({:.2}× plain S3; aim ≤ 1.5×)",
            first.as_secs_f64(),
            first.as_secs_f64() / s3.as_secs_f64()
        );
        println!(
            "re-sync, nothing changed, `daduk sync`:       {:.2} s  (aim < 0.5 s)",
            again.as_secs_f64()
        );
        println!(
            "the evaluator's first pull, `daduk sync`:     {:.2} s  ({:.2}× plain S3 put)",
            pull.as_secs_f64(),
            pull.as_secs_f64() / s3.as_secs_f64()
        );
    }
    println!(
        "300 units loaded (push unit + TPI + propose):  {:.2} s",
        load.as_secs_f64()
    );
    println!(
        "overview, 50 clients × 10:            p50 {ov50:.1} ms  p95 {ov95:.1} ms  ({ovn} requests)"
    );
    println!(
        "PortalRB jawaban-unit, 50 clients × 10: p50 {rb50:.1} ms  p95 {rb95:.1} ms  ({rbn} requests)"
    );
    println!(
        "PortalRB unit-wbk (300), 50 clients × 10: p50 {ls50:.1} ms  p95 {ls95:.1} ms  ({lsn} requests)"
    );
    println!("server peak memory (VmHWM): {memory:.0} MiB");
}

/// A unit's workspace with `files` files of `size` bytes, imported by the
/// real CLI and synced with it twice, then pulled by an evaluator: the
/// first sync's time, the second's (nothing changed) and the pull's.
async fn desk_sync(
    server: &Server,
    admin: &Api,
    cli: &std::ffi::OsStr,
    files: usize,
    size: usize,
) -> (Duration, Duration, Duration) {
    let token = admin.token("unit", &["DESK"]).await;
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("data dukung");
    for i in 0..files {
        let folder = tree.join(["P.1.i.a", "P.2.ii.b", "R.1.i.a", "P.6.iv.c"][i % 4]);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join(format!("berkas-{i:04}.pdf")),
            random_bytes(size),
        )
        .unwrap();
    }
    let url = format!("http://{}", server.addr());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(cli)
            .args(args)
            .env("DADUK_WORKSPACE", dir.path().join("ws"))
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("DADUK_SERVER_TOKEN", &token)
            .env_remove("DADUK_SERVER_URL")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "daduk {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run(&["init", "--role", "unit"]);
    run(&["unit", "add", "DESK", "--name", "Unit DESK"]);
    run(&["assessment", "new", "--unit", "DESK", "--year", "2026"]);
    run(&[
        "evidence",
        "import",
        "--unit",
        "DESK",
        "--year",
        "2026",
        tree.to_str().unwrap(),
    ]);
    let t = Instant::now();
    let first = run(&["sync", "--server", &url]);
    let first_time = t.elapsed();
    assert!(
        first.contains(&format!("{} berkas diunggah", files + 1)),
        "{first}"
    );
    let t = Instant::now();
    let again = run(&["sync", "--server", &url]);
    let again_time = t.elapsed();
    assert!(again.contains("tidak ada yang perlu dikirim"), "{again}");
    // The evaluator's first pull of the same files.
    let eval_token = admin.token("evaluator", &["DESK"]).await;
    let eval_ws = dir.path().join("tpi");
    let pull = |args: &[&str]| {
        std::process::Command::new(cli)
            .args(args)
            .env("DADUK_WORKSPACE", &eval_ws)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("DADUK_SERVER_TOKEN", &eval_token)
            .env_remove("DADUK_SERVER_URL")
            .output()
            .unwrap()
    };
    assert!(pull(&["init", "--role", "tpi"]).status.success());
    let t = Instant::now();
    let got = pull(&["sync", "--server", &url]);
    let pull_time = t.elapsed();
    let said = String::from_utf8_lossy(&got.stdout);
    assert!(said.contains(&format!("{files} berkas diunduh")), "{said}");
    (first_time, again_time, pull_time)
}
