//! Daduk's shared vocabulary: the newtypes every crate agrees on, each with
//! one validation ([`UnitCode`], [`ItemCode`], [`Sha256`], [`Side`],
//! [`Year`]: a value that passes on the desktop passes on the server), and
//! the JSON bodies of Daduk Server's HTTP API as `docs/server-protocol.md`
//! describes them. No I/O beyond hashing a reader.
//!
//! A side of an assessment (the unit's or TPI's) travels as the side
//! manifest (`daduk_domain::manifest::Manifest`). It is carried here as raw
//! JSON ([`RawValue`]) so this crate stays below the domain, and every
//! reader parses it with the domain's bounded, checked `Manifest::parse`:
//!
//! ```
//! use daduk_wire::PushSide;
//! let body = PushSide::new(3, r#"{"format":"daduk-packet"}"#).unwrap();
//! assert_eq!(body.manifest.get(), r#"{"format":"daduk-packet"}"#);
//! ```

use serde::{Deserialize, Serialize};
pub use serde_json::value::RawValue;

mod blobs;
pub mod code;
pub mod hash;
mod prerequisites;
mod side;
mod unit_code;
pub use blobs::*;
pub use code::{AreaCode, ItemCode, Part, SubAreaCode};
pub use hash::Sha256;
pub use prerequisites::*;
pub use side::{Side, Year};
pub use unit_code::{MAX_UNIT_CODE, UnitCode, UnitCodeError};

/// The API's path prefix.
pub const API: &str = "/api/v1";
/// The default base path of the PortalRB endpoints.
pub const PORTALRB_BASE: &str = "/api/portalrb";
/// The largest JSON body the server accepts (bytes).
pub const MAX_JSON_BYTES: usize = 16 << 20;
/// The largest blob part the server accepts (bytes).
pub const MAX_PART_BYTES: usize = 8 << 20;

/// Error codes used in [`ErrorBody::code`].
pub mod codes {
    /// 400/422: the body or a path segment is not valid.
    pub const INVALID: &str = "INVALID_REQUEST";
    /// 401: no token, an unknown one, a revoked or expired one.
    pub const UNAUTHORIZED: &str = "UNAUTHORIZED";
    /// 403: the token may not touch this unit, side or endpoint.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// 404: nothing here (PortalRB's guide names it `DATA_NOT_FOUND`).
    pub const NOT_FOUND: &str = "DATA_NOT_FOUND";
    /// 409: the side changed since `base_version`.
    pub const VERSION_CONFLICT: &str = "VERSION_CONFLICT";
    /// 413: the body is larger than allowed.
    pub const TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    /// 422: evidence the server does not hold.
    pub const MISSING_BLOBS: &str = "MISSING_BLOBS";
    /// 422: an upload's bytes do not hash to what was announced.
    pub const HASH_MISMATCH: &str = "HASH_MISMATCH";
    /// 403: PortalRB's answers outside the proposal period.
    pub const OUTSIDE_PERIOD: &str = "OUTSIDE_PROPOSAL_PERIOD";
    /// 429: too many requests.
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    /// 503: PostgreSQL or the object store cannot be reached, or the server
    /// is at its limit of connections or of request bodies held at once
    /// (with `Retry-After`).
    pub const UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
    /// 507: the token's uploads that no side refers to yet fill its quota.
    pub const QUOTA_EXCEEDED: &str = "QUOTA_EXCEEDED";
    /// 409: another request is completing this upload (with `Retry-After`).
    pub const UPLOAD_BUSY: &str = "UPLOAD_BUSY";
    /// 408: the request's head or body came too slowly.
    pub const TIMEOUT: &str = "REQUEST_TIMEOUT";
    /// 405: the path exists, but not with this method.
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    /// 414: the request's path is too long.
    pub const URI_TOO_LONG: &str = "URI_TOO_LONG";
    /// 500: anything else.
    pub const INTERNAL: &str = "INTERNAL_ERROR";
}

/// Every error, everywhere: `{"error": true, "code", "message"}`, with the
/// extra fields of a conflict or a refused push when they apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Always `true`.
    pub error: bool,
    /// One of [`codes`].
    pub code: String,
    /// What happened and what to do, in Indonesian.
    pub message: String,
    /// For `VERSION_CONFLICT`: the side's version now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For `MISSING_BLOBS`: the SHA-256 the server does not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

