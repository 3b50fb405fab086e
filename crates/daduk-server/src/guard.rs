//! What every request passes through around its handler: a bound on the
//! path's length, a share of the memory budget for its body (waited for a
//! little, else 503 with `Retry-After`), a body that must keep arriving
//! and finish in time, and — on the way out — every error as the API's JSON
//! (`error`, `code`, `message`), whatever produced it (an unknown method,
//! a path that is not UTF-8, a rejected extractor).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use daduk_wire::codes;
use http_body::{Frame, SizeHint};
use tokio::sync::Semaphore;
use tokio::time::Sleep;

use crate::State;
use crate::error::ApiError;

/// The longest path and query accepted (bytes).
pub const MAX_URI_BYTES: usize = 8 << 10;

/// How long a request waits for its share of the body budget.
const BUDGET_WAIT: Duration = Duration::from_secs(10);

/// The request bodies held in memory at once, in KiB.
#[derive(Debug)]
pub struct BodyBudget {
    kib: Semaphore,
    total_kib: u32,
}

impl BodyBudget {
    /// A budget of `bytes`.
    pub fn new(bytes: u64) -> BodyBudget {
        let total_kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX / 2).max(1);
        BodyBudget {
            kib: Semaphore::new(total_kib as usize),
            total_kib,
        }
    }
}

/// A body that sent nothing for too long, or took too long as a whole.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request body too slow")
    }
}

impl std::error::Error for BodyTimedOut {}

/// Whether a body error (or one of its sources) is a [`BodyTimedOut`].
pub fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(x) = cur {
        if x.is::<BodyTimedOut>() {
            return true;
        }
        cur = x.source();
    }
    false
}

/// A request body that fails when it sends nothing for `idle`, or has not
/// ended by its deadline.
struct SlowGuard {
    body: Body,
    idle: Duration,
    idle_timer: Pin<Box<Sleep>>,
    deadline: Pin<Box<Sleep>>,
}

impl http_body::Body for SlowGuard {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))));
        }
        match Pin::new(&mut self.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next = tokio::time::Instant::now() + self.idle;
                self.idle_timer.as_mut().reset(next);
                Poll::Ready(frame)
            }
            Poll::Pending => {
                if self.idle_timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The middleware.
pub async fn guard(AxState(state): AxState<State>, req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            codes::URI_TOO_LONG,
            format!("alamat permintaan {uri_len} bita; paling panjang {MAX_URI_BYTES} bita"),
        )
        .into_response();
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let body_bytes = match declared {
        Some(n) => n,
        None if chunked => daduk_wire::MAX_JSON_BYTES as u64,
        None => 0,
    };
    let mut req = req;
    let _share = if body_bytes > 0 {
        // No route takes more than the largest JSON body; a larger one is
        // refused by the body limit without being read.
        let kib = body_bytes
            .min(daduk_wire::MAX_JSON_BYTES as u64)
            .div_ceil(1024);
        let kib = u32::try_from(kib)
            .unwrap_or(u32::MAX)
            .min(state.budget.total_kib);
        let share = match tokio::time::timeout(BUDGET_WAIT, state.budget.kib.acquire_many(kib))
            .await
        {
            Ok(Ok(p)) => p,
            _ => {
                let mut e = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    codes::UNAVAILABLE,
                    "server sedang menerima terlalu banyak data sekaligus; coba lagi sebentar lagi",
                );
                e.retry_after = Some(10);
                return e.into_response();
            }
        };
        let limits = &state.config.limits;
        let idle = Duration::from_secs(limits.body_idle_secs);
        req = req.map(|body| {
            Body::new(SlowGuard {
                body,
                idle,
                idle_timer: Box::pin(tokio::time::sleep(idle)),
                deadline: Box::pin(tokio::time::sleep(Duration::from_secs(
                    limits.body_timeout_secs,
                ))),
            })
        });
        Some(share)
    } else {
        None
    };
    as_json_error(next.run(req).await)
}

