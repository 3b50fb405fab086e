//! The client against a small HTTP server in the test process: error
//! bodies and network failures become clear messages, an upload broken
//! mid-way resumes with the parts the server lacks, answers are read
//! within bounds.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use daduk_workspace::sync::Remote;

use super::*;

/// A request as the mock saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    auth: Option<String>,
    body: Vec<u8>,
}

/// What the mock answers: status, body; `None` drops the connection.
type Handler = dyn Fn(&Seen) -> Option<(u16, Vec<u8>)> + Send + Sync;

struct Mock {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn mock(handler: Box<Handler>) -> Mock {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let handler: Arc<Handler> = Arc::from(handler);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (log, handler) = (log.clone(), handler.clone());
            std::thread::spawn(move || serve(stream, &log, &*handler));
        }
    });
    Mock { url, seen }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        let mut headers = BTreeMap::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_lowercase(), v.trim().to_string());
            }
        }
        let len: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        let seen = Seen {
            method: method.clone(),
            path,
            auth: headers.get("authorization").cloned(),
            body,
        };
        log.lock().unwrap().push(seen.clone());
        let Some((status, body)) = handler(&seen) else {
            return; // dropped, as a server killed mid-request
        };
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\n\r\n",
            body.len()
        );
        out.write_all(head.as_bytes()).unwrap();
        if method != "HEAD" {
            out.write_all(&body).unwrap();
        }
    }
}

fn error_body(code: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&wire::ErrorBody::new(code, message)).unwrap()
}

fn client(url: &str) -> Client {
    Client::new(url, "rahasia")
        .unwrap()
        .with_retry_pause(Duration::from_millis(10))
}

#[test]
fn every_failure_is_a_clear_message() {
    // Nothing listens on a port just closed.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let err = client(&format!("http://{closed}"))
        .list()
        .unwrap_err()
        .to_string();
    assert!(err.contains("tidak dapat dihubungi"), "{err}");

    let m = mock(Box::new(|s| {
        Some(match s.path.as_str() {
            "/api/v1/assessments" => (401, error_body("UNAUTHORIZED", "token tidak dikenal")),
            "/api/v1/assessments/LAIN/2024" => (
                403,
                error_body("FORBIDDEN", "token ini hanya untuk unit DINKES"),
            ),
            "/api/v1/admin/tokens" => (500, b"<html>oops</html>".to_vec()),
            "/api/v1/whoami" => (
                503,
                error_body("SERVICE_UNAVAILABLE", "PostgreSQL tidak terjangkau"),
            ),
            _ => (404, error_body("DATA_NOT_FOUND", "tidak ada")),
        })
    }));
    let c = client(&m.url);
    let e = c.list().unwrap_err().to_string();
    assert!(e.contains("token ditolak"), "{e}");
    let e = c.assessment("LAIN", 2024).unwrap_err().to_string();
    assert!(
        e.contains("tidak berhak") && e.contains("hanya untuk unit DINKES"),
        "{e}"
    );
    let e = c.tokens().unwrap_err().to_string();
    assert!(e.contains("tanpa penjelasan"), "{e}");
    let e = c.whoami().unwrap_err().to_string();
    assert!(
        e.contains("belum dapat melayani") && e.contains("PostgreSQL"),
        "{e}"
    );
    // An assessment the server does not have is version 0, no sides.
    let r = c.assessment("BARU", 2024).unwrap();
    assert_eq!((r.unit_version, r.tpi_version), (0, 0));
    // The token went as a bearer token, never anywhere else.
    let seen = m.seen.lock().unwrap();
    assert!(
        seen.iter()
            .all(|s| s.auth.as_deref() == Some("Bearer rahasia"))
    );
    assert!(seen.iter().all(|s| !s.path.contains("rahasia")));
}

#[test]
fn bad_addresses_and_tokens_are_refused_before_anything_is_sent() {
    for bad in ["daduk.example", "ftp://x", "https://", "http://a b"] {
        let e = Client::new(bad, "t").unwrap_err().to_string();
        assert!(e.contains("alamat server"), "{bad}: {e}");
    }
    let e = Client::new("https://x", "a\nb").unwrap_err().to_string();
    assert!(e.contains("token"), "{e}");
    assert_eq!(
        normalize_url("https://x/daduk/").unwrap(),
        "https://x/daduk"
    );
}

#[test]
fn an_answer_larger_than_its_bound_is_not_read() {
    let m = mock(Box::new(|_| {
        Some((200, vec![b' '; wire::MAX_JSON_BYTES + 10]))
    }));
    let e = client(&m.url).list().unwrap_err().to_string();
    assert!(e.contains("batas"), "{e}");
}

