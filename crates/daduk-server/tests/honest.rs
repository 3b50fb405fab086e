//! What PortalRB receives is what the instansi means, and every answer is
//! the guide's: the proposal period in the instansi's time zone, afirmasi
//! and status as the unit has them, a refreeze that never drops a unit,
//! a rate limit that fits a whole instansi, every refusal logged, every
//! error the guide's JSON.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::*;
use daduk_domain::manifest::PacketKind;
use daduk_domain::{AssessmentStatus, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A server with unit `U` proposed-ready (its side pushed, submitted),
/// the evaluation year 2026 set with `period`, and an integration token.
async fn ready(env: &TestEnv, setup: Setup, period: Value) -> (Server, Api, Api) {
    let server = Server::start(env, &setup).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["U"]).await);
    let m = manifest(
        "U",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("U", 2026, "unit", 0, &m).await.expect(200);
    let mut eval = json!({"year": 2026});
    if let (Some(e), Some(p)) = (eval.as_object_mut(), period.as_object()) {
        e.extend(p.clone());
    }
    admin
        .json(Method::PUT, "/api/v1/admin/evaluation", &eval)
        .await
        .expect(204);
    let rb = server.client(&admin.token("integration", &[]).await);
    (server, admin, rb)
}

async fn propose(admin: &Api, predicate: &str) -> Reply {
    admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "U", "year": 2026, "predicate": predicate}),
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_proposal_period_is_the_instansis_days() {
    let Some(env) = env() else { return };
    // 01:18 WIB on 2 June 2026: still 1 June in UTC.
    let at_0118_wib = (
        "DADUK_SERVER_TEST_NOW".to_string(),
        "2026-06-01T18:18:00Z".to_string(),
    );
    let mut setup = Setup::new(&env).await;
    setup.env.push(at_0118_wib.clone());
    let (_s, admin, rb) = ready(&env, setup, json!({"proposal_start": "2026-06-02"})).await;
    propose(&admin, "wbk").await.expect(201);
    // The period starts "today" in WIB: served.
    rb.get("/api/portalrb/lke/jawaban-unit/U").await.expect(200);

    // A period that ended yesterday (1 June) is over at 01:18 WIB on 2 June.
    let mut setup = Setup::new(&env).await;
    setup.env.push(at_0118_wib);
    let (_s, admin, rb) = ready(&env, setup, json!({"proposal_end": "2026-06-01"})).await;
    propose(&admin, "wbk").await.expect(201);
    let r = rb.get("/api/portalrb/lke/jawaban-unit/U").await.expect(403);
    assert_eq!(r.code(), "OUTSIDE_PROPOSAL_PERIOD");
    assert!(r.json()["message"].as_str().unwrap().contains("WIB"));

    // In WIT the day turns at 15:00 UTC.
    let mut setup = Setup::new(&env).await;
    setup.top.push("time_zone = \"WIT\"".into());
    setup.env.push((
        "DADUK_SERVER_TEST_NOW".into(),
        "2026-06-01T15:30:00Z".into(),
    ));
    let (_s, admin, rb) = ready(&env, setup, json!({"proposal_start": "2026-06-02"})).await;
    propose(&admin, "wbk").await.expect(201);
    rb.get("/api/portalrb/lke/jawaban-unit/U").await.expect(200);
}

