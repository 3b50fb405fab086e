//! Every failure as `{"error": true, "code", "message"}` with its status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use daduk_wire::{ErrorBody, codes};

/// A request's failure.
#[derive(Debug)]
pub struct ApiError {
    /// The status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
    /// Seconds after which trying again makes sense (`Retry-After`).
    pub retry_after: Option<u64>,
}

/// A handler's result.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a status, code and Indonesian message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody::new(code, message),
            retry_after: None,
        }
    }
    /// 400/422: bad input.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID, message)
    }
    /// 401.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, message)
    }
    /// 403.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN, message)
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }
    /// 503: PostgreSQL.
    pub fn database(e: impl std::fmt::Display) -> ApiError {
        eprintln!("daduk-server: basis data: {e}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::UNAVAILABLE,
            "basis data server (PostgreSQL) tidak dapat dihubungi; tidak ada yang diubah. Coba lagi sebentar lagi",
        )
    }
    /// 503: the object store.
    pub fn store(e: impl std::fmt::Display + std::fmt::Debug) -> ApiError {
        eprintln!("daduk-server: penyimpanan berkas: {e} ({e:?})");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::UNAVAILABLE,
            "penyimpanan berkas (object store) tidak dapat dihubungi; berkas tidak disimpan. Coba lagi sebentar lagi",
        )
    }
    /// 500.
    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        eprintln!("daduk-server: galat: {e}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "galat di server; tidak ada yang diubah. Laporkan ke admin instansi",
        )
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        // A statement PostgreSQL refused is the server's fault; a closed
        // connection, I/O, or PostgreSQL shutting down, starting or out of
        // connections (SQLSTATE classes 57, 08, 53) means it is unreachable.
        match e.as_db_error().map(|d| d.code().code()) {
            Some(code) if !["57", "08", "53"].iter().any(|c| code.starts_with(c)) => {
                ApiError::internal(e)
            }
            _ => ApiError::database(e),
        }
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        ApiError::database(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, axum::Json(self.body)).into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, s.into());
        }
        r
    }
}
