//! The instansi's prerequisites: recorded per year by the admin only, every
//! value checked (nothing written when one is bad), audited; a proposal
//! names those missing for its predicate and names nothing once all are met.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use daduk_domain::Role;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::{Value, json};

const PATH: &str = "/api/v1/admin/prerequisites/2026";

fn codes(missing: &Value) -> Vec<String> {
    missing
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

async fn put(api: &Api, values: Value) -> Reply {
    api.json(Method::PUT, PATH, &json!({ "values": values }))
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn prerequisites_are_recorded_checked_and_named_on_proposals() {
    let Some(env) = env() else { return };
    let setup = Setup::new(&env).await;
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();

    // Nothing recorded yet: every checked prerequisite is missing.
    let got = admin.get(PATH).await.expect(200).json();
    assert_eq!(got["year"], 2026);
    assert!(
        got["source"]
            .as_str()
            .unwrap()
            .contains("PermenPANRB 90/2021")
    );
    assert!(codes(&got["missing_wbk"]).contains(&"opini_bpk".to_string()));
    assert!(
        got["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["value"].is_null())
    );

    // Recorded, spelled loosely: kept in the listed spelling, with who.
    let got = put(
        &admin,
        json!([
            {"code": "opini_bpk", "value": "wtp", "document": "LHP BPK 12/2025"},
            {"code": "maturitas_spip", "value": "2", "note": "penilaian BPKP 2025"}
        ]),
    )
    .await
    .expect(200)
    .json();
    let item = |got: &Value, code: &str| {
        got["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .cloned()
            .unwrap()
    };
    let opini = item(&got, "opini_bpk");
    assert_eq!(opini["value"], "WTP");
    assert_eq!(opini["document"], "LHP BPK 12/2025");
    assert_eq!(opini["met_wbk"], true);
    assert!(opini["recorded_by"].as_str().unwrap().contains("admin"));
    assert_eq!(item(&got, "maturitas_spip")["met_wbk"], false);
    assert_eq!(item(&got, "jenis_instansi")["met_wbk"], Value::Null);

    // One bad value among good ones: 422 naming it and what is allowed;
    // nothing written, the good one included.
    let r = put(
        &admin,
        json!([
            {"code": "maturitas_spip", "value": "4"},
            {"code": "nilai_sakip", "value": "Z"},
            {"code": "warna_gedung", "value": "biru"}
        ]),
    )
    .await
    .expect(422);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("nilai_sakip") && msg.contains("AA, A, BB, B, CC, C, D"),
        "{msg}"
    );
    assert!(
        msg.contains("warna_gedung") && msg.contains("opini_bpk"),
        "{msg}"
    );
    assert!(msg.contains("tidak ada yang disimpan"), "{msg}");
    let got = admin.get(PATH).await.expect(200).json();
    assert_eq!(item(&got, "maturitas_spip")["value"], "2");
    assert!(item(&got, "nilai_sakip")["value"].is_null());
    // A body that is not the shape: refused too.
    admin
        .json(Method::PUT, PATH, &json!({"values": [], "x": 1}))
        .await
        .expect(400);
    put(&admin, json!([])).await.expect(422);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/prerequisites/1990",
            &json!({"values": []}),
        )
        .await
        .expect(422);

    // Recorded in the instansi's time zone (WIB unless configured).
    assert!(
        opini["recorded_at"].as_str().unwrap().ends_with("+07:00"),
        "{opini}"
    );

    // A value recorded by mistake is removed, audited with what it was; an
    // unknown code is 422, one not recorded 404.
    put(&admin, json!([{"code": "nilai_sakip", "value": "B"}]))
        .await
        .expect(200);
    let got = admin
        .send(Method::DELETE, &format!("{PATH}/nilai_sakip"), None)
        .await
        .expect(200)
        .json();
    assert!(item(&got, "nilai_sakip")["value"].is_null());
    assert_eq!(item(&got, "opini_bpk")["value"], "WTP");
    admin
        .send(Method::DELETE, &format!("{PATH}/nilai_sakip"), None)
        .await
        .expect(404);
    admin
        .send(Method::DELETE, &format!("{PATH}/warna_gedung"), None)
        .await
        .expect(422);

    // Only the admin: a unit's and an evaluator's token are refused.
    let unit = server.client(&admin.token("unit", &["U"]).await);
    let tpi = server.client(&admin.token("evaluator", &["U"]).await);
    for other in [&unit, &tpi] {
        other.get(PATH).await.expect(403);
        other
            .send(Method::DELETE, &format!("{PATH}/opini_bpk"), None)
            .await
            .expect(403);
        put(other, json!([{"code": "opini_bpk", "value": "TMP"}]))
            .await
            .expect(403);
    }
    assert_eq!(
        item(&admin.get(PATH).await.json(), "opini_bpk")["value"],
        "WTP"
    );

    // Every change is in the audit log, once per accepted PUT.
    let audit = admin.get("/api/v1/admin/audit").await.expect(200).json();
    let sets: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "prerequisites-set")
        .collect();
    assert_eq!(sets.len(), 2);
    assert!(audit.as_array().unwrap().iter().any(|a| {
        a["action"] == "prerequisites-clear"
            && a["detail"].as_str().unwrap().contains("nilai_sakip=B")
    }));
    assert_eq!(sets[0]["year"], 2026);
    assert!(
        sets.iter()
            .any(|s| s["detail"].as_str().unwrap().contains("opini_bpk=WTP"))
    );

    // A proposal is made all the same, naming what is missing for its
    // predicate.
    let m = manifest(
        "U",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("U", 2026, "unit", 0, &m).await.expect(200);
    let propose = |refreeze: bool| {
        let admin = admin.clone();
        async move {
            admin
                .json(
                    Method::POST,
                    "/api/v1/admin/proposals",
                    &json!({"unit": "U", "year": 2026, "predicate": "wbbm", "refreeze": refreeze}),
                )
                .await
                .expect(201)
                .json()
        }
    };
    let p = propose(false).await;
    let missing = codes(&p["missing_prerequisites"]);
    assert!(
        missing.contains(&"maturitas_spip".to_string()),
        "{missing:?}"
    );
    assert!(missing.contains(&"nilai_sakip".to_string()), "{missing:?}");
    assert!(!missing.contains(&"opini_bpk".to_string()), "{missing:?}");
    let spip = p["missing_prerequisites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "maturitas_spip")
        .unwrap()
        .clone();
    assert_eq!(spip["why"], "tercatat 2; minimal 3");
    assert!(!spip["label"].as_str().unwrap().is_empty());
    let listed = admin
        .get("/api/v1/admin/proposals")
        .await
        .expect(200)
        .json();
    assert_eq!(
        listed[0]["missing_prerequisites"],
        p["missing_prerequisites"]
    );

    // All met for WBBM: the listing and a refreeze name nothing.
    put(
        &admin,
        json!([
            {"code": "jenis_instansi", "value": "kl"},
            {"code": "nilai_sakip", "value": "A"},
            {"code": "indeks_rb", "value": "BB"},
            {"code": "maturitas_spip", "value": "3"},
            {"code": "kapabilitas_apip", "value": "4"},
            {"code": "sptjm", "value": "ya"}
        ]),
    )
    .await
    .expect(200);
    let got = admin.get(PATH).await.expect(200).json();
    assert_eq!(got["missing_wbk"], json!([]));
    assert_eq!(got["missing_wbbm"], json!([]));
    let listed = admin
        .get("/api/v1/admin/proposals")
        .await
        .expect(200)
        .json();
    assert_eq!(listed[0]["missing_prerequisites"], json!([]));
    let p = propose(true).await;
    assert_eq!(p["missing_prerequisites"], json!([]));
}
