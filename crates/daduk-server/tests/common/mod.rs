//! The server tests' harness: a fresh database per test on the PostgreSQL
//! and the Garage that `cargo xtask test` (or `cargo xtask test-server`)
//! started, found through `DADUK_TEST_*`, and the real `daduk-server`
//! binary started and stopped as a child process.

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

pub mod proxy;

/// The test environment, or return (the test is skipped, loudly) outside xtask.
#[allow(unused_macros)]
macro_rules! env_or_skip {
    () => {
        match env() {
            Some(e) => e,
            None => return,
        }
    };
}

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use daduk_domain::code::ItemCode;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::{
    FORMAT, Manifest, PacketAnswer, PacketEvidence, PacketFile, PacketKind, PacketReference,
    PacketUnit, TemplateRef, VERSION,
};
use daduk_domain::template::AnswerSpec;
use daduk_domain::{AssessmentStatus, Role, Sha256, Target, Template};
use object_store::ObjectStore;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// What xtask started.
#[derive(Debug, Clone)]
pub struct TestEnv {
    pub pg: String,
    pub pg_restart: String,
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_key: String,
    pub s3_secret: String,
}

/// The environment, or `None` (with a loud message) outside xtask.
pub fn env() -> Option<TestEnv> {
    let var = |k: &str| std::env::var(k).ok();
    let got = (|| {
        Some(TestEnv {
            pg: var("DADUK_TEST_PG")?,
            pg_restart: var("DADUK_TEST_PG_RESTART")?,
            s3_endpoint: var("DADUK_TEST_S3_ENDPOINT")?,
            s3_bucket: var("DADUK_TEST_S3_BUCKET")?,
            s3_key: var("DADUK_TEST_S3_KEY_ID")?,
            s3_secret: var("DADUK_TEST_S3_SECRET")?,
        })
    })();
    if got.is_none() {
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! SKIPPED: the server tests need PostgreSQL and Garage.          !!!\n\
             !!! Run them with `cargo xtask test-server` (or `cargo xtask test`). !!!\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
    }
    got
}

fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Random bytes.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).unwrap();
    b
}

/// SHA-256 in hex.
pub fn sha(bytes: &[u8]) -> String {
    Sha256::of_bytes(bytes).to_string()
}

