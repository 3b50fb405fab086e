//! `daduk sync` and `daduk admin` against a real Daduk server (PostgreSQL
//! and an S3 store behind it), started by these tests so they can kill and
//! restart it. `cargo xtask test` runs them (they are ignored otherwise) and
//! gives them:
//!
//! - `DADUK_TEST_SERVER_BIN`: the `daduk-server` binary;
//! - `DADUK_TEST_SERVER_CONFIG`: its configuration (database and store);
//!   each test listens on a port of its own (`DADUK_LISTEN`) and uses unit
//!   codes of its own, so tests and runs share the database safely.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Ws;

fn env(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os(name).unwrap_or_else(|| {
            panic!("{name} is not set: these tests run under `cargo xtask test`")
        }),
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A name no other test or run uses.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}", nanos % 100_000_000_000)
}

/// A `daduk-server` of this test's own.
struct Server {
    child: Option<Child>,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let mut s = Server {
            child: None,
            port: free_port(),
        };
        s.restart();
        s
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn restart(&mut self) {
        let child = Command::new(env("DADUK_TEST_SERVER_BIN"))
            .arg("--config")
            .arg(env("DADUK_TEST_SERVER_CONFIG"))
            .env("DADUK_LISTEN", format!("127.0.0.1:{}", self.port))
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !healthy(self.port) {
            assert!(Instant::now() < deadline, "daduk-server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kill it hard, as a crash or a power cut would.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn admin_token(&self) -> String {
        let out = Command::new(env("DADUK_TEST_SERVER_BIN"))
            .arg("--config")
            .arg(env("DADUK_TEST_SERVER_CONFIG"))
            .args(["admin-token", "--label", "uji"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn healthy(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.1 200")
}

/// The admin's view: `daduk admin` with the admin token.
struct Admin {
    url: String,
    token: String,
}

impl Admin {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_daduk"))
            .args(["admin", "--server", &self.url])
            .args(args)
            .env_remove("DADUK_SERVER_URL")
            .env("DADUK_SERVER_TOKEN", &self.token)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "daduk admin {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new token; `token create` prints it alone on stdout.
    fn token(&self, role: &str, units: &[&str]) -> String {
        let mut args = vec!["token", "create", "--role", role, "--label", "uji"];
        if !units.is_empty() {
            args.push("--unit");
            args.extend_from_slice(units);
        }
        let out = self.ok(&args);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "only the token on stdout: {out:?}");
        assert!(lines[0].len() >= 20 && !lines[0].contains(' '), "{out:?}");
        lines[0].to_string()
    }
}

fn workspace(role: &str) -> Ws {
    let ws = Ws::new();
    ws.ok(&["init", "--role", role]);
    ws
}

fn sync(ws: &Ws, url: &str, token: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["sync", "--server", url];
    args.extend_from_slice(extra);
    ws.cmd(&args)
        .env_remove("DADUK_SERVER_URL")
        .env("DADUK_SERVER_TOKEN", token)
        .output()
        .unwrap()
}

fn sync_ok(ws: &Ws, url: &str, token: &str) -> String {
    let out = sync(ws, url, token, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "daduk sync: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains(token), "the token is never printed");
    stdout
}

/// A unit with an assessment for 2026, two answers and one file.
fn unit_workspace(code: &str, file: &[u8]) -> Ws {
    let ws = workspace("unit");
    ws.ok(&["unit", "add", code, "--name", &format!("Unit {code}")]);
    ws.ok(&["assessment", "new", "--unit", code, "--year", "2026"]);
    let uy = ["--unit", code, "--year", "2026"];
    for (item, value) in [("P.1.i.a", "ya"), ("P.1.i.b", "b")] {
        let mut a = vec!["answer", "set"];
        a.extend_from_slice(&uy);
        a.extend_from_slice(&[item, value]);
        ws.ok(&a);
    }
    let f = ws.path().join("sk-tim.pdf");
    std::fs::write(&f, file).unwrap();
    let mut a = vec!["evidence", "add"];
    a.extend_from_slice(&uy);
    a.extend_from_slice(&["P.1.i.a", f.to_str().unwrap()]);
    ws.ok(&a);
    ws
}

/// `daduk sync` with nothing given: the server, CA file and token this
/// computer keeps for the workspace.
fn sync_with_kept_settings(ws: &Ws) {
    let out = ws
        .cmd(&["sync"])
        .env_remove("DADUK_SERVER_URL")
        .env_remove("DADUK_SERVER_TOKEN")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn uy<'a>(code: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut a = rest.to_vec();
    a.extend_from_slice(&["--unit", code, "--year", "2026"]);
    a
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn two_units_and_two_evaluators_sync_and_the_review_reaches_the_unit() {
    let server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let (dinkes, disdik) = (unique("DINKES"), unique("DISDIK"));
    for code in [&dinkes, &disdik] {
        admin.ok(&["unit", "set", code, "--name", &format!("Unit {code}")]);
    }
    let t_dinkes = admin.token("unit", &[&dinkes]);
    let t_disdik = admin.token("unit", &[&disdik]);
    let t_e1 = admin.token("evaluator", &[&dinkes, &disdik]);
    let t_e2 = admin.token("evaluator", &[&dinkes]);

    let u1 = unit_workspace(&dinkes, format!("SK {dinkes}").as_bytes());
    let u2 = unit_workspace(&disdik, format!("SK {disdik}").as_bytes());
    // Both units at once.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| sync_ok(&u1, &server.url(), &t_dinkes));
        let b = s.spawn(|| sync_ok(&u2, &server.url(), &t_disdik));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(
        a.contains(&format!("{dinkes} 2026: dikirim (versi 1)")),
        "{a}"
    );
    assert!(
        a.contains("1 berkas diunggah") || a.contains("2 berkas diunggah"),
        "{a}"
    );
    assert!(
        b.contains(&format!("{disdik} 2026: dikirim (versi 1)")),
        "{b}"
    );

    // A unit's token may not touch another unit.
    u1.ok(&["unit", "add", &disdik, "--name", "lain"]);
    u1.ok(&["assessment", "new", "--unit", &disdik, "--year", "2026"]);
    let out = sync(
        &u1,
        &server.url(),
        &t_dinkes,
        &["--unit", &disdik, "--year", "2026"],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("GAGAL") && said.contains("tidak berhak"),
        "{said}"
    );

    // Two evaluators at once: e1 sees both units, e2 only DINKES.
    let e1 = workspace("tpi");
    let e2 = workspace("tpi");
    let (x, y) = std::thread::scope(|s| {
        let x = s.spawn(|| sync_ok(&e1, &server.url(), &t_e1));
        let y = s.spawn(|| sync_ok(&e2, &server.url(), &t_e2));
        (x.join().unwrap(), y.join().unwrap())
    });
    assert!(x.contains(&dinkes) && x.contains(&disdik), "{x}");
    assert!(x.contains("berkas diunduh"), "{x}");
    assert!(y.contains(&dinkes) && !y.contains(&disdik), "{y}");
    let files = e1.json(&uy(&dinkes, &["evidence", "list", "--json"]));
    assert_eq!(files.as_array().unwrap().len(), 1);
    let check = e1.ok(&["verify"]);
    assert!(!check.contains("hilang"), "{check}");

    // e1 judges DINKES: an answer and a file rejected.
    let mut set = uy(&dinkes, &["answer", "set"]);
    set.extend_from_slice(&["P.1.i.a", "tidak", "--role", "tpi"]);
    e1.ok(&set);
    let id = files[0]["id"].as_i64().unwrap().to_string();
    let mut review = uy(&dinkes, &["evidence", "review"]);
    review.extend_from_slice(&[&id, "ditolak", "--note", "belum ditandatangani"]);
    e1.ok(&review);
    let sent = sync_ok(&e1, &server.url(), &t_e1);
    assert!(
        sent.contains(&format!("{dinkes} 2026: dikirim (versi 1)")),
        "{sent}"
    );

    // The review reaches the unit; the unit's answers stay the unit's.
    let got = sync_ok(&u1, &server.url(), &t_dinkes);
    assert!(got.contains("sisi TPI diterima (versi 1)"), "{got}");
    let tpi = u1.json(&uy(&dinkes, &["score", "--json", "--role", "tpi"]));
    assert_eq!(tpi["items"]["P.1.i.a"], 0.0);
    let unit = u1.json(&uy(&dinkes, &["score", "--json"]));
    assert_eq!(unit["items"]["P.1.i.a"], 1.0);
    let mine = u1.json(&uy(&dinkes, &["evidence", "list", "--json"]));
    assert_eq!(mine[0]["review_status"], "rejected");
    assert_eq!(mine[0]["review_note"], "belum ditandatangani");

    // TPN's result, recorded by the unit from its LHE, reaches the
    // evaluator through the server: a side of its own.
    let mut set = uy(&dinkes, &["answer", "set"]);
    set.extend_from_slice(&[
        "P.1.i.a",
        "tidak",
        "--role",
        "tpn",
        "--note",
        "SK belum sah",
    ]);
    u1.ok(&set);
    let mut stage = uy(&dinkes, &["tpn", "stage"]);
    stage.extend_from_slice(&["usulan", "--date", "30/04/2026", "--outcome", "lolos"]);
    u1.ok(&stage);
    let sent = sync_ok(&u1, &server.url(), &t_dinkes);
    assert!(sent.contains("hasil TPN dikirim (versi 1)"), "{sent}");
    let got = sync_ok(&e1, &server.url(), &t_e1);
    assert!(
        got.contains("1 tahap penilaian TPN berubah di sini"),
        "{got}"
    );
    let tpn = e1.json(&uy(&dinkes, &["tpn", "show", "--json"]));
    assert_eq!(tpn["stages"][0]["stage"], "usulan");
    assert_eq!(tpn["compared"]["items"][0]["answers"][2], "tidak");

    // The unit submits (a draft is never proposed) and syncs.
    u1.ok(&uy(&dinkes, &["assessment", "set-status", "submitted"]));
    let sent = sync_ok(&u1, &server.url(), &t_dinkes);
    assert!(sent.contains("dikirim (versi 2)"), "{sent}");

    // The admin's view: tokens listed without their secrets, a proposal
    // frozen and re-opened, a revoked token refused.
    let list = admin.ok(&["token", "list"]);
    assert!(
        list.contains("evaluator") && !list.contains(&t_e1),
        "{list}"
    );
    let tokens: serde_json::Value =
        serde_json::from_str(&admin.ok(&["token", "list", "--json"])).unwrap();
    admin.ok(&[
        "evaluation",
        "set",
        "--year",
        "2026",
        "--start",
        "2026-01-01",
        "--end",
        "2026-12-31",
    ]);
    let p = admin.ok(&[
        "propose",
        "--unit",
        &dinkes,
        "--year",
        "2026",
        "--predicate",
        "wbk",
    ]);
    assert!(
        p.contains("diusulkan wbk") && p.contains("sisi TPI versi 1"),
        "{p}"
    );
    // The instansi's prerequisites: named on the proposal while missing
    // (the proposal is made all the same), a bad value refused with
    // nothing written, then recorded until nothing is missing.
    assert!(
        p.contains("Prasyarat instansi 2026 yang belum terpenuhi untuk WBK")
            && p.contains("opini_bpk"),
        "{p}"
    );
    let bad = admin.run(&[
        "prerequisites",
        "set",
        "--year",
        "2026",
        "opini_bpk=WTP",
        "maturitas_spip=9",
    ]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.contains("maturitas_spip") && said.contains("level 0 sampai 5"),
        "{said}"
    );
    let shown = admin.ok(&["prerequisites", "show", "--year", "2026"]);
    assert!(
        shown.contains("opini_bpk") && shown.contains("belum dicatat"),
        "{shown}"
    );
    let set = admin.ok(&[
        "prerequisites",
        "set",
        "--year",
        "2026",
        "opini_bpk=wtp",
        "nilai_sakip=B",
        "jenis_instansi=pemda",
        "indeks_rb=CC",
        "maturitas_spip=3",
        "kapabilitas_apip=3",
        "sptjm=ya",
        "--document",
        "LHP BPK 2025",
    ]);
    assert!(
        set.contains("7 prasyarat instansi tahun 2026 dicatat")
            && set.contains("Untuk WBK: semua prasyarat terpenuhi")
            && set.contains("Belum terpenuhi untuk WBBM"),
        "{set}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&admin.ok(&["prerequisites", "show", "--year", "2026", "--json"]))
            .unwrap();
    assert_eq!(json["missing_wbk"], serde_json::json!([]));
    let proposals = admin.ok(&["proposals"]);
    let ours: Vec<&str> = proposals
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{dinkes} 2026")))
        .take(2)
        .collect();
    assert!(
        ours.len() == 2 && ours[1].contains("Prasyarat instansi 2026 untuk WBK: semua terpenuhi"),
        "{proposals}"
    );
    // A value recorded by mistake is removed; it is missing again until
    // recorded; recording times are the instansi's (WIB by default).
    let cleared = admin.ok(&["prerequisites", "clear", "--year", "2026", "sptjm"]);
    assert!(
        cleared.contains("Prasyarat sptjm tahun 2026 dihapus")
            && cleared.contains("Belum terpenuhi untuk WBK"),
        "{cleared}"
    );
    assert!(cleared.contains("WIB"), "{cleared}");
    let again = admin.run(&["prerequisites", "clear", "--year", "2026", "sptjm"]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("belum dicatat"),
        "{again:?}"
    );
    admin.ok(&["prerequisites", "set", "--year", "2026", "sptjm=ya"]);
    admin.ok(&["unpropose", "--unit", &dinkes, "--year", "2026"]);
    admin.ok(&["fetches"]);
    let e2_id = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == "evaluator" && t["units"] == serde_json::json!([dinkes]))
        .map(|t| t["id"].as_i64().unwrap().to_string())
        .expect("e2's token is listed");
    admin.ok(&["token", "revoke", &e2_id]);
    let refused = sync(&e2, &server.url(), &t_e2, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("token ditolak"), "{said}");

    // The remembered server and token: a second sync needs neither.
    let again = u1
        .cmd(&["sync"])
        .env_remove("DADUK_SERVER_URL")
        .env_remove("DADUK_SERVER_TOKEN")
        .output()
        .unwrap();
    let again_out = String::from_utf8_lossy(&again.stdout);
    assert!(
        again_out.contains("tidak ada yang perlu dikirim"),
        "{again_out}"
    );
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn the_same_side_changed_on_two_computers_is_merged_and_the_clash_reported() {
    let server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let code = unique("BAPPEDA");
    admin.ok(&["unit", "set", &code, "--name", "Bappeda"]);
    let t = admin.token("unit", &[&code]);
    let one = unit_workspace(&code, format!("SK {code}").as_bytes());
    sync_ok(&one, &server.url(), &t);
    // A second computer of the same unit starts from the server.
    let two = workspace("unit");
    let first = sync_ok(&two, &server.url(), &t);
    assert!(first.contains("berkas diunduh"), "{first}");
    let set = |ws: &Ws, item: &str, value: &str| {
        let mut a = uy(&code, &["answer", "set"]);
        a.extend_from_slice(&[item, value]);
        ws.ok(&a);
    };
    set(&one, "P.1.ii.a", "ya");
    set(&one, "P.1.i.b", "c");
    set(&two, "P.1.iii.a", "b");
    set(&two, "P.1.i.b", "a");
    let pushed = sync_ok(&two, &server.url(), &t);
    assert!(pushed.contains("dikirim (versi 2)"), "{pushed}");
    let merged = sync_ok(&one, &server.url(), &t);
    assert!(merged.contains("dikirim (versi 3)"), "{merged}");
    assert!(
        merged.contains("1 perubahan dari komputer lain digabungkan"),
        "{merged}"
    );
    assert!(
        merged.contains("KONFLIK jawaban P.1.i.b: di sini 'c'") && merged.contains("di server 'a'"),
        "{merged}"
    );
    let score = one.json(&uy(&code, &["score", "--json"]));
    let taken = score["items"]["P.1.iii.a"].as_f64();
    assert!(
        taken.is_some_and(|v| (v - 2.0 / 3.0).abs() < 0.01),
        "taken from the other computer: {taken:?}"
    );
    // The other computer then receives the merged side.
    let back = sync_ok(&two, &server.url(), &t);
    assert!(
        back.contains("perubahan dari komputer lain digabungkan"),
        "{back}"
    );
    let score = two.json(&uy(&code, &["score", "--json"]));
    assert_eq!(score["items"]["P.1.ii.a"], 1.0);

    // The clash stays listed, with its id, until someone settles it; an id
    // that is not open is refused; settling keeps the answer.
    let open = one.json(&uy(&code, &["sync", "conflicts", "--json"]));
    let open = open.as_array().expect("a list");
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["conflict"]["key"], "P.1.i.b");
    assert_eq!(open[0]["conflict"]["remote"], "a");
    let id = open[0]["id"].as_i64().expect("an id").to_string();
    let listed = one.ok(&uy(&code, &["sync", "conflicts"]));
    assert!(listed.contains("di server 'a'"), "{listed}");
    // `daduk conflicts` lists every origin; this one came by sync.
    let all = one.json(&uy(&code, &["conflicts", "--json"]));
    assert_eq!(all[0]["origin"], "sync", "{all}");
    assert_eq!(all[0]["id"].as_i64(), open[0]["id"].as_i64());
    let wrong = one
        .cmd(&uy(&code, &["sync", "resolve", "999999"]))
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("tidak ada atau sudah diselesaikan"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    let before = one.json(&uy(&code, &["score", "--json"]))["items"]["P.1.i.b"].clone();
    assert!(before.is_number(), "{before}");
    let done = one.ok(&uy(&code, &["sync", "resolve", &id]));
    assert!(done.contains("1 konflik ditandai selesai"), "{done}");
    let none = one.ok(&uy(&code, &["sync", "conflicts"]));
    assert!(none.contains("Tidak ada konflik"), "{none}");
    let after = one.json(&uy(&code, &["score", "--json"]))["items"]["P.1.i.b"].clone();
    assert_eq!(after, before, "settling keeps the answer here");
}

/// A TCP proxy in front of the server that counts what the client sends,
/// notes every part upload it sees, and holds the client's bytes once
/// `hold_at` of them went through, until released.
struct Proxy {
    port: u16,
    up: Arc<AtomicU64>,
    parts: Arc<Mutex<Vec<String>>>,
    held: Arc<AtomicBool>,
    release: Arc<AtomicBool>,
}

fn proxy(upstream: u16, hold_at: u64) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let up = Arc::new(AtomicU64::new(0));
    let parts = Arc::new(Mutex::new(Vec::new()));
    let held = Arc::new(AtomicBool::new(false));
    let release = Arc::new(AtomicBool::new(false));
    let (u, p, h, r) = (up.clone(), parts.clone(), held.clone(), release.clone());
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                let _ = client.shutdown(Shutdown::Both);
                continue;
            };
            let (mut c_read, mut s_write) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (u, p, h, r) = (u.clone(), p.clone(), h.clone(), r.clone());
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match c_read.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let text = String::from_utf8_lossy(&buf[..n]);
                    for (i, _) in text.match_indices("PUT /api/v1/uploads/") {
                        let line: String = text[i..].chars().take_while(|c| *c != '\r').collect();
                        p.lock().unwrap().push(line);
                    }
                    let before = u.fetch_add(n as u64, Ordering::SeqCst);
                    let mut chunk = &buf[..n];
                    if before < hold_at && before + n as u64 >= hold_at {
                        // Up to the mark, then wait for the test.
                        let head = usize::try_from(hold_at - before).unwrap();
                        if s_write.write_all(&chunk[..head]).is_err() {
                            break;
                        }
                        chunk = &chunk[head..];
                        h.store(true, Ordering::SeqCst);
                        while !r.load(Ordering::SeqCst) {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                    }
                    if s_write.write_all(chunk).is_err() {
                        break;
                    }
                }
                let _ = c_read.shutdown(Shutdown::Both);
                let _ = s_write.shutdown(Shutdown::Both);
            });
            let (mut s_read, mut c_write) = (server, client);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s_read, &mut c_write);
                let _ = c_write.shutdown(Shutdown::Both);
                let _ = s_read.shutdown(Shutdown::Both);
            });
        }
    });
    Proxy {
        port,
        up,
        parts,
        held,
        release,
    }
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn a_server_killed_mid_upload_is_resumed_without_sending_a_part_twice() {
    let mut server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let code = unique("DISHUB");
    admin.ok(&["unit", "set", &code, "--name", "Dishub"]);
    let t = admin.token("unit", &[&code]);
    // 20 MiB of bytes no earlier run sent: three parts of 8 MiB.
    let mut x = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let big: Vec<u8> = (0..20 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let ws = unit_workspace(&code, &big);
    // Held halfway through the second part.
    let front = proxy(server.port, 12 << 20);
    let url = format!("http://127.0.0.1:{}", front.port);
    let cut = AtomicBool::new(false);
    let out = std::thread::scope(|s| {
        let run = s.spawn(|| sync(&ws, &url, &t, &[]));
        // Once the first part is through and the second on its way, the
        // server dies, and comes back a moment later.
        let deadline = Instant::now() + Duration::from_secs(120);
        while !front.held.load(Ordering::SeqCst) {
            assert!(Instant::now() < deadline, "the upload never started");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!run.is_finished(), "the sync is still uploading");
        server.kill();
        front.release.store(true, Ordering::SeqCst);
        cut.store(true, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(500));
        server.restart();
        run.join().unwrap()
    });
    assert!(cut.load(Ordering::SeqCst));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the same run resumes: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("dikirim (versi 1)"), "{stdout}");
    let parts = front.parts.lock().unwrap().clone();
    let count = |n: &str| {
        parts
            .iter()
            .filter(|p| p.contains(&format!("/parts/{n} ")))
            .count()
    };
    // Part 0 went once; part 1, cut off, went again to the restarted
    // server, which said it had part 0 only.
    assert_eq!((count("0"), count("1"), count("2")), (1, 2, 1), "{parts:?}");
    assert!(front.up.load(Ordering::SeqCst) > 20 << 20);
    // The evaluator receives the whole file, hashed.
    let t_e = admin.token("evaluator", &[&code]);
    let e = workspace("tpi");
    let got = sync_ok(&e, &server.url(), &t_e);
    assert!(got.contains("berkas diunduh"), "{got}");
    let check = e.ok(&["verify"]);
    assert!(
        !check.contains("berubah") && !check.contains("hilang"),
        "{check}"
    );
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn a_server_that_is_down_or_a_refused_token_is_said_plainly() {
    let mut server = Server::start();
    let ws = workspace("unit");
    let out = sync(&ws, &server.url(), "token-yang-salah", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("token ditolak"), "{err}");
    assert!(!err.contains("token-yang-salah"), "{err}");
    let url = server.url();
    server.kill();
    let out = sync(&ws, &url, "apa-saja", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tidak dapat dihubungi"), "{err}");
}

/// An instansi's own CA and a certificate it signed for 127.0.0.1: (CA
/// certificate, server certificate, server key) in `dir`.
fn instansi_ca(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    let p = |n: &str| dir.join(n);
    let openssl = |args: &[&str]| {
        let ok = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "openssl {args:?}");
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=CA Pemkab Uji",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(p("ext.cnf"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
        "-out",
        "server.pem",
    ]);
    (p("ca.pem"), p("server.pem"), p("server.key"))
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn the_token_stays_off_the_workspace_and_an_instansi_ca_is_trusted_when_given() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = instansi_ca(dir.path());
    let port = free_port();
    let mut child = Command::new(env("DADUK_TEST_SERVER_BIN"))
        .arg("--config")
        .arg(env("DADUK_TEST_SERVER_CONFIG"))
        .env("DADUK_LISTEN", format!("127.0.0.1:{port}"))
        .env("DADUK_TLS_CERT", &cert)
        .env("DADUK_TLS_KEY", &key)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "daduk-server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = format!("https://127.0.0.1:{port}");
    let plain = Server { child: None, port };
    let admin_token = plain.admin_token();
    let admin = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_daduk"))
            .args(["admin", "--server", &url, "--ca-file", ca.to_str().unwrap()])
            .args(args)
            .env("DADUK_SERVER_TOKEN", &admin_token)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let code = unique("PKM");
    admin(&["unit", "set", &code, "--name", "Puskesmas"]);
    let token = admin(&["token", "create", "--role", "unit", "--unit", &code]);
    let ws = unit_workspace(&code, b"%PDF-1.4 SK");

    // The instansi's CA is not the computer's: said as such, not as broken data.
    let refused = sync(&ws, &url, &token, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("sertifikat server tidak dipercaya"), "{err}");
    assert!(!err.contains("rusak"), "{err}");
    // Given the CA: trusted, and remembered with the server.
    let out = sync(&ws, &url, &token, &["--ca-file", ca.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sync_with_kept_settings(&ws);

    // The token is on this computer, for this user only — not in the
    // workspace, whose database is the owner's alone.
    let db = std::fs::read(ws.path().join("daduk.sqlite")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()));
    let kept: Vec<_> = std::fs::read_dir(ws.tokens.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&kept[0]), 0o600);
        assert_eq!(mode(&ws.path().join("daduk.sqlite")), 0o600);
    }

    // A token an earlier Daduk kept in the workspace is moved out of it.
    let old = unit_workspace(&code, b"%PDF-1.4 SK");
    {
        let conn = rusqlite::Connection::open(old.path().join("daduk.sqlite")).unwrap();
        for (k, v) in [
            ("sync.server", url.as_str()),
            ("sync.token", token.as_str()),
            ("sync.ca_file", ca.to_str().unwrap()),
        ] {
            conn.execute(
                "INSERT INTO workspace_setting (key, value, updated_by, updated_at) VALUES (?1, ?2, 'lama', '2026-01-01T00:00:00Z')",
                [k, v],
            )
            .unwrap();
        }
    }
    sync_with_kept_settings(&old);
    let db = std::fs::read(old.path().join("daduk.sqlite")).unwrap();
    assert!(
        !db.windows(token.len()).any(|w| w == token.as_bytes()),
        "moved out"
    );
    assert_eq!(std::fs::read_dir(old.tokens.path()).unwrap().count(), 1);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn the_status_and_afirmasi_reach_portalrb_as_the_unit_has_them() {
    let server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let code = unique("KEC");
    admin.ok(&["unit", "set", &code, "--name", "Kecamatan"]);
    let t = admin.token("unit", &[&code]);
    // The unit is afirmasi in its own data; the server was not told.
    let one = workspace("unit");
    one.ok(&["unit", "add", &code, "--name", "Kecamatan", "--afirmasi"]);
    one.ok(&["assessment", "new", "--unit", &code, "--year", "2026"]);
    one.ok(&uy(&code, &["answer", "set", "P.1.i.a", "ya"]));
    sync_ok(&one, &server.url(), &t);
    let two = workspace("unit");
    sync_ok(&two, &server.url(), &t);
    // The first computer submits; the second, still on Draf, answers.
    one.ok(&uy(&code, &["assessment", "set-status", "submitted"]));
    sync_ok(&one, &server.url(), &t);
    two.ok(&uy(&code, &["answer", "set", "P.1.i.b", "b"]));
    sync_ok(&two, &server.url(), &t);
    let list = two.ok(&["assessment", "list"]);
    assert!(
        list.contains("Diajukan") || list.contains("submitted"),
        "{list}"
    );
    // The server holds it as submitted, and afirmasi: proposed as such.
    admin.ok(&["evaluation", "set", "--year", "2026"]);
    let p = admin.ok(&[
        "propose",
        "--unit",
        &code,
        "--year",
        "2026",
        "--predicate",
        "wbk",
    ]);
    assert!(p.contains("diusulkan wbk-afirmasi"), "{p}");
    let again = admin.run(&[
        "propose",
        "--unit",
        &code,
        "--year",
        "2026",
        "--predicate",
        "wbk",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--refreeze"));
    admin.ok(&[
        "propose",
        "--unit",
        &code,
        "--year",
        "2026",
        "--predicate",
        "wbk",
        "--refreeze",
    ]);
}

/// The server's overview of a synced assessment against the desktop's own
/// commands on the same data: the same rules (daduk-domain) on the same
/// sides give the same figures.
fn assert_same_figures(
    label: &str,
    row: &serde_json::Value,
    unit: &Ws,
    evaluator: &Ws,
    code: &str,
) {
    let close = |a: &serde_json::Value, b: &serde_json::Value, what: &str| {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        assert!(
            (a - b).abs() < 1e-9,
            "{label}: {what}: server {a}, desktop {b}"
        );
    };
    let unit_card = unit.json(&uy(code, &["score", "--json"]));
    let tpi_card = evaluator.json(&uy(code, &["score", "--json", "--role", "tpi"]));
    for (side, card) in [("unit_side", &unit_card), ("tpi_side", &tpi_card)] {
        let s = &row[side];
        assert_eq!(s["scored"], true, "{label}: {side}");
        for f in ["total", "pengungkit", "hasil"] {
            close(&s[f], &card[f], &format!("{side}.{f}"));
        }
        assert_eq!(s["answered"], card["answered"], "{label}: {side}.answered");
        let areas = card["change_areas"].as_array().unwrap();
        let shown = s["areas"].as_array().unwrap();
        assert_eq!(shown.len(), areas.len(), "{label}: {side} areas");
        for (a, b) in shown.iter().zip(areas) {
            assert_eq!(a[0], b["name"], "{label}");
            close(&a[1], &b["score"], &format!("{side} area {}", b["name"]));
        }
        for (predicate, p) in card["predicates"].as_object().unwrap() {
            assert_eq!(
                s["predicates"][predicate], p["eligible"],
                "{label}: {side} {predicate}"
            );
            let failed: Vec<&serde_json::Value> = p["failed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| &c["label"])
                .collect();
            let listed: Vec<&serde_json::Value> =
                s["failed"][predicate].as_array().unwrap().iter().collect();
            assert_eq!(
                listed, failed,
                "{label}: {side} failed conditions of {predicate}"
            );
        }
    }
    // Completeness (with TPI's verdicts) from `daduk status` of both
    // workspaces, which agree once synced.
    for ws in [unit, evaluator] {
        let status = ws.json(&uy(code, &["status", "--json"]));
        let items = status["items"].as_u64().unwrap();
        let complete = status["complete"].as_u64().unwrap();
        for side in ["unit_side", "tpi_side"] {
            assert_eq!(
                row[side]["complete"].as_u64().unwrap(),
                complete,
                "{label}: {side} lengkap"
            );
            assert_eq!(
                row[side]["incomplete"].as_u64().unwrap(),
                items - complete,
                "{label}: {side} tidak lengkap"
            );
        }
    }
    // The plan's late activities, from `daduk plan show` on the server's day.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7))
        .date_naive()
        .to_string();
    let plan = unit.json(&uy(code, &["plan", "show", "--json", "--date", &today]));
    let late: Vec<String> = plan["summary"]["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["activity"].is_null())
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect();
    let shown: Vec<String> = row["unit_side"]["late_activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(shown, late, "{label}: late activities");
}

#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn the_server_overview_shows_the_desktops_figures() {
    let server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let units = [unique("PLAIN"), unique("MARKED"), unique("PLANNED")];
    let mut pairs = Vec::new();
    for (n, code) in units.iter().enumerate() {
        admin.ok(&["unit", "set", code, "--name", &format!("Unit {code}")]);
        let t_unit = admin.token("unit", &[code]);
        let t_eval = admin.token("evaluator", &[code]);
        let u = unit_workspace(code, format!("SK {code}").as_bytes());
        if n >= 1 {
            // A second file to be rejected, a "tidak ada" mark, more answers.
            let f = u.path().join("notula.pdf");
            std::fs::write(&f, format!("notula {code}")).unwrap();
            u.ok(&uy(
                code,
                &[
                    "evidence",
                    "add",
                    "P.1.i.b",
                    f.to_str().unwrap(),
                    "--kind",
                    "notula",
                ],
            ));
            u.ok(&uy(
                code,
                &[
                    "evidence",
                    "absent",
                    "P.1.i.b",
                    "undangan",
                    "--reason",
                    "rapat internal tanpa undangan",
                ],
            ));
            for (item, value) in [("P.1.ii.a", "ya"), ("P.2.i.a", "b")] {
                u.ok(&uy(code, &["answer", "set", item, value]));
            }
        }
        if n == 2 {
            // A plan with one activity long over and one still to come.
            for (activity, months) in [
                ("Sosialisasi ZI awal tahun", "1,2"),
                ("Monev akhir tahun", "12"),
            ] {
                u.ok(&uy(
                    code,
                    &[
                        "plan",
                        "activity",
                        "add",
                        "--area",
                        "1",
                        "--program",
                        "Pembangunan ZI",
                        "--activity",
                        activity,
                        "--months",
                        months,
                    ],
                ));
            }
        }
        sync_ok(&u, &server.url(), &t_unit);
        let e = workspace("tpi");
        sync_ok(&e, &server.url(), &t_eval);
        e.ok(&uy(
            code,
            &["answer", "set", "P.1.i.a", "tidak", "--role", "tpi"],
        ));
        if n >= 1 {
            let files = e.json(&uy(code, &["evidence", "list", "--json"]));
            let notula = files
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["file_name"] == "notula.pdf")
                .unwrap();
            let id = notula["id"].as_i64().unwrap().to_string();
            e.ok(&uy(
                code,
                &[
                    "evidence",
                    "review",
                    &id,
                    "ditolak",
                    "--note",
                    "bukan notula rapat ZI",
                ],
            ));
        }
        sync_ok(&e, &server.url(), &t_eval);
        sync_ok(&u, &server.url(), &t_unit);
        pairs.push((code.clone(), u, e));
    }
    let overview: serde_json::Value =
        serde_json::from_str(&admin.ok(&["overview", "--json"])).unwrap();
    for (code, u, e) in &pairs {
        let row = overview
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit"] == code.as_str())
            .unwrap_or_else(|| panic!("{code} in the overview: {overview}"));
        assert_same_figures(code, row, u, e, code);
    }
    // The marked unit's rejected file and its mark count as the desktop
    // counts them; the planned unit has its January activity late.
    let planned = overview
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == units[2].as_str())
        .unwrap();
    assert_eq!(planned["unit_side"]["rejected_files"], 1);
    assert!(
        planned["unit_side"]["late_activities"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Sosialisasi ZI awal tahun"),
        "{planned}"
    );
    let text = admin.ok(&["overview"]);
    assert!(
        text.contains(&units[2]) && text.contains("kegiatan terlambat"),
        "{text}"
    );
}

/// The status line and body of `GET path` with a bearer token.
fn get(port: u16, path: &str, token: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}
#[test]
#[ignore = "needs a Daduk server with PostgreSQL and an S3 store: run by `cargo xtask test`"]
fn what_the_unit_read_reaches_the_evaluator_and_no_other_unit() {
    let server = Server::start();
    let admin = Admin {
        url: server.url(),
        token: server.admin_token(),
    };
    let (code, other) = (unique("READ"), unique("OTHER"));
    for c in [&code, &other] {
        admin.ok(&["unit", "set", c, "--name", &format!("Unit {c}")]);
    }
    let t_unit = admin.token("unit", &[&code]);
    let t_eval = admin.token("evaluator", &[&code]);
    let t_other = admin.token("evaluator", &[&other]);
    let u = unit_workspace(&code, b"SK bukan PDF");
    let notula = u.path().join("Dokumen (3).txt");
    std::fs::write(
        &notula,
        "NOTULA RAPAT\nPenyusunan rencana kerja pembangunan Zona Integritas\n\
         Hari/Tanggal: Kamis, 12 Maret 2026\nPeserta rapat merapatkan jadwal monev.\n",
    )
    .unwrap();
    u.ok(&uy(
        &code,
        &["evidence", "add", "P.1.ii.a", notula.to_str().unwrap()],
    ));
    u.ok(&uy(&code, &["evidence", "read"]));
    sync_ok(&u, &server.url(), &t_unit);

    let e = workspace("tpi");
    let got = sync_ok(&e, &server.url(), &t_eval);
    assert!(
        got.contains("isi 1 berkas yang sudah dibaca di sana diterima"),
        "{got}"
    );
    // Known here without reading: its kind, date and words.
    let files = e.json(&uy(&code, &["evidence", "list", "--json"]));
    let read = files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == "P.1.ii.a")
        .unwrap();
    assert_eq!(read["content"]["kind"], "notula", "{read}");
    assert_eq!(read["content"]["date"], "2026-03-12", "{read}");
    let again = e.ok(&uy(&code, &["evidence", "read"]));
    assert!(!again.contains("1 dibaca"), "{again}");
    let found = e.ok(&["search", "rapat"]);
    assert!(found.contains("P.1.ii.a"), "{found}");

    // The text is the unit's like its files: no other unit's evaluator
    // gets it by its hash.
    let (status, body) = get(
        server.port,
        &format!("/api/v1/assessments/{code}/2026"),
        &t_eval,
    );
    assert!(status.contains("200"), "{status} {body}");
    let at = body.find("\"isi/").expect("the unit side lists the text");
    let after = &body[at..];
    let sha_at = after.find("\"sha256\":\"").unwrap() + 10;
    let text_sha = &after[sha_at..sha_at + 64];
    let blob = format!("/api/v1/blobs/{text_sha}");
    assert!(get(server.port, &blob, &t_eval).0.contains("200"));
    let (status, _) = get(server.port, &blob, &t_other);
    assert!(status.contains("404"), "{status}");
}
