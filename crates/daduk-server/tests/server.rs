//! Daduk Server against a real PostgreSQL and Garage: roles and units,
//! side separation and versions, resumable uploads across a server crash,
//! wrong hashes, an unreachable object store, hostile requests, and two
//! units with two evaluators at once.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn tokens_are_scoped_to_their_role_and_units() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit_a = server.client(&admin.token("unit", &["A"]).await);
    let unit_b = server.client(&admin.token("unit", &["B"]).await);
    let eval_a = server.client(&admin.token("evaluator", &["A"]).await);
    let rb = server.client(&admin.token("integration", &[]).await);

    let ma = manifest(
        "A",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    let mb = manifest(
        "B",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit_a.push("A", 2026, "unit", 0, &ma).await.expect(200);
    unit_b.push("B", 2026, "unit", 0, &mb).await.expect(200);

    // A unit's token cannot read or write another unit, nor the TPI side.
    unit_a.get("/api/v1/assessments/B/2026").await.expect(403);
    unit_a.push("B", 2026, "unit", 1, &mb).await.expect(403);
    let rev = review(&ma, true, ReviewStatus::Accepted);
    unit_a.push("A", 2026, "tpi", 0, &rev).await.expect(403);
    let mine = unit_a.get("/api/v1/assessments").await.expect(200).json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["unit"], "A");

    // An evaluator reads and reviews only its assigned units.
    eval_a.get("/api/v1/assessments/A/2026").await.expect(200);
    eval_a.get("/api/v1/assessments/B/2026").await.expect(403);
    eval_a.push("A", 2026, "tpi", 0, &rev).await.expect(200);
    eval_a.push("A", 2026, "unit", 1, &ma).await.expect(403);
    let rev_b = review(&mb, true, ReviewStatus::Accepted);
    eval_a.push("B", 2026, "tpi", 0, &rev_b).await.expect(403);

    // Integration: PortalRB only.
    rb.get("/api/v1/assessments").await.expect(403);
    rb.get("/api/v1/assessments/A/2026").await.expect(403);
    unit_a
        .get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(403);
    eval_a
        .get("/api/portalrb/lke/jawaban-unit/A")
        .await
        .expect(403);
    // Admin endpoints: admin only.
    unit_a.get("/api/v1/admin/tokens").await.expect(403);
    eval_a
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "admin"}),
        )
        .await
        .expect(403);
    admin.get("/api/v1/assessments/B/2026").await.expect(200);
    // Admin may read but never writes a side.
    admin.push("A", 2026, "unit", 1, &ma).await.expect(403);

    // No token, an unknown one, a revoked one, an expired one: 401.
    server
        .client("")
        .get("/api/v1/assessments")
        .await
        .expect(401);
    server
        .client("dks_nope")
        .get("/api/v1/assessments")
        .await
        .expect(401);
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "unit", "units": ["A"]}),
        )
        .await
        .expect(201)
        .json();
    let revoked = server.client(r["token"].as_str().unwrap());
    revoked.get("/api/v1/assessments").await.expect(200);
    admin
        .send(
            Method::DELETE,
            &format!("/api/v1/admin/tokens/{}", r["id"]),
            None,
        )
        .await
        .expect(204);
    revoked.get("/api/v1/assessments").await.expect(401);
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "unit", "units": ["A"], "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await
        .expect(201)
        .json();
    server
        .client(r["token"].as_str().unwrap())
        .get("/api/v1/assessments")
        .await
        .expect(401);
    // A role that needs units must name them.
    admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "evaluator"}),
        )
        .await
        .expect(422);

    // Whoami, and tokens are never listed with their secret.
    let who = unit_a.get("/api/v1/whoami").await.expect(200).json();
    assert_eq!(who["role"], "unit");
    assert_eq!(who["units"], json!(["A"]));
    let listed = admin.get("/api/v1/admin/tokens").await.expect(200);
    assert!(!String::from_utf8_lossy(&listed.bytes).contains(&unit_a.token));
    // The audit log recorded the pushes and token changes.
    let audit = admin.get("/api/v1/admin/audit").await.expect(200).json();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for a in ["token-create", "push-unit", "push-tpi", "token-revoke"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_side_is_written_only_by_its_role_and_versions_conflict() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["S"]).await);
    let eval = server.client(&admin.token("evaluator", &["S"]).await);

    // A unit's body that smuggles TPI answers and file verdicts.
    let file = random_bytes(1000);
    assert_eq!(unit.upload(&file).await, 201);
    let mut m = manifest(
        "S",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true), (Role::Tpi, false)],
        &[&file],
    );
    m.evidence[0].review_status = ReviewStatus::Accepted;
    m.evidence[0].review_note = "palsu".into();
    assert_eq!(
        unit.push("S", 2026, "unit", 0, &m).await.expect(200).json()["version"],
        1
    );
    let got = unit
        .get("/api/v1/assessments/S/2026")
        .await
        .expect(200)
        .json();
    assert_eq!(got["unit_version"], 1);
    assert_eq!(got["tpi_version"], 0);
    assert!(got["tpi_side"].is_null());
    let side = &got["unit_side"];
    assert!(
        side["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["role"] == "unit")
    );
    assert_eq!(side["evidence"][0]["review_status"], "pending");
    assert_eq!(side["evidence"][0]["review_note"], "");

    // TPI's body that smuggles changed unit answers.
    let mut r = review(&m, false, ReviewStatus::Rejected);
    r.answers.push(daduk_domain::manifest::PacketAnswer {
        role: Role::Unit,
        ..m.answers[0].clone()
    });
    r.answers.last_mut().unwrap().value = Some(answer_text(&template(), m.answers[0].item, false));
    assert_eq!(
        eval.push("S", 2026, "tpi", 0, &r).await.expect(200).json()["version"],
        1
    );
    let got = eval
        .get("/api/v1/assessments/S/2026")
        .await
        .expect(200)
        .json();
    assert_eq!(
        got["unit_side"],
        side.clone(),
        "the unit side did not change"
    );
    let tpi = &got["tpi_side"];
    assert!(
        tpi["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["role"] == "tpi")
    );
    assert_eq!(tpi["evidence"][0]["review_status"], "rejected");

    // A submission on the TPI side, a review on the unit side: refused.
    eval.push("S", 2026, "tpi", 1, &m).await.expect(422);
    unit.push("S", 2026, "unit", 1, &r).await.expect(422);
    // A manifest of another unit or year under this path: refused.
    let other = manifest(
        "T",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("S", 2026, "unit", 1, &other).await.expect(422);

    // A stale base version: 409 with the current version, nothing changed.
    let m2 = manifest(
        "S",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, false)],
        &[&file],
    );
    let c = unit.push("S", 2026, "unit", 0, &m2).await.expect(409);
    assert_eq!(c.code(), "VERSION_CONFLICT");
    assert_eq!(c.json()["current_version"], 1);
    let again = unit
        .get("/api/v1/assessments/S/2026")
        .await
        .expect(200)
        .json();
    assert_eq!(again["unit_side"], side.clone());
    assert_eq!(
        unit.push("S", 2026, "unit", 1, &m2)
            .await
            .expect(200)
            .json()["version"],
        2
    );

    // The overview has the unit's and TPI's scores from core's scoring.
    let ov = admin.get("/api/v1/overview").await.expect(200).json();
    let row = &ov[0];
    assert_eq!(row["unit"], "S");
    let t = template();
    let unit_card =
        daduk_domain::Snapshot::from_sides(t.clone(), Some(&m2), None).score(Role::Unit);
    assert!((row["unit_side"]["total"].as_f64().unwrap() - unit_card.total).abs() < 1e-9);
    assert_eq!(row["unit_side"]["answered"], t.item_count());
    assert!(row["tpi_side"]["total"].as_f64().unwrap() > 0.0);
    // An evaluator of another unit sees nothing of it; a unit token no overview.
    let other_eval = server.client(&admin.token("evaluator", &["Z"]).await);
    assert_eq!(
        other_eval.get("/api/v1/overview").await.expect(200).json(),
        json!([])
    );
    unit.get("/api/v1/overview").await.expect(403);
    let x = admin.get("/api/v1/overview.xlsx").await.expect(200);
    assert!(x.bytes.starts_with(b"PK"), "an XLSX (zip) file");

    // The unit over the years: 2025 (all "tidak") and 2026, oldest first,
    // each with the domain's figures; for whoever may read the unit only.
    let m2025 = manifest(
        "S",
        2025,
        PacketKind::Submission,
        &[(Role::Unit, false)],
        &[],
    );
    unit.push("S", 2025, "unit", 0, &m2025).await.expect(200);
    let trend = admin.get("/api/v1/units/S/trend").await.expect(200).json();
    let years = trend["years"].as_array().unwrap();
    assert_eq!(
        years
            .iter()
            .map(|y| y["year"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![2025, 2026]
    );
    let card_2025 =
        daduk_domain::Snapshot::from_sides(t.clone(), Some(&m2025), None).score(Role::Unit);
    assert!((years[0]["unit_side"]["total"].as_f64().unwrap() - card_2025.total).abs() < 1e-9);
    assert!((years[1]["unit_side"]["total"].as_f64().unwrap() - unit_card.total).abs() < 1e-9);
    assert!(years[0]["tpi_side"].is_null());
    assert_eq!(
        unit.get("/api/v1/units/S/trend").await.expect(200).json(),
        trend
    );
    other_eval.get("/api/v1/units/S/trend").await.expect(403);
    let other_unit = server.client(&admin.token("unit", &["Z"]).await);
    other_unit.get("/api/v1/units/S/trend").await.expect(403);
    admin.get("/api/v1/units/Z/trend").await.expect(404);
    admin.get("/api/v1/units/a%20b/trend").await.expect(422);
}

/// TPN's side is written by the unit's token or an evaluator assigned to
/// the unit, with its own version; nobody else, and nothing else in it.
#[tokio::test(flavor = "multi_thread")]
async fn tpns_side_is_written_by_the_unit_or_its_evaluator_only() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["S"]).await);
    let eval = server.client(&admin.token("evaluator", &["S"]).await);
    let other_unit = server.client(&admin.token("unit", &["Z"]).await);
    let other_eval = server.client(&admin.token("evaluator", &["Z"]).await);
    let m = manifest(
        "S",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("S", 2026, "unit", 0, &m).await.expect(200);

    let t = tpn_side(&m, false);
    // A TPN side that smuggles a unit answer is refused whole.
    let mut smuggled = t.clone();
    smuggled.answers.push(m.answers[0].clone());
    let e = unit.push("S", 2026, "tpn", 0, &smuggled).await.expect(422);
    assert!(
        e.json()["message"]
            .as_str()
            .unwrap()
            .contains("hanya berisi jawaban TPN")
    );
    other_unit.push("S", 2026, "tpn", 0, &t).await.expect(403);
    other_eval.push("S", 2026, "tpn", 0, &t).await.expect(403);
    admin.push("S", 2026, "tpn", 0, &t).await.expect(403);
    // Sent as a unit side or a review: refused.
    unit.push("S", 2026, "unit", 1, &t).await.expect(422);
    eval.push("S", 2026, "tpi", 0, &t).await.expect(422);
    assert_eq!(
        unit.push("S", 2026, "tpn", 0, &t).await.expect(200).json()["version"],
        1
    );
    let got = eval
        .get("/api/v1/assessments/S/2026")
        .await
        .expect(200)
        .json();
    assert_eq!(got["tpn_version"], 1);
    assert_eq!(got["unit_version"], 1, "the unit's side did not move");
    let side = &got["tpn_side"];
    assert_eq!(side["kind"], "tpn");
    assert!(
        side["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["role"] == "tpn")
    );
    assert_eq!(side["tpn_stages"].as_array().unwrap().len(), 2);
    assert!(
        got["unit_side"]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["role"] == "unit")
    );
    // The evaluator adds to it on the version it read; a stale base is 409.
    let mut t2 = tpn_side(&m, true);
    t2.tpn_stages[1].outcome = Some(daduk_domain::tpn::Outcome::Lolos);
    eval.push("S", 2026, "tpn", 0, &t2).await.expect(409);
    assert_eq!(
        eval.push("S", 2026, "tpn", 1, &t2).await.expect(200).json()["version"],
        2
    );
    let list = unit.get("/api/v1/assessments").await.expect(200).json();
    assert_eq!(list[0]["tpn_version"], 2);
    // The instansi's overview shows TPN's total and where the unit stands,
    // worked out again after each TPN push (the figures are kept per version).
    let ov = admin.get("/api/v1/overview").await.expect(200).json();
    let row = ov
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "S")
        .unwrap();
    assert_eq!(row["tpn_standing"], "Desk evaluation: lolos, 15 Juni 2026");
    let tpn_card = daduk_domain::Snapshot::from_sides(template(), Some(&m), None)
        .with_tpn(Some(&t2))
        .score(Role::Tpn);
    assert!((row["tpn_side"]["total"].as_f64().unwrap() - tpn_card.total).abs() < 1e-9);
    // A history that cannot be is refused whole.
    let mut bad = t2.clone();
    bad.tpn_stages[0].outcome = Some(daduk_domain::tpn::Outcome::TidakLolos);
    let e = unit.push("S", 2026, "tpn", 2, &bad).await.expect(422);
    assert!(
        e.json()["message"]
            .as_str()
            .unwrap()
            .contains("tidak lolos"),
        "{:?}",
        e.json()
    );
    unit.push("S", 2026, "nasional", 2, &t2).await.expect(404);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_survives_a_server_crash_and_no_half_blob_is_visible() {
    let env = env_or_skip!();
    let setup = Setup::new(&env).await;
    let mut server = Server::start(&env, &setup).await;
    let admin = server.admin();
    let token = admin.token("unit", &["U"]).await;
    let unit = server.client(&token);
    let part = setup.part_size as usize;
    let bytes = random_bytes(part * 2 + part / 2);
    let sha = sha(&bytes);
    let key = format!("blobs/sha256/{}/{sha}", &sha[..2]);

    let start = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{sha}/uploads"),
            &json!({"size": bytes.len()}),
        )
        .await
        .expect(200)
        .json();
    let id = start["upload_id"].as_str().unwrap().to_string();
    assert_eq!(start["parts_received"], json!([]));
    let put = |n: usize| {
        let chunk = bytes[n * part..((n + 1) * part).min(bytes.len())].to_vec();
        let unit = unit.clone();
        let id = id.clone();
        async move {
            unit.send(
                Method::PUT,
                &format!("/api/v1/uploads/{id}/parts/{n}"),
                Some(chunk),
            )
            .await
        }
    };
    put(0).await.expect(204);
    put(2).await.expect(204);
    // A part of the wrong size is refused.
    unit.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/1"),
        Some(vec![0; 10]),
    )
    .await
    .expect(422);
    unit.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/3"),
        Some(vec![0; 10]),
    )
    .await
    .expect(422);
    // Completing with a part missing: refused, nothing visible.
    unit.send(
        Method::POST,
        &format!("/api/v1/uploads/{id}/complete"),
        None,
    )
    .await
    .expect(422);

    // The server dies mid-upload and comes back.
    server.restart().await;
    let unit = server.client(&token);
    assert_eq!(
        unit.send(Method::HEAD, &format!("/api/v1/blobs/{sha}"), None)
            .await
            .status,
        404
    );
    assert!(
        env.keys(&key).await.is_empty(),
        "no half blob in the bucket"
    );
    let resumed = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{sha}/uploads"),
            &json!({"size": bytes.len()}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(resumed["upload_id"], id.as_str(), "the same upload resumes");
    assert_eq!(resumed["parts_received"], json!([0, 2]));
    let chunk = bytes[part..2 * part].to_vec();
    unit.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/1"),
        Some(chunk),
    )
    .await
    .expect(204);
    let done = unit
        .send(
            Method::POST,
            &format!("/api/v1/uploads/{id}/complete"),
            None,
        )
        .await
        .expect(201);
    assert_eq!(done.json(), json!({"sha256": sha, "size": bytes.len()}));
    assert_eq!(
        unit.send(Method::HEAD, &format!("/api/v1/blobs/{sha}"), None)
            .await
            .status,
        200
    );
    assert_eq!(env.keys(&key).await, vec![key.clone()], "stored once");
    assert!(
        env.keys(&format!("uploads/{id}")).await.is_empty(),
        "parts removed"
    );
    // Uploading the same bytes again stores nothing new.
    assert_eq!(unit.upload(&bytes).await, 200);
    assert_eq!(env.keys(&key).await.len(), 1);

    // The bytes come back whole for a token that may read them, and only then.
    let m = manifest(
        "U",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&bytes],
    );
    unit.push("U", 2026, "unit", 0, &m).await.expect(200);
    let got = unit.get(&format!("/api/v1/blobs/{sha}")).await.expect(200);
    assert_eq!(got.bytes, bytes);
    let other = server.client(&admin.token("unit", &["V"]).await);
    other.get(&format!("/api/v1/blobs/{sha}")).await.expect(404);
}