#[tokio::test(flavor = "multi_thread")]
async fn afirmasi_and_status_reach_portalrb_as_the_unit_has_them() {
    let Some(env) = env() else { return };
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["U", "D"]).await);
    let rb = server.client(&admin.token("integration", &[]).await);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026}),
        )
        .await
        .expect(204);
    // The unit is afirmasi in its own data (the server was not told).
    let mut m = manifest(
        "U",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    m.unit.afirmasi = true;
    unit.push("U", 2026, "unit", 0, &m).await.expect(200);
    let p = propose(&admin, "wbk").await.expect(201).json();
    assert_eq!(p["predicate"], "wbk-afirmasi");
    let list = rb
        .get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(200)
        .json();
    assert_eq!(list["units"][0]["kategori"], "WBK-AFIRMASI");
    assert_eq!(list["units"][0]["afirmasi"], true);

    // A unit still on Draf is not proposed; afirmasi is never claimed for
    // a unit that is not.
    let mut d = manifest(
        "D",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    d.status = AssessmentStatus::Draft;
    unit.push("D", 2026, "unit", 0, &d).await.expect(200);
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "D", "year": 2026, "predicate": "wbk"}),
        )
        .await
        .expect(422);
    assert!(r.json()["message"].as_str().unwrap().contains("Draf"));
    d.status = AssessmentStatus::Submitted;
    unit.push("D", 2026, "unit", 1, &d).await.expect(200);
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "D", "year": 2026, "predicate": "wbk-afirmasi"}),
        )
        .await
        .expect(422);
    assert!(r.json()["message"].as_str().unwrap().contains("afirmasi"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refreeze_never_drops_the_unit_from_portalrbs_list() {
    let Some(env) = env() else { return };
    let (server, admin, rb) = ready(&env, Setup::new(&env).await, json!({})).await;
    propose(&admin, "wbk").await.expect(201);
    let r = propose(&admin, "wbk").await.expect(409);
    assert!(r.json()["message"].as_str().unwrap().contains("--refreeze"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poller = {
        let rb = rb.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut seen = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let l = rb
                    .get("/api/portalrb/pengusulan/unit-wbk")
                    .await
                    .expect(200)
                    .json();
                assert_eq!(l["units"].as_array().unwrap().len(), 1, "{l}");
                seen += 1;
            }
            seen
        })
    };
    for _ in 0..15 {
        admin
            .json(
                Method::POST,
                "/api/v1/admin/proposals",
                &json!({"unit": "U", "year": 2026, "predicate": "wbk", "refreeze": true}),
            )
            .await
            .expect(201);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(poller.await.unwrap() > 0);
    let log = admin.get("/api/v1/admin/audit").await.expect(200).json();
    assert!(log.to_string().contains("refreeze"));
    drop(server);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_instansi_fits_the_default_rate_and_every_refusal_is_logged() {
    let Some(env) = env() else { return };
    let (server, admin, rb) = ready(&env, Setup::new(&env).await, json!({})).await;
    propose(&admin, "wbk").await.expect(201);
    // 300 proposed units' answers and the two lists, in one pass.
    for i in 0..300 {
        let path = if i == 0 {
            "/api/portalrb/lke/jawaban-unit/U".to_string()
        } else {
            format!("/api/portalrb/lke/jawaban-unit/X{i}")
        };
        let r = rb.get(&path).await;
        assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "request {i}");
    }
    rb.get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(200);
    rb.get("/api/portalrb/pengusulan/unit-wbbm")
        .await
        .expect(200);
    // Past the allowance: 429 with when to come back.
    let mut limited = None;
    for _ in 0..400 {
        let r = reqwest::Client::new()
            .get(format!("{}/api/portalrb/pengusulan/unit-wbk", server.url))
            .bearer_auth(&rb.token)
            .send()
            .await
            .unwrap();
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
    }
    let limited = limited.expect("a 429 past the allowance");
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Refusals are in the fetch log: an unknown token, a unit's token, the
    // rate limit.
    let unknown = server.client("dks_tidak-dikenal");
    unknown
        .get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(401);
    let unit = server.client(&admin.token("unit", &["U"]).await);
    unit.get("/api/portalrb/lke/jawaban-unit/U")
        .await
        .expect(403);
    let log = admin
        .get("/api/v1/admin/fetches?limit=10000")
        .await
        .expect(200)
        .json();
    let statuses: Vec<u64> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_u64().unwrap())
        .collect();
    for s in [200, 404, 429, 401, 403] {
        assert!(statuses.contains(&s), "status {s} logged: {statuses:?}");
    }
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|f| f["status"] == 401 && f["token_id"].is_null())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_error_is_the_guides_json() {
    let Some(env) = env() else { return };
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let raw = |method: Method, path: String| {
        let url = format!("{}{path}", server.url);
        let token = admin.token.clone();
        async move {
            let r = reqwest::Client::new()
                .request(method, url)
                .bearer_auth(token)
                .timeout(Duration::from_secs(20))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (status, headers, body)
        }
    };
    let check = |(status, _, body): &(u16, reqwest::header::HeaderMap, Value), want: u16| {
        assert_eq!(*status, want, "{body}");
        assert_eq!(body["error"], true, "{body}");
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
    };
    // A path that exists, with a method it does not take.
    let r = raw(Method::DELETE, "/api/v1/whoami".into()).await;
    check(&r, 405);
    assert_eq!(r.2["code"], "METHOD_NOT_ALLOWED");
    assert!(r.1.contains_key("allow"));
    // A path too long.
    let r = raw(Method::GET, format!("/api/v1/{}", "a".repeat(20_000))).await;
    check(&r, 414);
    // A path that is not UTF-8.
    let r = raw(Method::GET, "/api/v1/assessments/%FF%FE/2026".into()).await;
    check(&r, 400);
    let r = raw(Method::GET, "/api/portalrb/lke/jawaban-unit/%C3%28".into()).await;
    assert!(r.0 >= 400 && r.2["error"] == true, "{r:?}");
    // A query that does not parse.
    let r = raw(Method::GET, "/api/v1/admin/audit?after=x".into()).await;
    check(&r, 400);
    // Unknown paths, under the API and outside it.
    check(&raw(Method::GET, "/api/v1/tidak-ada".into()).await, 404);
    check(&raw(Method::GET, "/tidak-ada".into()).await, 404);
}
