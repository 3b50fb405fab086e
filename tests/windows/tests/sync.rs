//! `daduk.exe sync` under Wine against a real Daduk server: the Windows
//! build's HTTP client (ureq + rustls) pushes a unit's side with its file,
//! and an evaluator's Windows workspace receives it and verifies it. Run by
//! the sync step of `cargo xtask test`, which provides the server
//! (`DADUK_TEST_SERVER_BIN`, `DADUK_TEST_SERVER_CONFIG`) and, when the
//! Windows build was tested before it, Wine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use daduk_e2e_windows::{Wine, write};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run by cargo xtask test"))
}

#[test]
#[ignore = "needs Wine and a Daduk server: run by cargo xtask test"]
fn the_windows_cli_syncs_a_unit_and_an_evaluator_receives_it() {
    let (bin, config) = (
        var("DADUK_TEST_SERVER_BIN"),
        var("DADUK_TEST_SERVER_CONFIG"),
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(&bin)
            .args(["--config", &config])
            .env("DADUK_LISTEN", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "daduk-server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = format!("http://127.0.0.1:{port}");
    let out = Command::new(&bin)
        .args(["--config", &config, "admin-token", "--label", "uji-wine"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let admin_token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let wine = Wine::from_env();
    let code = format!(
        "WINE-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000
    );
    let scratch = wine.scratch("sync");
    let (unit_dir, tpi_dir) = (scratch.join("unit"), scratch.join("tpi"));
    let (unit_ws, tpi_ws) = (wine.win(&unit_dir), wine.win(&tpi_dir));
    // Tokens come from files (never the command line); the admin calls
    // from Windows too.
    let token_file = |name: &str, token: &str| {
        let path = scratch.join(name);
        write(&path, token.as_bytes());
        wine.win(&path)
    };
    let admin_file = token_file("admin-token.txt", &admin_token);
    let admin = |args: &[&str]| {
        let mut all = vec![
            "admin",
            "--server",
            url.as_str(),
            "--token-file",
            admin_file.as_str(),
        ];
        all.extend_from_slice(args);
        wine.ok(&unit_ws, &all).trim().to_string()
    };
    wine.ok(&unit_ws, &["init", "--role", "unit"]);
    admin(&["unit", "set", &code, "--name", "Unit Wine"]);
    let unit_token = admin(&["token", "create", "--role", "unit", "--unit", &code]);
    let tpi_token = admin(&["token", "create", "--role", "evaluator", "--unit", &code]);
    let uy = ["--unit", code.as_str(), "--year", "2026"];
    wine.ok(&unit_ws, &["unit", "add", &code, "--name", "Unit Wine"]);
    let mut new = vec!["assessment", "new"];
    new.extend_from_slice(&uy);
    wine.ok(&unit_ws, &new);
    let sk = scratch.join("SK Tim Kerja.pdf");
    write(&sk, b"%PDF-1.4 SK tim kerja dari Windows");
    let sk_win = wine.win(&sk);
    let mut add = vec!["evidence", "add"];
    add.extend_from_slice(&uy);
    add.extend_from_slice(&["P.1.i.a", sk_win.as_str()]);
    wine.ok(&unit_ws, &add);

    let unit_file = token_file("unit-token.txt", &unit_token);
    let sent = wine.ok(
        &unit_ws,
        &["sync", "--server", &url, "--token-file", &unit_file],
    );
    assert!(
        sent.contains(&format!("{code} 2026: dikirim (versi 1)"))
            && sent.contains("berkas diunggah"),
        "{sent}"
    );
    wine.ok(&tpi_ws, &["init", "--role", "tpi"]);
    let tpi_file = token_file("tpi-token.txt", &tpi_token);
    let got = wine.ok(
        &tpi_ws,
        &["sync", "--server", &url, "--token-file", &tpi_file],
    );
    assert!(got.contains("1 berkas diunduh"), "{got}");
    let verified = wine.ok(&tpi_ws, &["verify"]);
    assert!(verified.contains("0 bermasalah"), "{verified}");
    // The kept token (Windows' Credential Manager, or a file only the user
    // reads): a second sync needs none.
    let again = wine.ok(&unit_ws, &["sync"]);
    assert!(again.contains("tidak ada yang perlu dikirim"), "{again}");
}