impl TestEnv {
    /// A fresh database; its connection string.
    pub async fn fresh_db(&self) -> String {
        let (client, conn) = tokio_postgres::connect(&self.pg, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        let name = format!("t_{}", random_hex(8));
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        self.pg
            .replace("dbname=postgres", &format!("dbname={name}"))
    }

    /// The bucket, for looking at what is stored.
    pub fn bucket(&self) -> Arc<dyn ObjectStore> {
        Arc::new(
            object_store::aws::AmazonS3Builder::new()
                .with_bucket_name(&self.s3_bucket)
                .with_endpoint(&self.s3_endpoint)
                .with_region("garage")
                .with_access_key_id(&self.s3_key)
                .with_secret_access_key(&self.s3_secret)
                .with_allow_http(true)
                .build()
                .unwrap(),
        )
    }

    /// The keys in the bucket that start with `prefix` (listed from its
    /// folder: a listing's prefix is a whole folder).
    pub async fn keys(&self, prefix: &str) -> Vec<String> {
        use futures::TryStreamExt;
        let store = self.bucket();
        let folder = prefix.rsplit_once('/').map_or("", |(f, _)| f);
        let p = object_store::path::Path::from(folder);
        let all: Vec<String> = store
            .list(Some(&p))
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await
            .unwrap();
        all.into_iter().filter(|k| k.starts_with(prefix)).collect()
    }
}

/// How a test server is set up.
#[derive(Debug, Clone)]
pub struct Setup {
    pub db: String,
    /// The S3 endpoint (a closed port makes the store unreachable).
    pub s3_endpoint: String,
    pub part_size: u64,
    /// PortalRB's rate limit per minute (the server's default when `None`).
    pub rate: Option<u32>,
    pub base_path: String,
    /// Certificate and key (PEM) to serve HTTPS with.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// More configuration, appended (e.g. a `[limits]` table's lines).
    pub limits: Vec<String>,
    /// Top-level configuration lines (e.g. `time_zone = "WIT"`).
    pub top: Vec<String>,
    /// Environment of the server process.
    pub env: Vec<(String, String)>,
    /// The server's open-file limit (soft and hard), as `prlimit` sets it.
    pub nofile: Option<u64>,
}

impl Setup {
    pub async fn new(env: &TestEnv) -> Setup {
        Setup {
            db: env.fresh_db().await,
            s3_endpoint: env.s3_endpoint.clone(),
            part_size: 1 << 20,
            rate: None,
            base_path: "/api/portalrb".into(),
            tls: None,
            limits: Vec::new(),
            top: Vec::new(),
            env: Vec::new(),
            nofile: None,
        }
    }
}

/// A running `daduk-server`.
#[derive(Debug)]
pub struct Server {
    child: Option<Child>,
    pub url: String,
    pub admin: String,
    config: PathBuf,
    env: Vec<(String, String)>,
    nofile: Option<u64>,
    _dir: tempfile::TempDir,
    pub http: reqwest::Client,
}

/// `daduk-server --config CONFIG ARGS`, required to succeed; its stdout.
fn server_command(config: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_daduk-server"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Write the configuration, create an admin token, start, wait until it answers.
    pub async fn start(env: &TestEnv, setup: &Setup) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("daduk-server.toml");
        std::fs::write(
            &config,
            format!(
                "listen = \"127.0.0.1:{port}\"\ndatabase_url = \"{db}\"\n{top}\n\n[store]\nkind = \"s3\"\nbucket = \"{bucket}\"\nendpoint = \"{endpoint}\"\nregion = \"garage\"\naccess_key_id = \"{key}\"\nsecret_access_key = \"{secret}\"\n\n[portalrb]\nbase_path = \"{base}\"\n{rate}\n\n[limits]\npart_size = {part}\n{limits}\n",
                top = setup.top.join("\n"),
                limits = setup.limits.join("\n"),
                db = setup.db,
                bucket = env.s3_bucket,
                endpoint = setup.s3_endpoint,
                key = env.s3_key,
                secret = env.s3_secret,
                base = setup.base_path,
                rate = setup
                    .rate
                    .map(|r| format!("rate_limit_per_minute = {r}"))
                    .unwrap_or_default(),
                part = setup.part_size,
            ),
        )
        .unwrap();
        if let Some((cert, key)) = &setup.tls {
            let mut text = std::fs::read_to_string(&config).unwrap();
            text.push_str(&format!(
                "\n[tls]\ncert = \"{}\"\nkey = \"{}\"\n",
                cert.display(),
                key.display()
            ));
            std::fs::write(&config, text).unwrap();
        }
        let admin = server_command(&config, &["admin-token"]).trim().to_string();
        let mut s = Server {
            child: None,
            url: format!(
                "{}://127.0.0.1:{port}",
                if setup.tls.is_some() { "https" } else { "http" }
            ),
            admin,
            config,
            env: setup.env.clone(),
            nofile: setup.nofile,
            _dir: dir,
            // No kept-alive connections: a refused oversized body closes its
            // connection, which a pooled client would reuse.
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                // The TLS test's certificate is self-signed.
                .danger_accept_invalid_certs(true)
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
        };
        s.spawn().await;
        s
    }