/// An error response that is not the API's JSON becomes it, keeping its
/// status and headers (`Allow`, `Retry-After`).
fn as_json_error(resp: Response) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            codes::METHOD_NOT_ALLOWED,
            "metode HTTP ini tidak dipakai pada alamat itu (lihat header Allow)",
        ),
        StatusCode::NOT_FOUND => (codes::NOT_FOUND, "alamat itu tidak ada di server ini"),
        StatusCode::PAYLOAD_TOO_LARGE => (
            codes::TOO_LARGE,
            "isi permintaan terlalu besar (JSON paling besar 16 MiB, satu bagian berkas 8 MiB)",
        ),
        StatusCode::REQUEST_TIMEOUT => (codes::TIMEOUT, "permintaan terlalu lambat dikirim"),
        StatusCode::UNAUTHORIZED => (codes::UNAUTHORIZED, "token tidak ada atau tidak sah"),
        StatusCode::FORBIDDEN => (codes::FORBIDDEN, "tidak boleh"),
        StatusCode::TOO_MANY_REQUESTS => (
            codes::RATE_LIMITED,
            "terlalu banyak permintaan; coba lagi sebentar lagi",
        ),
        s if s.is_server_error() => (
            codes::INTERNAL,
            "galat di server; tidak ada yang diubah. Laporkan ke admin instansi",
        ),
        _ => (
            codes::INVALID,
            "permintaan tidak sah: alamat, parameter atau isinya tidak dapat dibaca (alamat harus UTF-8)",
        ),
    };
    let (mut parts, _) = resp.into_parts();
    let body = serde_json::to_vec(&daduk_wire::ErrorBody::new(code, message)).unwrap_or_default();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// An upper bound, per token, of the bytes it uploaded that no side refers
/// to (its quota's measure), so most uploads of a sync are admitted without
/// the database summing every blob the token ever sent.
///
/// A bound is set from the database's exact answer and raised by every
/// upload admitted against it; it never falls below the truth because
/// only uploads raise the truth — except a push, which may drop references,
/// and so forgets every bound ([`QuotaBounds::forget_all`]). A bound that
/// would refuse is never believed: the database is asked first.
#[derive(Debug, Default)]
pub struct QuotaBounds {
    /// A count of forgets, and the bounds set since the last one.
    bounds: std::sync::Mutex<(u64, std::collections::HashMap<i64, u64>)>,
}

impl QuotaBounds {
    fn bounds(&self) -> std::sync::MutexGuard<'_, (u64, std::collections::HashMap<i64, u64>)> {
        self.bounds.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admit `size` more bytes for `token` if its known bound leaves room
    /// under `quota` (and raise the bound); `false` when unknown or tight.
    /// Otherwise, the generation to hand to [`QuotaBounds::admit_exact`].
    pub fn admit(&self, token: i64, size: u64, quota: u64) -> Result<(), u64> {
        let mut bounds = self.bounds();
        let generation = bounds.0;
        match bounds.1.get_mut(&token) {
            Some(held) if held.saturating_add(size) <= quota => {
                *held = held.saturating_add(size);
                Ok(())
            }
            _ => Err(generation),
        }
    }

    /// With the exact bytes `held` read in `generation`: admit `size` more
    /// if it fits under `quota`, and keep the bound (never below one an
    /// upload admitted meanwhile raised; not at all if references changed
    /// since the bytes were read).
    pub fn admit_exact(
        &self,
        token: i64,
        generation: u64,
        held: u64,
        size: u64,
        quota: u64,
    ) -> bool {
        let fits = held.saturating_add(size) <= quota;
        let mut bounds = self.bounds();
        if bounds.0 == generation {
            let known = bounds.1.get(&token).copied().unwrap_or(0);
            let bound = known.max(held).saturating_add(if fits { size } else { 0 });
            bounds.1.insert(token, bound);
        }
        fits
    }

    /// Forget every bound (references changed).
    pub fn forget_all(&self) {
        let mut bounds = self.bounds();
        bounds.0 += 1;
        bounds.1.clear();
    }
}

#[cfg(test)]
mod quota_tests {
    use super::QuotaBounds;

    #[test]
    fn a_bound_admits_within_the_quota_and_defers_to_the_database_otherwise() {
        let q = QuotaBounds::default();
        // Unknown: ask the database.
        let g = q.admit(1, 10, 100).unwrap_err();
        assert!(q.admit_exact(1, g, 50, 10, 100));
        // Known: 60 held, 40 more fit, then no more without asking.
        assert!(q.admit(1, 40, 100).is_ok());
        let g = q.admit(1, 1, 100).unwrap_err();
        // Refused by the exact figure.
        assert!(!q.admit_exact(1, g, 100, 1, 100));
        // A push forgets every bound; an answer read before it is not kept.
        let g = q.admit(2, 1, 100).unwrap_err();
        q.forget_all();
        assert!(q.admit(1, 0, 100).is_err());
        assert!(q.admit_exact(2, g, 0, 1, 100));
        assert!(
            q.admit(2, 1, 100).is_err(),
            "read before the push: not kept"
        );
        // Two uploads asking at once keep the higher bound.
        let g = q.admit(3, 10, 100).unwrap_err();
        assert!(q.admit_exact(3, g, 50, 10, 100));
        assert!(q.admit_exact(3, g, 50, 10, 100));
        assert!(q.admit(3, 31, 100).is_err(), "70 held by the bound");
        assert!(q.admit(3, 30, 100).is_ok());
    }
}