impl ErrorBody {
    /// An error with no extra fields.
    pub fn new(code: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: true,
            code: code.into(),
            message: message.into(),
            current_version: None,
            missing: Vec::new(),
        }
    }
}

/// A token's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenRole {
    /// The instansi's administrator: everything under `/api/v1/admin`, reads every unit.
    Admin,
    /// A unit's team: reads its units, writes the unit side.
    Unit,
    /// An evaluator (TPI): reads its assigned units, writes the TPI side.
    Evaluator,
    /// PortalRB: the PortalRB endpoints only, read-only.
    Integration,
}

impl TokenRole {
    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRole::Admin => "admin",
            TokenRole::Unit => "unit",
            TokenRole::Evaluator => "evaluator",
            TokenRole::Integration => "integration",
        }
    }

    /// Parse the wire name.
    pub fn parse(s: &str) -> Option<TokenRole> {
        match s {
            "admin" => Some(TokenRole::Admin),
            "unit" => Some(TokenRole::Unit),
            "evaluator" => Some(TokenRole::Evaluator),
            "integration" => Some(TokenRole::Integration),
            _ => None,
        }
    }
}

/// `GET /api/v1/whoami`: what the token is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// The token's id.
    pub token_id: i64,
    /// Its role.
    pub role: TokenRole,
    /// The units it is scoped to (empty for admin and integration).
    pub units: Vec<String>,
    /// Its label.
    pub label: String,
}

/// One row of `GET /api/v1/assessments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    /// Unit code.
    pub unit: String,
    /// Evaluation year.
    pub year: i32,
    /// The unit side's version (0 before the first push).
    pub unit_version: i64,
    /// The TPI side's version (0 before the first push).
    pub tpi_version: i64,
    /// TPN's side's version (0 before the first push; absent from servers
    /// that keep no TPN side).
    #[serde(default)]
    pub tpn_version: i64,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

/// `GET /api/v1/assessments/{unit}/{year}`: both sides as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssessmentSides {
    /// The unit side's version.
    pub unit_version: i64,
    /// The TPI side's version.
    pub tpi_version: i64,
    /// The unit's manifest (kind `submission`), if pushed.
    pub unit_side: Option<Box<RawValue>>,
    /// TPI's manifest (kind `review`), if pushed.
    pub tpi_side: Option<Box<RawValue>>,
    /// TPN's side's version (absent from servers that keep none).
    #[serde(default)]
    pub tpn_version: i64,
    /// TPN's side (kind `tpn`: TPN's answers and the stages, recorded by the
    /// unit or its evaluator), if pushed.
    #[serde(default)]
    pub tpn_side: Option<Box<RawValue>>,
}

/// `PUT /api/v1/assessments/{unit}/{year}/unit`, `/tpi` and `/tpn`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushSide {
    /// The version the client last pulled of this side (0 for none).
    pub base_version: i64,
    /// The side's manifest.
    pub manifest: Box<RawValue>,
}

impl PushSide {
    /// A push of `manifest_json` (the manifest serialized) on `base_version`.
    pub fn new(base_version: i64, manifest_json: &str) -> Result<PushSide, serde_json::Error> {
        Ok(PushSide {
            base_version,
            manifest: RawValue::from_string(manifest_json.to_string())?,
        })
    }
}

/// The answer to a stored [`PushSide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    /// The side's new version.
    pub version: i64,
}

/// `POST /api/v1/admin/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// The role.
    pub role: TokenRole,
    /// The units (role `unit`: its units; `evaluator`: the units assigned).
    #[serde(default)]
    pub units: Vec<String>,
    /// Who or what it is for.
    #[serde(default)]
    pub label: String,
    /// When it stops working (RFC 3339), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// The answer to [`CreateToken`]: the token, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    /// The token's id.
    pub id: i64,
    /// The secret.
    pub token: String,
}

