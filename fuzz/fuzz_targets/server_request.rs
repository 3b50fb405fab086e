//! Arbitrary HTTP requests through Daduk Server's whole router — routing,
//! path and query extraction, the guard (path length, body budget), the
//! bearer parser, every handler's checks before SQL — with a database that
//! cannot be reached (every query fails cleanly with 503).
//!
//! Input: a method byte, then the path, a NUL, header lines (`name: value`),
//! a NUL, then the body. Every answer must be a status the API uses, and
//! every error the guide's JSON (`error`, `code`, `message`).

#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request};
use daduk_server::{AppState, config::Config, db, router, store};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn app() -> axum::Router {
    static APP: OnceLock<axum::Router> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = std::env::temp_dir().join("daduk-fuzz-server-store");
        let config = Config::from_toml(&format!(
            "database_url = \"host=127.0.0.1 port=1 user=x dbname=x connect_timeout=1\"\n[store]\nkind = \"local\"\npath = \"{}\"\n",
            dir.display()
        ))
        .expect("config");
        let _guard = runtime().enter();
        let pool = db::pool(&config.database_url, None).expect("pool");
        let store = store::open(&config.store).expect("store");
        router(Arc::new(AppState::new(pool, store, config).expect("state")))
    })
    .clone()
}

const METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::PUT,
    Method::POST,
    Method::DELETE,
    Method::PATCH,
    Method::OPTIONS,
];

fuzz_target!(|data: &[u8]| {
    let Some((&m, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(3, |b| *b == 0);
    let path = parts.next().unwrap_or_default();
    let headers = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default().to_vec();
    let method = METHODS[usize::from(m) % METHODS.len()].clone();
    let Ok(path) = std::str::from_utf8(path) else {
        return;
    };
    let mut req = Request::builder().method(method.clone()).uri(if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    });
    for line in headers.split(|b| *b == b'\n') {
        if let Some(i) = line.iter().position(|b| *b == b':') {
            req = req.header(&line[..i], &line[i + 1..]);
        }
    }
    let Ok(req) = req.body(Body::from(body)) else {
        return;
    };
    runtime().block_on(async {
        let resp = app().oneshot(req).await.expect("infallible");
        let status = resp.status().as_u16();
        assert!(
            matches!(
                status,
                200 | 201 | 204 | 400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 414 | 422 | 429 | 500 | 503 | 507
            ),
            "status {status}"
        );
        if status >= 400 && method != Method::HEAD {
            let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
                .await
                .expect("error body");
            let v: serde_json::Value =
                serde_json::from_slice(&bytes).expect("an error is JSON");
            assert_eq!(v["error"], true, "{v}");
            assert!(v["code"].is_string() && v["message"].is_string(), "{v}");
        }
    });
});
