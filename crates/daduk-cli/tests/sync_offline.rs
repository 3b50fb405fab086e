//! `daduk sync` and `daduk admin` where no server answers: what is wrong
//! is said plainly, before anything is sent where it can be, and the token
//! never appears.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ws;

fn closed_port_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", l.local_addr().unwrap())
}

#[test]
fn sync_without_a_server_says_what_to_give() {
    let ws = Ws::new();
    let out = ws
        .cmd(&["sync"])
        .env_remove("DADUK_SERVER_URL")
        .env_remove("DADUK_SERVER_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--server URL"), "{err}");

    let out = ws
        .cmd(&["sync", "--server", "daduk.example"])
        .env_remove("DADUK_SERVER_TOKEN")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("alamat server 'daduk.example' tidak sah"),
        "{err}"
    );
}

#[test]
fn an_unreachable_server_is_named_and_the_token_is_not() {
    let ws = Ws::new();
    let url = closed_port_url();
    let out = ws
        .cmd(&["sync", "--server", &url])
        .env("DADUK_SERVER_TOKEN", "rahasia-token-uji")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("server {url} tidak dapat dihubungi")),
        "{err}"
    );
    assert!(!err.contains("rahasia"), "{err}");
    // Nothing is remembered from a server that never answered.
    let out = ws
        .cmd(&["sync"])
        .env_remove("DADUK_SERVER_URL")
        .env_remove("DADUK_SERVER_TOKEN")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--server URL"));
    // Help shows where the token may come from, never its value.
    let help = ws
        .cmd(&["sync", "--help"])
        .env("DADUK_SERVER_TOKEN", "rahasia-token-uji")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("DADUK_SERVER_TOKEN") && !help.contains("rahasia"),
        "{help}"
    );
}

#[test]
fn admin_refuses_a_token_request_that_cannot_be_right_before_sending_it() {
    let ws = Ws::new();
    let url = closed_port_url();
    let base = ["admin", "--server", url.as_str()];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        let out = ws.cmd(&a).env("DADUK_SERVER_TOKEN", "x").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{a:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = run(&["token", "create", "--role", "unit"]);
    assert!(err.contains("paling sedikit satu --unit"), "{err}");
    let err = run(&["token", "create", "--role", "integration", "--unit", "A"]);
    assert!(err.contains("tidak dibatasi unit"), "{err}");
    let err = run(&["token", "create", "--role", "unit", "--unit", "../x"]);
    assert!(err.contains("kode unit"), "{err}");
    let err = run(&["evaluation", "set", "--year", "2026", "--start", "1 Maret"]);
    assert!(err.contains("TTTT-BB-HH"), "{err}");
    // A well-formed request goes out, and the unreachable server is said.
    let err = run(&["token", "list"]);
    assert!(err.contains("tidak dapat dihubungi"), "{err}");
}
