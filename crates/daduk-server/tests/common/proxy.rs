//! A TCP relay between the server and its object store that can be made to
//! stop passing bytes: an object store that hangs mid-request, so a test can
//! catch the server in the middle of its work (and kill it there).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The relay; stops with the test's runtime.
#[derive(Debug, Clone)]
pub struct Relay {
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    paused: Arc<AtomicBool>,
}

impl Relay {
    /// Relay to `target` (`http://host:port`).
    pub async fn start(target: &str) -> Relay {
        let to = target
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let paused = Arc::new(AtomicBool::new(false));
        let p = paused.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let to = to.clone();
                let p = p.clone();
                tokio::spawn(async move {
                    let Ok(upstream) = TcpStream::connect(&to).await else {
                        return;
                    };
                    let (cr, cw) = client.into_split();
                    let (ur, uw) = upstream.into_split();
                    tokio::join!(pipe(cr, uw, p.clone()), pipe(ur, cw, p));
                });
            }
        });
        Relay { endpoint, paused }
    }

    /// Stop passing bytes (connections stay open, as a hung store's would).
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
    }

    /// Pass bytes again.
    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    paused: Arc<AtomicBool>,
) {
    let mut buf = vec![0u8; 64 << 10];
    loop {
        while paused.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                while paused.load(Ordering::SeqCst) {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                if to.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    }
}
