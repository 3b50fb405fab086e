//! Running Daduk Server as an instansi does, against a real PostgreSQL and
//! Garage: a backup that restores (checked, and restored for real), and
//! PostgreSQL over TLS.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::json;

fn server_cmd(config: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_daduk-server"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restores_and_its_check_catches_what_is_wrong() {
    let Some(env) = env() else { return };
    let server = Server::start(&env, &Setup::new(&env).await).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["U"]).await);
    let tpi = server.client(&admin.token("evaluator", &["U"]).await);
    let files = [random_bytes(7000), random_bytes(300)];
    for f in &files {
        assert_eq!(unit.sync_blob(f).await, 201);
    }
    let m = manifest(
        "U",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&files[0], &files[1]],
    );
    unit.push("U", 2026, "unit", 0, &m).await.expect(200);
    tpi.push(
        "U",
        2026,
        "tpi",
        0,
        &review(&m, true, ReviewStatus::Accepted),
    )
    .await
    .expect(200);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026}),
        )
        .await
        .expect(204);
    admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "U", "year": 2026, "predicate": "wbk"}),
        )
        .await
        .expect(201);

    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("cadangan");
    let b = backup.to_str().unwrap();
    let out = server.command(&["backup", b]);
    assert!(out.contains("2 berkas baru"), "{out}");
    // A second run copies nothing again.
    let out = server.command(&["backup", b]);
    assert!(
        out.contains("0 berkas baru") && out.contains("2 berkas sudah ada"),
        "{out}"
    );
    let out = server.command(&["restore-check", b]);
    assert!(
        out.contains("2 berkas utuh") && out.contains("2 sisi") && out.contains("1 usulan"),
        "{out}"
    );

    // A damaged blob and a missing one are named.
    let s0 = sha(&files[0]);
    let s1 = sha(&files[1]);
    let p0 = backup.join("blobs").join(&s0[..2]).join(&s0);
    let mut bytes = std::fs::read(&p0).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&p0, &bytes).unwrap();
    std::fs::remove_file(backup.join("blobs").join(&s1[..2]).join(&s1)).unwrap();
    let config = dir.path().join("server.toml");
    std::fs::write(&config, std::fs::read(server_config(&server)).unwrap()).unwrap();
    let failed = server_cmd(&config, &["restore-check", b]);
    assert!(!failed.status.success());
    let text = String::from_utf8_lossy(&failed.stdout);
    assert!(
        text.contains(&format!("berkas {s0}: di cadangan")),
        "{text}"
    );
    assert!(
        text.contains(&format!("berkas {s1} (300 bita) tidak ada")),
        "{text}"
    );
    // The next backup mends it (a file of the wrong size is copied again).
    bytes.push(0);
    std::fs::write(&p0, &bytes).unwrap();
    server.command(&["backup", b]);
    assert!(
        server
            .command(&["restore-check", b])
            .contains("tidak ada masalah")
    );

    // Restored for real: an empty database, a server on it, the same data.
    let mut setup = Setup::new(&env).await;
    let restored_db = setup.db.clone();
    let restore_config = dir.path().join("restore.toml");
    let text = std::fs::read_to_string(server_config(&server))
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("database_url") {
                format!("database_url = \"{restored_db}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&restore_config, text).unwrap();
    let r = server_cmd(&restore_config, &["restore", b]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // Restoring over data is refused.
    let again = server_cmd(&restore_config, &["restore", b]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("sudah berisi data"));
    setup.db = restored_db;
    let second = Server::start(&env, &setup).await;
    let unit2 = second.client(&unit.token);
    assert_eq!(
        unit2
            .get(&format!("/api/v1/blobs/{s1}"))
            .await
            .expect(200)
            .bytes,
        files[1]
    );
    let sides = unit2
        .get("/api/v1/assessments/U/2026")
        .await
        .expect(200)
        .json();
    assert_eq!(sides["unit_version"], 1);
    assert_eq!(sides["tpi_version"], 1);
}

/// The configuration file a running test server uses.
fn server_config(server: &Server) -> std::path::PathBuf {
    server.config_path()
}

#[tokio::test(flavor = "multi_thread")]
async fn postgresql_over_tls_when_asked() {
    let Some(env) = env() else { return };
    let Ok(ca) = std::env::var("DADUK_TEST_PG_CA") else {
        panic!("DADUK_TEST_PG_CA: xtask starts PostgreSQL with TLS");
    };
    let mut setup = Setup::new(&env).await;
    setup.db = format!("{} sslmode=require", setup.db);
    setup.top.push(format!("database_ca_file = \"{ca}\""));
    let server = Server::start(&env, &setup).await;
    let who = server
        .admin()
        .get("/api/v1/whoami")
        .await
        .expect(200)
        .json();
    assert_eq!(who["role"], "admin");
    // The connection is TLS: PostgreSQL says so.
    let (client, conn) = tokio_postgres::connect(&env.pg, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let dbname = setup
        .db
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("dbname="))
        .unwrap();
    let ssl: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid
             WHERE s.ssl AND a.datname = $1",
            &[&dbname],
        )
        .await
        .unwrap()
        .get(0);
    assert!(ssl > 0, "the server's connections use TLS");
    drop(server);

    // A certificate the server does not trust: it refuses to start, saying why.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        format!(
            "database_url = \"{}\"\n[store]\nkind = \"local\"\npath = \"{}\"\n",
            setup.db,
            dir.path().join("blobs").display()
        ),
    )
    .unwrap();
    let out = server_cmd(&config, &["migrate"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.to_lowercase().contains("certificate") || err.contains("sertifikat"),
        "{err}"
    );
}