    async fn spawn(&mut self) {
        let bin = env!("CARGO_BIN_EXE_daduk-server");
        let mut cmd = match self.nofile {
            Some(n) => {
                let mut c = Command::new("prlimit");
                c.arg(format!("--nofile={n}:{n}")).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let child = cmd
            .arg("--config")
            .arg(&self.config)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = self.http.get(format!("{}/healthz", self.url)).send().await
                && r.status() == StatusCode::OK
            {
                return;
            }
            assert!(Instant::now() < deadline, "daduk-server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Run `daduk-server --config … ARGS` beside the running server (as
    /// an administrator would); its standard output, once it succeeded.
    pub fn command(&self, args: &[&str]) -> String {
        server_command(&self.config, args)
    }

    /// The configuration file it runs with.
    pub fn config_path(&self) -> PathBuf {
        self.config.clone()
    }

    /// The server's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The server's resident memory (KiB), from `/proc`.
    pub fn rss_kib(&self) -> u64 {
        let pid = self.pid().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    /// `host:port` of the server.
    pub fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .to_string()
    }

    /// Kill it hard (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kill and start again on the same port and database.
    pub async fn restart(&mut self) {
        self.kill();
        self.spawn().await;
    }

    /// A client with `token`.
    pub fn client(&self, token: &str) -> Api {
        Api {
            http: self.http.clone(),
            url: self.url.clone(),
            token: token.to_string(),
        }
    }

    /// A client with the admin token.
    pub fn admin(&self) -> Api {
        self.client(&self.admin)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A response: status and body (JSON when it parses).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// Assert the status and, for an error, the API's error shape.
    pub fn expect(self, status: u16) -> Reply {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.bytes)
        );
        if status >= 400 {
            let j = self.json();
            assert_eq!(j["error"], Value::Bool(true), "error body: {j}");
            assert!(
                j["code"].is_string() && j["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{j}"
            );
        }
        self
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_string()
    }
}

/// A client of the API with one token.
#[derive(Debug, Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub url: String,
    pub token: String,
}

impl Api {
    pub async fn send(&self, method: Method, path: &str, body: Option<Vec<u8>>) -> Reply {
        let mut req = self.http.request(method, format!("{}{path}", self.url));
        if !self.token.is_empty() {
            req = req.bearer_auth(&self.token);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        Reply {
            status,
            bytes: r.bytes().await.unwrap_or_default().to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn json(&self, method: Method, path: &str, body: &Value) -> Reply {
        self.send(method, path, Some(serde_json::to_vec(body).unwrap()))
            .await
    }

    /// Register a unit unless the server knows it (the server makes no
    /// token for a unit it does not know).
    pub async fn unit(&self, code: &str) {
        let known = self.get("/api/v1/admin/units").await.expect(200).json();
        if known
            .as_array()
            .is_some_and(|a| a.iter().any(|u| u["code"] == code))
        {
            return;
        }
        self.json(
            Method::PUT,
            &format!("/api/v1/admin/units/{code}"),
            &serde_json::json!({"nama": format!("Unit {code}")}),
        )
        .await
        .expect(204);
    }

    /// Create a token (registering its units first); its secret.
    pub async fn token(&self, role: &str, units: &[&str]) -> String {
        for u in units {
            self.unit(u).await;
        }
        let r = self
            .json(
                Method::POST,
                "/api/v1/admin/tokens",
                &serde_json::json!({"role": role, "units": units, "label": format!("{role} {}", units.first().unwrap_or(&""))}),
            )
            .await
            .expect(201);
        r.json()["token"].as_str().unwrap().to_string()
    }

    /// Upload a blob whole; the completion's status.
    /// What the sync client does with one blob: ask whether it is stored;
    /// if not, send it whole when it fits one part, else in parts. The
    /// status of the last step (200 when it was already there).
    pub async fn sync_blob(&self, bytes: &[u8]) -> u16 {
        let sha = sha(bytes);
        let head = self
            .send(Method::HEAD, &format!("/api/v1/blobs/{sha}"), None)
            .await;
        if head.status == StatusCode::OK {
            return 200;
        }
        if bytes.len() <= daduk_wire::MAX_PART_BYTES {
            self.send(
                Method::PUT,
                &format!("/api/v1/blobs/{sha}"),
                Some(bytes.to_vec()),
            )
            .await
            .status
            .as_u16()
        } else {
            self.upload(bytes).await
        }
    }

    /// Upload in parts: start (or resume), the parts the server lacks,
    /// complete; the completion's status.
    pub async fn upload(&self, bytes: &[u8]) -> u16 {
        let sha = sha(bytes);
        let start = self
            .json(
                Method::POST,
                &format!("/api/v1/blobs/{sha}/uploads"),
                &serde_json::json!({"size": bytes.len()}),
            )
            .await
            .expect(200)
            .json();
        let id = start["upload_id"].as_str().unwrap().to_string();
        let part = start["part_size"].as_u64().unwrap() as usize;
        let have: Vec<u64> = start["parts_received"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let chunks: Vec<&[u8]> = if bytes.is_empty() {
            vec![&[][..]]
        } else {
            bytes.chunks(part).collect()
        };
        for (n, chunk) in chunks.iter().enumerate() {
            if have.contains(&(n as u64)) {
                continue;
            }
            self.send(
                Method::PUT,
                &format!("/api/v1/uploads/{id}/parts/{n}"),
                Some(chunk.to_vec()),
            )
            .await
            .expect(204);
        }
        let r = self
            .send(
                Method::POST,
                &format!("/api/v1/uploads/{id}/complete"),
                None,
            )
            .await;
        r.status.as_u16()
    }

    /// Start an upload of `bytes` and send every part, without completing
    /// it; the upload's id.
    pub async fn parts_sent(&self, bytes: &[u8]) -> String {
        let start = self
            .json(
                Method::POST,
                &format!("/api/v1/blobs/{}/uploads", sha(bytes)),
                &serde_json::json!({"size": bytes.len()}),
            )
            .await
            .expect(200)
            .json();
        let id = start["upload_id"].as_str().unwrap().to_string();
        let part = start["part_size"].as_u64().unwrap() as usize;
        for (n, chunk) in bytes.chunks(part).enumerate() {
            self.send(
                Method::PUT,
                &format!("/api/v1/uploads/{id}/parts/{n}"),
                Some(chunk.to_vec()),
            )
            .await
            .expect(204);
        }
        id
    }

    /// Push a side; the reply.
    pub async fn push(&self, unit: &str, year: i32, side: &str, base: i64, m: &Manifest) -> Reply {
        let body = serde_json::json!({"base_version": base, "manifest": m});
        self.json(
            Method::PUT,
            &format!("/api/v1/assessments/{unit}/{year}/{side}"),
            &body,
        )
        .await
    }
}

/// The default template.
pub fn template() -> Template {
    Template::default_lke()
}

/// A valid answer text for `item` (`best`: the top option; else the second).
pub fn answer_text(t: &Template, item: ItemCode, best: bool) -> String {
    match &t.item(item).unwrap().answer {
        AnswerSpec::YesNo => if best { "ya" } else { "tidak" }.into(),
        AnswerSpec::Choice { options } => options[usize::from(!best)].letter.to_string(),
        AnswerSpec::Counts { rows, .. } => rows
            .iter()
            .filter(|r| r.computed.is_none())
            .enumerate()
            .map(|(i, r)| format!("{}={}", r.code, if best { 10 } else { 3 + i }))
            .collect::<Vec<_>>()
            .join(";"),
        AnswerSpec::SurveyIndex { max, .. } => {
            if best {
                format!("{max}")
            } else {
                "2.5".into()
            }
        }
    }
}

/// A manifest of `unit` for `year`: answers of `role` on every item (best
/// or second-best), one file per entry of `files` on the first item, and a
/// reference.
pub fn manifest(
    unit: &str,
    year: i32,
    kind: PacketKind,
    answers: &[(Role, bool)],
    files: &[&[u8]],
) -> Manifest {
    let t = template();
    let now = "2026-03-01T08:00:00Z".to_string();
    let first = t.item_codes()[0];
    let mut out_answers = Vec::new();
    for (role, best) in answers {
        for item in t.item_codes() {
            out_answers.push(PacketAnswer {
                role: *role,
                item: *item,
                value: Some(answer_text(&t, *item, *best)),
                note: format!("catatan {} {item}", role.as_str()),
                updated_by: "tim".into(),
                updated_at: now.clone(),
            });
        }
    }
    let mut evidence = Vec::new();
    let mut listed = Vec::new();
    for (i, bytes) in files.iter().enumerate() {
        let h = Sha256::of_bytes(bytes);
        let path = format!("evidence/berkas-{i}.pdf");
        evidence.push(PacketEvidence {
            item: first,
            kind: "sk".into(),
            title: format!("SK {i}"),
            doc_date: None,
            file_name: format!("berkas-{i}.pdf"),
            size: bytes.len() as u64,
            sha256: h,
            path: Some(path.clone()),
            review_status: ReviewStatus::Pending,
            review_note: String::new(),
            added_by: Some("tim".into()),
            added_at: Some(now.clone()),
            reviewed_by: None,
            reviewed_at: None,
        });
        listed.push(PacketFile {
            path,
            size: bytes.len() as u64,
            sha256: h,
        });
    }
    let state = Sha256::of_bytes(unit.as_bytes());
    Manifest {
        format: FORMAT.into(),
        version: VERSION,
        kind,
        created_at: now.clone(),
        created_by: "tim".into(),
        generator: "Daduk (uji server)".into(),
        unit: PacketUnit {
            code: unit.into(),
            name: format!("Unit {unit}"),
            instansi: "Pemerintah Kota Contoh".into(),
            target: Target::Wbk,
            kepala_name: String::new(),
            kepala_nip: String::new(),
            ketua_name: String::new(),
            ketua_nip: String::new(),
            afirmasi: false,
        },
        year,
        template: TemplateRef {
            id: t.id().into(),
            sha256: t.sha256(),
            path: None,
        },
        status: AssessmentStatus::Submitted,
        answers: out_answers,
        absent: vec![],
        evidence,
        files: listed,
        based_on: (kind == PacketKind::Review).then_some(state),
        state_sha256: state,
        scores: HashMap::new(),
        references: vec![PacketReference {
            item: first,
            text: "Portal PPID".into(),
            url: "https://ppid.contoh.go.id/sk".into(),
        }],
        plan: None,
        tpn_stages: Vec::new(),
    }
}

/// The TPI's review of a unit manifest: TPI answers, every file given `verdict`.
pub fn review(unit_side: &Manifest, best: bool, verdict: ReviewStatus) -> Manifest {
    let t = template();
    let mut m = unit_side.clone();
    m.kind = PacketKind::Review;
    m.based_on = Some(m.state_sha256);
    m.answers = t
        .item_codes()
        .iter()
        .map(|item| PacketAnswer {
            role: Role::Tpi,
            item: *item,
            value: Some(answer_text(&t, *item, best)),
            note: format!("catatan TPI {item}"),
            updated_by: "evaluator".into(),
            updated_at: "2026-03-02T08:00:00Z".into(),
        })
        .collect();
    for e in &mut m.evidence {
        e.review_status = verdict;
        e.review_note = "diperiksa".into();
        e.reviewed_by = Some("evaluator".into());
        e.reviewed_at = Some("2026-03-02T08:00:00Z".into());
        e.path = None;
    }
    m.files.clear();
    m
}

/// TPN's side of a unit manifest, as a unit or TPI records it: TPN's
/// answers on every item and two stages.
pub fn tpn_side(unit_side: &Manifest, best: bool) -> Manifest {
    let mut m = review(unit_side, best, ReviewStatus::Pending);
    m.kind = PacketKind::Tpn;
    m.based_on = None;
    m.template.path = None;
    m.evidence.clear();
    m.absent.clear();
    m.references.clear();
    m.plan = None;
    for a in &mut m.answers {
        a.role = Role::Tpn;
        a.note = format!("catatan TPN {}", a.item);
    }
    m.tpn_stages = vec![
        daduk_domain::tpn::StageRecord {
            stage: daduk_domain::tpn::Stage::Usulan,
            date: "2026-04-30".parse().unwrap(),
            outcome: Some(daduk_domain::tpn::Outcome::Lolos),
            note: String::new(),
        },
        daduk_domain::tpn::StageRecord {
            stage: daduk_domain::tpn::Stage::DeskEvaluation,
            date: "2026-06-15".parse().unwrap(),
            outcome: None,
            note: "LHE nomor 12".into(),
        },
    ];
    m
}
