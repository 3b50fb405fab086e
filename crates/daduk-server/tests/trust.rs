//! Daduk Server on an instansi's network, against a real PostgreSQL and
//! Garage: a hash is not a permission (evidence isolated per unit), uploads
//! belong to whoever started them, a crash while assembling blocks nobody,
//! slow and many clients are bounded, and storage quotas hold.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::proxy::Relay;
use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::json;

fn blob_path(sha: &str) -> String {
    format!("/api/v1/blobs/{sha}")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hash_is_not_a_permission() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let a = server.client(&admin.token("unit", &["A"]).await);
    let b = server.client(&admin.token("unit", &["B"]).await);
    let tpi_a = server.client(&admin.token("evaluator", &["A"]).await);
    let tpi_b = server.client(&admin.token("evaluator", &["B"]).await);

    // A's evidence, pushed by A.
    let secret = random_bytes(3000);
    let sha = sha(&secret);
    assert_eq!(a.sync_blob(&secret).await, 201);
    let ma = manifest(
        "A",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&secret],
    );
    a.push("A", 2026, "unit", 0, &ma).await.expect(200);

    // B knows the hash and size (every packet's SHA256SUMS carries them).
    // HEAD and GET say nothing of A's file to B.
    let head = b.send(Method::HEAD, &blob_path(&sha), None).await;
    assert_eq!(head.status, 404);
    b.get(&blob_path(&sha)).await.expect(404);
    // Asked in one go, A's file is missing to B like an absent one; to A
    // and A's evaluator it is there (at its size only).
    let ask = |size: usize| json!({"blobs": [{"sha256": sha, "size": size}]});
    let missing = |r: Reply| r.expect(200).json()["missing"].clone();
    let to_b = b
        .json(Method::POST, "/api/v1/blobs/missing", &ask(3000))
        .await;
    assert_eq!(missing(to_b), json!([sha]));
    let to_a = a
        .json(Method::POST, "/api/v1/blobs/missing", &ask(3000))
        .await;
    assert_eq!(missing(to_a), json!([]));
    let to_tpi_a = tpi_a
        .json(Method::POST, "/api/v1/blobs/missing", &ask(3000))
        .await;
    assert_eq!(missing(to_tpi_a), json!([]));
    let wrong_size = a
        .json(Method::POST, "/api/v1/blobs/missing", &ask(2999))
        .await;
    assert_eq!(missing(wrong_size), json!([sha]));
    // Bounded, and only hashes.
    let many: Vec<_> = (0..10_001)
        .map(|_| json!({"sha256": sha, "size": 1}))
        .collect();
    let r = a
        .json(
            Method::POST,
            "/api/v1/blobs/missing",
            &json!({"blobs": many}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.code());
    let r = a
        .json(
            Method::POST,
            "/api/v1/blobs/missing",
            &json!({"blobs": [{"sha256": "../x", "size": 1}]}),
        )
        .await;
    assert_eq!(r.status, 422);

    // B's side listing it is refused as missing, and nothing is stored.
    let mb = manifest(
        "B",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&secret],
    );
    let r = b.push("B", 2026, "unit", 0, &mb).await.expect(422);
    assert_eq!(r.code(), "MISSING_BLOBS");
    assert_eq!(r.json()["missing"], json!([sha]));
    b.get("/api/v1/assessments/B/2026").await.expect(404);
    b.get(&blob_path(&sha)).await.expect(404);
    // The same path through B's evaluator: refused as well.
    let mut review_b = review(&ma, true, ReviewStatus::Accepted);
    review_b.unit.code = "B".into();
    let r = tpi_b.push("B", 2026, "tpi", 0, &review_b).await.expect(422);
    assert_eq!(r.code(), "MISSING_BLOBS");
    tpi_b.get(&blob_path(&sha)).await.expect(404);

    // A's own evaluator reads it through A's side.
    assert_eq!(tpi_a.get(&blob_path(&sha)).await.expect(200).bytes, secret);
    tpi_a
        .push(
            "A",
            2026,
            "tpi",
            0,
            &review(&ma, true, ReviewStatus::Accepted),
        )
        .await
        .expect(200);

    // A unit that holds the same bytes proves it by sending them: nothing
    // is stored twice, and then the file is B's to use too.
    assert_eq!(b.sync_blob(&secret).await, 200);
    b.push("B", 2026, "unit", 0, &mb).await.expect(200);
    assert_eq!(b.get(&blob_path(&sha)).await.expect(200).bytes, secret);
    assert_eq!(
        env.keys(&format!("blobs/sha256/{}/{sha}", &sha[..2]))
            .await
            .len(),
        1
    );

    // A size that is not the stored blob's is refused, naming the file.
    let mut lying = ma.clone();
    lying.evidence[0].size += 1;
    lying.files[0].size += 1;
    let r = a.push("A", 2026, "unit", 1, &lying).await.expect(422);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("berkas-0.pdf") && msg.contains("3001"),
        "{msg}"
    );

    // Sizes of another unit's blob are not revealed by a size probe either.
    let other = random_bytes(500);
    assert_eq!(a.sync_blob(&other).await, 201);
    let probe = b
        .send(Method::HEAD, &blob_path(&common::sha(&other)), None)
        .await;
    assert_eq!(probe.status, 404);
    assert!(
        probe.bytes.is_empty() && !format!("{probe:?}").contains("500"),
        "{probe:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_belongs_to_the_token_that_started_it() {
    let env = env_or_skip!();
    let setup = Setup::new(&env).await;
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();
    let a = server.client(&admin.token("unit", &["A"]).await);
    let b = server.client(&admin.token("unit", &["B"]).await);
    let part = setup.part_size as usize;
    let bytes = random_bytes(part * 2 + 100);
    let sha = sha(&bytes);
    let start = |c: Api| {
        let sha = sha.clone();
        let size = bytes.len();
        async move {
            c.json(
                Method::POST,
                &format!("/api/v1/blobs/{sha}/uploads"),
                &json!({ "size": size }),
            )
            .await
            .expect(200)
            .json()
        }
    };
    let ua = start(a.clone()).await;
    let id_a = ua["upload_id"].as_str().unwrap().to_string();
    a.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id_a}/parts/0"),
        Some(bytes[..part].to_vec()),
    )
    .await
    .expect(204);
    // B asking for the same hash and size gets an upload of its own.
    let ub = start(b.clone()).await;
    let id_b = ub["upload_id"].as_str().unwrap().to_string();
    assert_ne!(id_a, id_b);
    assert_eq!(ub["parts_received"], json!([]));
    // A's upload is not B's to write or complete: as if it did not exist.
    b.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id_a}/parts/0"),
        Some(vec![0; part]),
    )
    .await
    .expect(404);
    b.send(
        Method::POST,
        &format!("/api/v1/uploads/{id_a}/complete"),
        None,
    )
    .await
    .expect(404);
    // A finishes undisturbed.
    assert_eq!(a.upload(&bytes).await, 201);
    assert_eq!(a.get(&blob_path(&sha)).await.expect(200).bytes, bytes);

    // B cannot claim A's stored blob with bytes it does not hold: the parts
    // are hashed even though the blob exists.
    for n in 0..3usize {
        let len = if n == 2 { 100 } else { part };
        b.send(
            Method::PUT,
            &format!("/api/v1/uploads/{id_b}/parts/{n}"),
            Some(vec![7; len]),
        )
        .await
        .expect(204);
    }
    let r = b
        .send(
            Method::POST,
            &format!("/api/v1/uploads/{id_b}/complete"),
            None,
        )
        .await
        .expect(422);
    assert_eq!(r.code(), "HASH_MISMATCH");
    b.get(&blob_path(&sha)).await.expect(404);
    // A one-part upload of wrong bytes for A's small blob: refused at once.
    let small = random_bytes(200);
    assert_eq!(a.sync_blob(&small).await, 201);
    let s = b
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{}/uploads", common::sha(&small)),
            &json!({"size": 200}),
        )
        .await
        .expect(200)
        .json();
    let id = s["upload_id"].as_str().unwrap();
    b.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/0"),
        Some(vec![1; 200]),
    )
    .await
    .expect(422);
    b.get(&blob_path(&common::sha(&small))).await.expect(404);
    // Evaluators and admins do not upload.
    let tpi = server.client(&admin.token("evaluator", &["A"]).await);
    tpi.send(
        Method::PUT,
        &blob_path(&common::sha(&small)),
        Some(small.clone()),
    )
    .await
    .expect(403);
    admin
        .send(Method::PUT, &blob_path(&common::sha(&small)), Some(small))
        .await
        .expect(403);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_while_assembling_an_upload_blocks_nobody() {
    let env = env_or_skip!();
    let relay = Relay::start(&env.s3_endpoint).await;
    let mut setup = Setup::new(&env).await;
    setup.s3_endpoint = relay.endpoint.clone();
    let mut server = Server::start(&env, &setup).await;
    let token = server.admin().token("unit", &["A"]).await;
    let a = server.client(&token);
    let part = setup.part_size as usize;
    let bytes = random_bytes(part * 3 + 7);
    let sha = sha(&bytes);
    let id = a.parts_sent(&bytes).await;
    // The store hangs while the server assembles; the server dies there.
    relay.pause();
    let hung = {
        let a = a.clone();
        let id = id.clone();
        tokio::spawn(async move {
            a.send(
                Method::POST,
                &format!("/api/v1/uploads/{id}/complete"),
                None,
            )
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!hung.is_finished(), "the completion is under way");
    server.kill();
    let _ = hung.await;
    relay.resume();
    server.restart().await;
    let a = server.client(&token);
    // At once, not ten minutes later: the claim died with the process.
    let r = a
        .send(
            Method::POST,
            &format!("/api/v1/uploads/{id}/complete"),
            None,
        )
        .await;
    assert_eq!(
        r.status.as_u16(),
        201,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    assert_eq!(a.get(&blob_path(&sha)).await.expect(200).bytes, bytes);

    // Two completions at once: one assembles, the other is told plainly to
    // wait (not "konflik versi"), with Retry-After.
    let bytes = random_bytes(part * 3 + 9);
    let id = a.parts_sent(&bytes).await;
    relay.pause();
    let first = {
        let a = a.clone();
        let id = id.clone();
        tokio::spawn(async move {
            a.send(
                Method::POST,
                &format!("/api/v1/uploads/{id}/complete"),
                None,
            )
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(800)).await;
    let url = format!("{}/api/v1/uploads/{id}/complete", server.url);
    let second = reqwest::Client::new()
        .post(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 409);
    assert_eq!(second.headers()["retry-after"], "5");
    let body: serde_json::Value = second.json().await.unwrap();
    assert_eq!(body["code"], "UPLOAD_BUSY");
    assert!(!body["message"].as_str().unwrap().contains("konflik versi"));
    relay.resume();
    assert_eq!(first.await.unwrap().status.as_u16(), 201);
}

/// Open `n` connections that say nothing.
fn idle_sockets(addr: &str, n: usize) -> Vec<TcpStream> {
    (0..n)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect()
}

/// Whether the server closed (or answered and closed) the socket within
/// `within`.
fn closed_by_server(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_and_many_clients_are_bounded() {
    let env = env_or_skip!();
    let mut setup = Setup::new(&env).await;
    setup.nofile = Some(1024);
    setup.limits = vec![
        // Long enough that no held connection is freed while the test
        // looks at the ones refused (a listen backlog of 128 delays some
        // connects by a second or more).
        "header_timeout_secs = 10".into(),
        "body_idle_secs = 3".into(),
        "body_timeout_secs = 20".into(),
    ];
    let mut server = Server::start(&env, &setup).await;
    let token = server.admin().token("unit", &["A"]).await;
    let addr = server.addr();
    let health_url = format!("{}/healthz", server.url);
    let health = || {
        let url = health_url.clone();
        async move {
            reqwest::Client::new()
                .get(url)
                .timeout(Duration::from_secs(5))
                .send()
                .await
                .map_or(0, |r| r.status().as_u16())
        }
    };

    // 1,100 idle sockets under a limit of 1,024 files: the server keeps
    // serving; the ones over its connection limit are told it is full.
    let a2 = addr.clone();
    let mut idle = tokio::task::spawn_blocking(move || idle_sockets(&a2, 1100))
        .await
        .unwrap();
    assert!(idle.len() > 1000, "{} sockets opened", idle.len());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(server.alive(), "the server is still running");
    // What every socket got so far, read without waiting.
    let (idle, refused) = tokio::task::spawn_blocking(move || {
        let mut refused = 0;
        for s in &mut idle {
            s.set_nonblocking(true).unwrap();
            let mut buf = [0u8; 512];
            if let Ok(n) = s.read(&mut buf)
                && n > 0
            {
                let text = String::from_utf8_lossy(&buf[..n]);
                assert!(text.starts_with("HTTP/1.1 503"), "{text}");
                assert!(text.contains("\"code\":\"SERVICE_UNAVAILABLE\""), "{text}");
                refused += 1;
            }
            s.set_nonblocking(false).unwrap();
        }
        (idle, refused)
    })
    .await
    .unwrap();
    assert!(
        refused >= 100,
        "connections over the limit (896 here) are answered 503: {refused} of 1,100"
    );
    let mut idle = idle;
    // The idle ones are closed once their head deadline passes; then a
    // normal request is served.
    let closed = tokio::task::spawn_blocking(move || {
        idle.iter_mut()
            .take(200)
            .map(|s| closed_by_server(s, Duration::from_secs(15)))
            .filter(|closed| *closed)
            .count()
    })
    .await
    .unwrap();
    assert_eq!(closed, 200, "idle sockets are closed by the server");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if health().await == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the server answers again");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Slowloris: 250 sockets sending a header byte now and then are cut
    // at the head deadline.
    let a2 = addr.clone();
    let cut = tokio::task::spawn_blocking(move || {
        let mut socks: Vec<TcpStream> = (0..250)
            .filter_map(|_| TcpStream::connect(&a2).ok())
            .collect();
        let start = Instant::now();
        let head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        let mut i = 0;
        while start.elapsed() < Duration::from_secs(13) {
            socks.retain_mut(|s| s.write_all(&head[i % head.len()..][..1]).is_ok());
            i += 1;
            std::thread::sleep(Duration::from_millis(300));
        }
        socks
            .iter_mut()
            .map(|s| closed_by_server(s, Duration::from_millis(500)))
            .filter(|closed| !*closed)
            .count()
    })
    .await
    .unwrap();
    assert_eq!(cut, 0, "every slow head was cut");
    assert_eq!(health().await, 200);

    // 100 uploads of 8 MiB held after 6 MiB: memory stays bounded (the
    // bodies held at once are budgeted), and the held bodies time out.
    let before = server.rss_kib();
    let a2 = addr.clone();
    let t2 = token.clone();
    let sending = tokio::task::spawn_blocking(move || {
        let body = vec![5u8; 6 << 20];
        let mut socks = Vec::new();
        for i in 0..100 {
            let Ok(mut s) = TcpStream::connect(&a2) else {
                continue;
            };
            let sha = format!("{:064x}", i + 1);
            let head = format!(
                "PUT /api/v1/blobs/{sha} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t2}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
                8 << 20
            );
            s.set_write_timeout(Some(Duration::from_millis(300)))
                .unwrap();
            if s.write_all(head.as_bytes()).is_ok() {
                // Whatever the server takes before it stops reading.
                let _ = s.write_all(&body);
            }
            socks.push(s);
        }
        socks
    });
    // Memory is sampled while the uploads arrive and are held.
    let mut peak = before;
    while !sending.is_finished() {
        peak = peak.max(server.rss_kib());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let held = sending.await.unwrap();
    for _ in 0..10 {
        peak = peak.max(server.rss_kib());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let grew_mib = peak.saturating_sub(before) / 1024;
    eprintln!(
        "memory with 100 held 8 MiB uploads: {before} KiB → peak {peak} KiB (+{grew_mib} MiB)"
    );
    assert!(
        grew_mib < 300,
        "memory grew {grew_mib} MiB with 100 held uploads"
    );
    let mut held = held;
    let gone = tokio::task::spawn_blocking(move || {
        held.iter_mut()
            .map(|s| closed_by_server(s, Duration::from_secs(20)))
            .filter(|closed| *closed)
            .count()
    })
    .await
    .unwrap();
    assert!(gone >= 95, "held uploads are dropped: {gone} of 100");
    assert_eq!(health().await, 200);
    assert!(server.alive());
}

#[tokio::test(flavor = "multi_thread")]
async fn blobs_no_side_refers_to_have_a_quota_per_token() {
    let env = env_or_skip!();
    let mut setup = Setup::new(&env).await;
    setup.limits = vec![format!("unreferenced_quota_bytes = {}", 3 << 20)];
    let server = Server::start(&env, &setup).await;
    let a = server.client(&server.admin().token("unit", &["A"]).await);
    let one = random_bytes(2 << 20);
    let two = random_bytes(2 << 20);
    assert_eq!(a.sync_blob(&one).await, 201);
    let r = a
        .send(Method::PUT, &blob_path(&sha(&two)), Some(two.clone()))
        .await
        .expect(507);
    assert_eq!(r.code(), "QUOTA_EXCEEDED");
    // Parts count too: an upload that would pass the quota is not started.
    let r = a
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{}/uploads", sha(&two)),
            &json!({"size": two.len()}),
        )
        .await
        .expect(507);
    assert_eq!(r.code(), "QUOTA_EXCEEDED");
    // Once a side refers to the first, room is back.
    let m = manifest(
        "A",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&one],
    );
    a.push("A", 2026, "unit", 0, &m).await.expect(200);
    assert_eq!(a.sync_blob(&two).await, 201);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_code_follows_one_rule_and_a_typo_makes_no_unit() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    admin.unit("DINKES-BLL").await;
    // A typo in an admin command: refused, naming the unit it resembles.
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "unit", "units": ["dinkes-bll"], "label": "x"}),
        )
        .await
        .expect(422);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("belum terdaftar") && msg.contains("DINKES-BLL"),
        "{msg}"
    );
    let units = admin.get("/api/v1/admin/units").await.expect(200).json();
    assert_eq!(
        units.as_array().unwrap().len(),
        1,
        "no phantom unit: {units}"
    );
    // Codes a desktop can never sync are refused everywhere.
    for bad in ["A".repeat(40), "-rf".into(), "CON".into(), "X.".into()] {
        admin
            .json(
                Method::PUT,
                &format!("/api/v1/admin/units/{bad}"),
                &json!({"nama": "x"}),
            )
            .await
            .expect(422);
    }
}
