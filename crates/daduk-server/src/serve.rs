//! Serving connections so that slow or many clients cannot take the server
//! down: a bounded number of connections (within the open-file limit; past
//! it a connection gets 503 and is closed), a deadline for every request
//! head and for a kept-alive connection's next request, request bodies that
//! must keep arriving and finish in time, and a memory budget for the
//! bodies held at once. TLS, when configured, is rustls.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::config::{Limits, Tls};

/// Descriptors kept for everything that is not a client connection:
/// PostgreSQL's pool, the object store's connections, files, the listener.
const RESERVED_FILES: u64 = 128;

/// How many connections to serve at once: the configured number, lowered
/// to what the open-file limit leaves (raised first to its hard limit).
pub fn connection_limit(configured: usize) -> usize {
    let files = raise_open_file_limit();
    let room = files.map_or(u64::MAX, |f| f.saturating_sub(RESERVED_FILES).max(16));
    configured.min(usize::try_from(room).unwrap_or(usize::MAX))
}

/// Raise the soft open-file limit to the hard one; the soft limit now.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut lim = getrlimit(Resource::Nofile);
    if lim.current < lim.maximum {
        lim.current = lim.maximum;
        if setrlimit(Resource::Nofile, lim).is_err() {
            lim = getrlimit(Resource::Nofile);
        }
    }
    lim.current
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}

/// A TLS acceptor from a certificate chain and key (PEM files).
pub fn tls_acceptor(t: &Tls) -> Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_file_iter(&t.cert)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .with_context(|| format!("sertifikat TLS {} tidak dapat dibaca", t.cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(&t.key)
        .with_context(|| format!("kunci TLS {} tidak dapat dibaca", t.key.display()))?;
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("sertifikat dan kunci TLS tidak cocok")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// The answer a connection over the limit gets before it is closed.
static BUSY: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let body = serde_json::to_string(&daduk_wire::ErrorBody::new(
        daduk_wire::codes::UNAVAILABLE,
        "server sedang melayani terlalu banyak sambungan; coba lagi sebentar lagi",
    ))
    .unwrap_or_default();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// Serve `app` on `listener` until `shutdown` resolves; then stop accepting
/// and give open requests ten seconds to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: &Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<()> {
    let max = connection_limit(limits.max_connections);
    eprintln!("daduk-server: paling banyak {max} sambungan sekaligus");
    let slots = Arc::new(Semaphore::new(max));
    let header_timeout = Duration::from_secs(limits.header_timeout_secs);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            () = &mut shutdown => break,
            got = listener.accept() => match got {
                Ok(c) => c,
                Err(e) => {
                    // Out of descriptors (or a connection reset before it
                    // was accepted): wait a moment rather than spin.
                    eprintln!("daduk-server: menerima sambungan gagal: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            refuse(stream, tls.is_some());
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _slot = slot;
            match tls {
                Some(acceptor) => {
                    // The handshake is bounded like a request head.
                    if let Ok(Ok(s)) =
                        tokio::time::timeout(header_timeout, acceptor.accept(stream)).await
                    {
                        connection(s, app, header_timeout, watcher).await;
                    }
                }
                None => connection(stream, app, header_timeout, watcher).await,
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    Ok(())
}

/// Tell a plain-HTTP client the server is full, and close.
fn refuse(stream: TcpStream, tls: bool) {
    if tls {
        return;
    }
    // Written straight to the socket (tokio's `try_write` refuses before
    // the reactor has seen the socket writable): a socket just accepted has
    // room for these bytes, and the write never waits.
    if let Ok(mut s) = stream.into_std() {
        let _ = std::io::Write::write(&mut s, &BUSY);
    }
}

async fn connection<S>(
    io: S,
    app: Router,
    header_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = TowerToHyperService::new(app);
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        // Counts from the moment the server waits for a head: a slow head
        // and an idle kept-alive connection both end here.
        .header_read_timeout(header_timeout)
        // A head fits in 64 KiB; a connection never buffers more.
        .max_buf_size(64 << 10)
        .serve_connection(TokioIo::new(io), service);
    let _ = watcher.watch(conn).await;
}