#[tokio::test(flavor = "multi_thread")]
async fn abandoned_uploads_are_collected_and_blobs_never_touched() {
    let env = env_or_skip!();
    let setup = Setup::new(&env).await;
    let server = Server::start(&env, &setup).await;
    let unit = server.client(&server.admin().token("unit", &["U"]).await);
    let part = setup.part_size as usize;
    // A whole blob, and an upload left after its first part.
    let kept = random_bytes(part + 10);
    assert_eq!(unit.upload(&kept).await, 201);
    let kept_key = format!("blobs/sha256/{}/{}", &sha(&kept)[..2], sha(&kept));
    let left = random_bytes(part * 2);
    let left_sha = sha(&left);
    let start = |unit: Api| {
        let sha = left_sha.clone();
        let size = left.len();
        async move {
            unit.json(
                Method::POST,
                &format!("/api/v1/blobs/{sha}/uploads"),
                &json!({ "size": size }),
            )
            .await
            .expect(200)
            .json()
        }
    };
    let id = start(unit.clone()).await["upload_id"]
        .as_str()
        .unwrap()
        .to_string();
    unit.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/0"),
        Some(left[..part].to_vec()),
    )
    .await
    .expect(204);
    assert_eq!(env.keys(&format!("uploads/{id}/")).await.len(), 1);

    // Younger than the expiry (72 h by default): nothing goes.
    let none = server.command(&["collect-uploads"]);
    assert!(none.starts_with("0 unggahan"), "{none}");
    assert_eq!(env.keys(&format!("uploads/{id}/")).await.len(), 1);
    // Older than zero hours: the abandoned upload goes, parts and row.
    let done = server.command(&["collect-uploads", "--older-than-hours", "0"]);
    assert!(
        done.starts_with("1 unggahan") && done.contains("1 potongan"),
        "{done}"
    );
    assert!(env.keys(&format!("uploads/{id}/")).await.is_empty());
    // The blob is untouched and still served.
    assert_eq!(env.keys(&kept_key).await, vec![kept_key.clone()]);
    assert_eq!(
        unit.send(Method::HEAD, &format!("/api/v1/blobs/{}", sha(&kept)), None)
            .await
            .status,
        200
    );
    // The client that comes back starts afresh, and can finish.
    let again = start(unit.clone()).await;
    assert_ne!(again["upload_id"], id.as_str());
    assert_eq!(again["parts_received"], json!([]));
    assert_eq!(unit.upload(&left).await, 201);
    let log = server
        .admin()
        .get("/api/v1/admin/audit")
        .await
        .expect(200)
        .json();
    assert!(
        log.to_string().contains("uploads-collected"),
        "the collection is in the audit log: {log}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_hashes_and_missing_blobs_are_refused() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["H"]).await);
    let bytes = random_bytes(5000);
    let claimed = sha(b"something else");
    let start = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{claimed}/uploads"),
            &json!({"size": bytes.len()}),
        )
        .await
        .expect(200)
        .json();
    let id = start["upload_id"].as_str().unwrap();
    // A blob of one part is hashed as its part arrives: refused at once,
    // and the upload is gone.
    let r = unit
        .send(
            Method::PUT,
            &format!("/api/v1/uploads/{id}/parts/0"),
            Some(bytes.clone()),
        )
        .await
        .expect(422);
    assert_eq!(r.code(), "HASH_MISMATCH");
    assert!(r.json()["message"].as_str().unwrap().contains(&sha(&bytes)));
    unit.send(
        Method::POST,
        &format!("/api/v1/uploads/{id}/complete"),
        None,
    )
    .await
    .expect(404);
    assert_eq!(
        unit.send(Method::HEAD, &format!("/api/v1/blobs/{claimed}"), None)
            .await
            .status,
        404
    );
    assert!(
        env.keys(&format!("blobs/sha256/{}/{claimed}", &claimed[..2]))
            .await
            .is_empty()
    );
    // Sent whole in one request: the same check, before anything is kept.
    let r = unit
        .send(
            Method::PUT,
            &format!("/api/v1/blobs/{claimed}"),
            Some(bytes.clone()),
        )
        .await
        .expect(422);
    assert_eq!(r.code(), "HASH_MISMATCH");
    assert!(
        env.keys(&format!("blobs/sha256/{}/{claimed}", &claimed[..2]))
            .await
            .is_empty()
    );
    let whole = random_bytes(6000);
    let right = sha(&whole);
    let put = |body: Vec<u8>, sha: String| {
        let unit = unit.clone();
        async move {
            unit.send(Method::PUT, &format!("/api/v1/blobs/{sha}"), Some(body))
                .await
        }
    };
    let stored = put(whole.clone(), right.clone()).await.expect(201);
    assert_eq!(stored.json(), json!({"sha256": right, "size": whole.len()}));
    put(whole.clone(), right.clone()).await.expect(200);
    assert_eq!(
        env.keys(&format!("blobs/sha256/{}/{right}", &right[..2]))
            .await
            .len(),
        1,
        "stored once, never overwritten"
    );
    // Larger than one part: refused (it goes in parts), and not a unit's
    // or admin's token: refused.
    let big = random_bytes((8 << 20) + 1);
    let r = put(big.clone(), sha(&big)).await;
    assert_eq!(r.status, 413, "{:?}", r.json());
    let evaluator = server.client(&admin.token("evaluator", &["H"]).await);
    let other = random_bytes(100);
    evaluator
        .send(
            Method::PUT,
            &format!("/api/v1/blobs/{}", sha(&other)),
            Some(other),
        )
        .await
        .expect(403);
    // The parts are dropped: the upload is gone.
    unit.send(
        Method::POST,
        &format!("/api/v1/uploads/{id}/complete"),
        None,
    )
    .await
    .expect(404);

    // A push whose evidence is not stored: 422 naming the hash; nothing stored.
    let m = manifest(
        "H",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&bytes],
    );
    let r = unit.push("H", 2026, "unit", 0, &m).await.expect(422);
    assert_eq!(r.code(), "MISSING_BLOBS");
    assert_eq!(r.json()["missing"], json!([sha(&bytes)]));
    unit.get("/api/v1/assessments/H/2026").await.expect(404);
    assert_eq!(unit.upload(&bytes).await, 201);
    unit.push("H", 2026, "unit", 0, &m).await.expect(200);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_object_store_is_refused_clearly_and_nothing_points_to_it() {
    let env = env_or_skip!();
    let mut setup = Setup::new(&env).await;
    // Nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    setup.s3_endpoint = format!("http://127.0.0.1:{port}");
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["O"]).await);
    let bytes = random_bytes(3000);
    let sha = sha(&bytes);
    let start = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{sha}/uploads"),
            &json!({"size": bytes.len()}),
        )
        .await
        .expect(200)
        .json();
    let id = start["upload_id"].as_str().unwrap();
    let r = unit
        .send(
            Method::PUT,
            &format!("/api/v1/uploads/{id}/parts/0"),
            Some(bytes.clone()),
        )
        .await
        .expect(503);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("penyimpanan berkas"),
        "{}",
        r.json()
    );
    // The part was not counted; completing is refused; the blob is not there.
    let again = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{sha}/uploads"),
            &json!({"size": bytes.len()}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(again["parts_received"], json!([]));
    unit.send(
        Method::POST,
        &format!("/api/v1/uploads/{id}/complete"),
        None,
    )
    .await
    .expect(422);
    assert_eq!(
        unit.send(Method::HEAD, &format!("/api/v1/blobs/{sha}"), None)
            .await
            .status,
        404
    );
    let m = manifest(
        "O",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&bytes],
    );
    unit.push("O", 2026, "unit", 0, &m).await.expect(422);
    // Without files the unit's answers still sync.
    let m = manifest(
        "O",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("O", 2026, "unit", 0, &m).await.expect(200);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_requests_are_refused_before_they_reach_sql_or_a_key() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["X"]).await);

    // Oversized bodies: 413 as JSON.
    let big = vec![b' '; 17 << 20];
    let r = unit
        .send(Method::PUT, "/api/v1/assessments/X/2026/unit", Some(big))
        .await
        .expect(413);
    assert_eq!(r.code(), "PAYLOAD_TOO_LARGE");
    let sha = sha(b"x");
    let start = unit
        .json(
            Method::POST,
            &format!("/api/v1/blobs/{sha}/uploads"),
            &json!({"size": 1}),
        )
        .await
        .expect(200)
        .json();
    let id = start["upload_id"].as_str().unwrap();
    unit.send(
        Method::PUT,
        &format!("/api/v1/uploads/{id}/parts/0"),
        Some(vec![0; 9 << 20]),
    )
    .await
    .expect(413);
    unit.json(
        Method::POST,
        &format!("/api/v1/blobs/{sha}/uploads"),
        &json!({"size": 1u64 << 50}),
    )
    .await
    .expect(413);

    // Path-like keys and SQL-looking strings in paths.
    for path in [
        "/api/v1/blobs/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/blobs/ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
        "/api/v1/assessments/x'%3B%20DROP%20TABLE%20units%3B--/2026",
        "/api/v1/assessments/..%2F..%2Fetc/2026",
        "/api/v1/assessments/X/20x6",
        "/api/v1/uploads/..%2Fblobs/parts/0",
        "/api/v1/uploads/0123456789abcdef0123456789abcdef/parts/-1",
    ] {
        let r = unit.send(Method::GET, path, None).await;
        let r = if r.status.as_u16() == 405 {
            unit.send(Method::PUT, path, Some(vec![1])).await
        } else {
            r
        };
        assert!(
            [400, 404, 422].contains(&r.status.as_u16()),
            "{path}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.bytes)
        );
        assert_eq!(r.json()["error"], true, "{path}");
    }
    // SQL-looking text is only text.
    let evil = "x'); DROP TABLE tokens; --";
    let r = admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "unit", "units": ["X"], "label": evil}),
        )
        .await
        .expect(201);
    assert!(r.json()["token"].is_string());
    let tokens = admin.get("/api/v1/admin/tokens").await.expect(200).json();
    assert!(
        tokens
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["label"] == evil)
    );
    admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "unit", "units": [evil]}),
        )
        .await
        .expect(422);
    // Manifests are parsed by core's checked parser: a path escaping, an
    // escape sequence, an unknown field.
    let mut m = serde_json::to_value(manifest(
        "X",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    ))
    .unwrap();
    m["unit"]["name"] = json!("Unit\u{1b}[2J");
    let r = unit
        .json(
            Method::PUT,
            "/api/v1/assessments/X/2026/unit",
            &json!({"base_version": 0, "manifest": m}),
        )
        .await
        .expect(422);
    assert!(r.json()["message"].as_str().unwrap().contains("nama unit"));
    unit.json(
        Method::PUT,
        "/api/v1/assessments/X/2026/unit",
        &json!({"base_version": 0, "manifest": {"format": "daduk-packet", "version": 3, "x": 1}}),
    )
    .await
    .expect(422);
    unit.json(
        Method::PUT,
        "/api/v1/assessments/X/2026/unit",
        &json!({"base_version": 0, "manifest": {}, "extra": 1}),
    )
    .await
    .expect(400);
    unit.send(
        Method::PUT,
        "/api/v1/assessments/X/2026/unit",
        Some(b"{not json".to_vec()),
    )
    .await
    .expect(400);
    // Deeply nested JSON does not overflow anything.
    let deep = format!(
        "{{\"base_version\":0,\"manifest\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    unit.send(
        Method::PUT,
        "/api/v1/assessments/X/2026/unit",
        Some(deep.into_bytes()),
    )
    .await
    .expect(422);
    // Query strings too: a JSON error.
    admin
        .get("/api/v1/admin/audit?after=x%27%3B--")
        .await
        .expect(400);
    assert!(
        admin
            .get("/api/v1/admin/audit?after=0&limit=5")
            .await
            .expect(200)
            .json()
            .as_array()
            .unwrap()
            .len()
            <= 5
    );
    // Everything still works.
    admin.get("/api/v1/admin/tokens").await.expect(200);
    admin.get("/api/v1/assessments").await.expect(200);
    server.client("").get("/nowhere/at/all").await.expect(404);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_units_and_two_evaluators_sync_at_once() {
    let env = env_or_skip!();
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let mut tasks = Vec::new();
    for (unit_code, eval_units) in [("P", vec!["P"]), ("Q", vec!["Q"])] {
        let unit = server.client(&admin.token("unit", &[unit_code]).await);
        let eval = server.client(&admin.token("evaluator", &eval_units).await);
        tasks.push(tokio::spawn(async move {
            let files: Vec<Vec<u8>> = (0..6).map(|_| random_bytes(200_000)).collect();
            let mut up = Vec::new();
            for f in &files {
                let unit = unit.clone();
                let f = f.clone();
                up.push(tokio::spawn(async move { unit.upload(&f).await }));
            }
            for u in up {
                assert_eq!(u.await.unwrap(), 201);
            }
            let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            let mut unit_version = 0;
            let mut tpi_version = 0;
            for round in 0..4 {
                let m = manifest(
                    unit_code,
                    2026,
                    PacketKind::Submission,
                    &[(Role::Unit, round % 2 == 0)],
                    &refs,
                );
                let (u, e) = tokio::join!(
                    unit.push(unit_code, 2026, "unit", unit_version, &m),
                    async {
                        // The evaluator pulls and reviews at the same time.
                        let got = eval
                            .get(&format!("/api/v1/assessments/{unit_code}/2026"))
                            .await;
                        if got.status.as_u16() == 404 {
                            return None;
                        }
                        let r = review(&m, round % 2 == 1, ReviewStatus::Accepted);
                        Some(eval.push(unit_code, 2026, "tpi", tpi_version, &r).await)
                    }
                );
                unit_version = u.expect(200).json()["version"].as_i64().unwrap();
                if let Some(e) = e {
                    tpi_version = e.expect(200).json()["version"].as_i64().unwrap();
                }
            }
            let got = eval
                .get(&format!("/api/v1/assessments/{unit_code}/2026"))
                .await
                .expect(200)
                .json();
            assert_eq!(got["unit_version"].as_i64().unwrap(), unit_version);
            assert_eq!(got["tpi_version"].as_i64().unwrap(), tpi_version);
            assert_eq!(unit_version, 4);
            assert!(tpi_version >= 3);
            // Each evaluator reads its unit's files, not the other's.
            let sha0 = sha(&files[0]);
            assert_eq!(
                eval.get(&format!("/api/v1/blobs/{sha0}"))
                    .await
                    .expect(200)
                    .bytes,
                files[0]
            );
            sha0
        }));
    }
    let mut shas = Vec::new();
    for t in tasks {
        shas.push(t.await.unwrap());
    }
    let eval_p = server.client(&admin.token("evaluator", &["P"]).await);
    eval_p
        .get(&format!("/api/v1/blobs/{}", shas[1]))
        .await
        .expect(404);
    let list = admin.get("/api/v1/assessments").await.expect(200).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_speaks_tls_when_given_a_certificate() {
    let env = env_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let ok = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success(), "openssl req");
    let mut setup = Setup::new(&env).await;
    setup.tls = Some((cert, key));
    let server = Server::start(&env, &setup).await;
    assert!(server.url.starts_with("https://"));
    let who = server
        .admin()
        .get("/api/v1/whoami")
        .await
        .expect(200)
        .json();
    assert_eq!(who["role"], "admin");
    // Plain HTTP on the TLS port gets no API answer.
    let plain = server.url.replace("https://", "http://");
    let r = reqwest::Client::new()
        .get(format!("{plain}/healthz"))
        .send()
        .await;
    assert!(r.map(|r| r.status() != 200).unwrap_or(true));
}