#[test]
fn an_upload_broken_mid_way_resumes_with_the_parts_the_server_lacks() {
    let blob = b"0123456789".to_vec();
    let sha = Sha256::of_bytes(&blob);
    let hex = sha.to_hex();
    let parts: Arc<Mutex<BTreeMap<u32, Vec<u8>>>> = Arc::default();
    let dropped = Arc::new(AtomicBool::new(false));
    let (p, d, h) = (parts.clone(), dropped.clone(), hex.clone());
    let m = mock(Box::new(move |s| {
        let state = |p: &BTreeMap<u32, Vec<u8>>| {
            serde_json::to_vec(&wire::UploadState {
                upload_id: "up-1".into(),
                part_size: 4,
                parts_received: p.keys().copied().collect(),
            })
            .unwrap()
        };
        // A server that takes blobs in parts only.
        if s.method == "PUT" && s.path == format!("/api/v1/blobs/{h}") {
            return Some((405, Vec::new()));
        }
        if s.path == format!("/api/v1/blobs/{h}/uploads") {
            return Some((200, state(&p.lock().unwrap())));
        }
        if let Some(n) = s.path.strip_prefix("/api/v1/uploads/up-1/parts/") {
            let n: u32 = n.parse().unwrap();
            // The server dies while part 1 first arrives.
            if n == 1 && !d.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return None;
            }
            p.lock().unwrap().insert(n, s.body.clone());
            return Some((200, b"{}".to_vec()));
        }
        if s.path == "/api/v1/uploads/up-1/complete" {
            let all: Vec<u8> = p.lock().unwrap().values().flatten().copied().collect();
            return Some(if Sha256::of_bytes(&all).to_hex() == h {
                (201, format!(r#"{{"sha256":"{h}","size":10}}"#).into_bytes())
            } else {
                (422, error_body("HASH_MISMATCH", "hash berbeda"))
            });
        }
        Some((404, error_body("DATA_NOT_FOUND", "tidak ada")))
    }));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blob");
    std::fs::write(&file, &blob).unwrap();
    let progress = Mutex::new(Vec::new());
    client(&m.url)
        .upload_blob(sha, 10, &file, &AtomicBool::new(false), &|n| {
            progress.lock().unwrap().push(n)
        })
        .unwrap();
    assert_eq!(
        parts.lock().unwrap().values().cloned().collect::<Vec<_>>(),
        vec![b"0123".to_vec(), b"4567".to_vec(), b"89".to_vec()]
    );
    let puts: Vec<String> = m
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.method == "PUT")
        .map(|s| s.path.rsplit('/').next().unwrap().to_string())
        .collect();
    // Each try offered the whole blob first (refused with 405); part 0
    // went once: the second try asked which parts the server had.
    assert_eq!(puts, [hex.as_str(), "0", "1", hex.as_str(), "1", "2"]);
    assert_eq!(progress.lock().unwrap().last(), Some(&10));
}

#[test]
fn a_small_file_goes_in_one_request_and_a_refusal_is_said() {
    let blob = b"0123456789".to_vec();
    let sha = Sha256::of_bytes(&blob);
    let h = sha.to_hex();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blob");
    std::fs::write(&file, &blob).unwrap();
    let hh = h.clone();
    let m = mock(Box::new(move |s| {
        Some(
            if s.method == "PUT"
                && s.path == format!("/api/v1/blobs/{hh}")
                && s.body == b"0123456789"
            {
                (
                    201,
                    format!(r#"{{"sha256":"{hh}","size":10}}"#).into_bytes(),
                )
            } else {
                (404, error_body("DATA_NOT_FOUND", "tidak ada"))
            },
        )
    }));
    let progress = Mutex::new(Vec::new());
    client(&m.url)
        .upload_blob(sha, 10, &file, &AtomicBool::new(false), &|n| {
            progress.lock().unwrap().push(n)
        })
        .unwrap();
    assert_eq!(m.seen.lock().unwrap().len(), 1, "one request");
    assert_eq!(progress.lock().unwrap().last(), Some(&10));

    // The server's refusal (the bytes do not match) is said, not retried.
    let m = mock(Box::new(|_| {
        Some((422, error_body("HASH_MISMATCH", "isi berkas tidak cocok")))
    }));
    let e = client(&m.url)
        .upload_blob(sha, 10, &file, &AtomicBool::new(false), &|_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("isi berkas tidak cocok"), "{e}");
    assert_eq!(m.seen.lock().unwrap().len(), 1, "not retried");
}

#[test]
fn a_version_conflict_is_a_conflict_not_an_error() {
    let m = mock(Box::new(|_| {
        let mut b = wire::ErrorBody::new("VERSION_CONFLICT", "versi berubah");
        b.current_version = Some(7);
        Some((409, serde_json::to_vec(&b).unwrap()))
    }));
    let dir = tempfile::tempdir().unwrap();
    let ws = daduk_workspace::Workspace::create(dir.path(), "t").unwrap();
    ws.add_unit(&daduk_workspace::NewUnit {
        code: "DINKES".into(),
        name: "Dinas Kesehatan".into(),
        instansi: String::new(),
        parent: None,
        kepala_name: String::new(),
        kepala_nip: String::new(),
        ketua_name: String::new(),
        ketua_nip: String::new(),
        target: daduk_workspace::Target::Wbk,
        afirmasi: false,
    })
    .unwrap();
    let a = ws.new_assessment("DINKES", 2024, None).unwrap();
    let side = ws.side_manifest(&a, Role::Unit, None).unwrap();
    let got = client(&m.url)
        .push("DINKES", 2024, Role::Unit, 3, &side)
        .unwrap();
    assert_eq!(got, PushOutcome::Conflict(7));
    let seen = m.seen.lock().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(body["base_version"], 3);
    assert_eq!(body["manifest"]["kind"], "submission");
    assert_eq!(seen[0].path, "/api/v1/assessments/DINKES/2024/unit");
}