/// One row of `GET /api/v1/admin/tokens` (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Id.
    pub id: i64,
    /// Role.
    pub role: TokenRole,
    /// Units.
    pub units: Vec<String>,
    /// Label.
    pub label: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Expires (RFC 3339), if set.
    pub expires_at: Option<String>,
    /// Revoked (deleted).
    pub revoked: bool,
}

/// `PUT /api/v1/admin/units/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutUnit {
    /// Name.
    pub nama: String,
    /// Instansi.
    #[serde(default)]
    pub instansi: String,
    /// Proposed under the afirmasi scheme.
    #[serde(default)]
    pub afirmasi: bool,
}

/// A unit as the server knows it (`GET /api/v1/admin/units`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInfo {
    /// Code.
    pub code: String,
    /// Name.
    pub nama: String,
    /// Instansi.
    pub instansi: String,
    /// Afirmasi.
    pub afirmasi: bool,
}

/// `PUT /api/v1/admin/evaluation` and `GET` of the same: the active
/// evaluation year and its proposal period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The evaluation year.
    pub year: i32,
    /// First day PortalRB may fetch (`YYYY-MM-DD`), inclusive.
    #[serde(default)]
    pub proposal_start: Option<String>,
    /// Last day PortalRB may fetch (`YYYY-MM-DD`), inclusive.
    #[serde(default)]
    pub proposal_end: Option<String>,
}

/// A proposal's predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Predicate {
    /// WBK.
    #[serde(rename = "wbk")]
    Wbk,
    /// WBK under the afirmasi scheme.
    #[serde(rename = "wbk-afirmasi")]
    WbkAfirmasi,
    /// WBBM.
    #[serde(rename = "wbbm")]
    Wbbm,
}

impl Predicate {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::Wbk => "wbk",
            Predicate::WbkAfirmasi => "wbk-afirmasi",
            Predicate::Wbbm => "wbbm",
        }
    }

    /// Parse the wire name.
    pub fn parse(s: &str) -> Option<Predicate> {
        match s {
            "wbk" => Some(Predicate::Wbk),
            "wbk-afirmasi" => Some(Predicate::WbkAfirmasi),
            "wbbm" => Some(Predicate::Wbbm),
            _ => None,
        }
    }
}

/// `POST /api/v1/admin/proposals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propose {
    /// Unit code.
    pub unit: String,
    /// Evaluation year.
    pub year: i32,
    /// Predicate.
    pub predicate: Predicate,
    /// Freeze again over a proposal already frozen, in one step (PortalRB
    /// is to fetch again): the unit stays in PortalRB's list throughout.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refreeze: bool,
}

/// A frozen proposal (the answer to [`Propose`], and `GET /api/v1/admin/proposals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Unit code.
    pub unit: String,
    /// Evaluation year.
    pub year: i32,
    /// Predicate.
    pub predicate: Predicate,
    /// The unit side's version frozen.
    pub unit_version: i64,
    /// The TPI side's version frozen.
    pub tpi_version: i64,
    /// When it was frozen (RFC 3339).
    pub frozen_at: String,
    /// SHA-256 of the PortalRB answers body the snapshot serves.
    pub body_sha256: String,
    /// The instansi's prerequisites of the year missing or not met for the predicate (a warning).
    #[serde(default)]
    pub missing_prerequisites: Vec<MissingPrerequisite>,
}

/// One row of `GET /api/v1/admin/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Id, ascending with time.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The token that did it.
    pub token_id: Option<i64>,
    /// Its label and role.
    pub actor: String,
    /// What (`push-unit`, `push-tpi`, `blob-stored`, `token-create`, …).
    pub action: String,
    /// The unit concerned.
    pub unit: Option<String>,
    /// The year concerned.
    pub year: Option<i32>,
    /// Details (versions, hashes).
    pub detail: String,
}

/// One row of `GET /api/v1/admin/fetches`: what PortalRB received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchRow {
    /// Id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The integration token (none when the token was not known).
    pub token_id: Option<i64>,
    /// Its label.
    pub actor: String,
    /// The path fetched.
    pub path: String,
    /// The unit, for `jawaban-unit`.
    pub unit: Option<String>,
    /// The HTTP status served.
    pub status: u16,
    /// SHA-256 of the body served.
    pub body_sha256: String,
}

#[cfg(test)]
mod tests;
