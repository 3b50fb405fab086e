//! Tokens: made from 32 random bytes, stored as their SHA-256, checked on
//! every request against the role and the unit.

use axum::http::HeaderMap;
use daduk_wire::TokenRole;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

/// The prefix of every token (so a leaked one is recognisable).
pub const PREFIX: &str = "dks_";

/// Who is asking.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Token id.
    pub token_id: i64,
    /// Role.
    pub role: TokenRole,
    /// Label.
    pub label: String,
    /// Scoped units (unit and evaluator roles).
    pub units: Vec<String>,
}

impl Caller {
    /// Label and role, for the audit log.
    pub fn actor(&self) -> String {
        format!("{} ({})", self.label, self.role.as_str())
    }

    /// The units this caller may read: `None` means every unit.
    pub fn readable_units(&self) -> ApiResult<Option<&[String]>> {
        match self.role {
            TokenRole::Admin => Ok(None),
            TokenRole::Unit | TokenRole::Evaluator => Ok(Some(&self.units)),
            TokenRole::Integration => Err(ApiError::forbidden(
                "token integrasi hanya boleh memakai endpoint PortalRB",
            )),
        }
    }

    /// May read the unit's assessments.
    pub fn may_read(&self, unit: &str) -> ApiResult<()> {
        match self.readable_units()? {
            None => Ok(()),
            Some(units) if units.iter().any(|u| u == unit) => Ok(()),
            Some(_) => Err(ApiError::forbidden(format!(
                "token ini tidak boleh membaca unit '{unit}'"
            ))),
        }
    }

    /// May write `side` (`unit` or `tpi`) of the unit.
    pub fn may_write(&self, unit: &str, side: &str) -> ApiResult<()> {
        // TPN's side is recorded by whoever received the LHE: the unit
        // itself or an evaluator assigned to it.
        let role_fits = matches!(
            (self.role, side),
            (TokenRole::Unit, "unit" | "tpn") | (TokenRole::Evaluator, "tpi" | "tpn")
        );
        if !role_fits {
            let who = match side {
                "unit" => "token tim unit",
                "tpn" => "token tim unit atau evaluator (TPI) unit itu",
                _ => "token evaluator (TPI)",
            };
            return Err(ApiError::forbidden(format!(
                "sisi {side} hanya boleh ditulis oleh {who}; token ini berperan {}",
                self.role.as_str()
            )));
        }
        if !self.units.iter().any(|u| u == unit) {
            return Err(ApiError::forbidden(format!(
                "token ini tidak boleh menulis unit '{unit}'"
            )));
        }
        Ok(())
    }

    /// Must be one of `roles`.
    pub fn require(&self, roles: &[TokenRole], what: &str) -> ApiResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "{what} tidak boleh dilakukan dengan token berperan {}",
                self.role.as_str()
            )))
        }
    }
}

/// A new token's secret.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{PREFIX}{}", hex(&bytes)))
}

/// What is stored of a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The bearer token of a request.
pub fn bearer(headers: &HeaderMap) -> ApiResult<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized("tidak ada token; kirim 'Authorization: Bearer <token>'")
        })?
        .to_str()
        .map_err(|_| ApiError::unauthorized("token tidak sah"))?;
    let token = value
        .strip_prefix("Bearer ")
        .ok_or_else(|| {
            ApiError::unauthorized("kirim token sebagai 'Authorization: Bearer <token>'")
        })?
        .trim();
    if token.is_empty() || token.len() > 200 {
        return Err(ApiError::unauthorized("token tidak sah"));
    }
    Ok(token)
}

/// Check a unit code from a path or body: the one rule of
/// `daduk_wire::UnitCode`, the desktop's too.
pub fn check_unit_code(code: &str) -> ApiResult<()> {
    daduk_wire::UnitCode::parse(code)
        .map(|_| ())
        .map_err(|e| ApiError::invalid(format!("kode unit tidak sah: {e}")))
}

/// Check a SHA-256 from a path: 64 lowercase hex.
pub fn check_sha(sha: &str) -> ApiResult<()> {
    if sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "SHA-256 tidak sah: harus 64 karakter heksadesimal huruf kecil",
        ))
    }
}

/// Check a year from a path.
pub fn check_year(year: i32) -> ApiResult<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!("tahun {year} tidak sah")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: TokenRole, units: &[&str]) -> Caller {
        Caller {
            token_id: 1,
            role,
            label: "t".into(),
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn roles_and_units_are_checked_together() {
        let unit = caller(TokenRole::Unit, &["A"]);
        assert!(unit.may_read("A").is_ok());
        assert_eq!(unit.may_read("B").unwrap_err().status, 403);
        assert!(unit.may_write("A", "unit").is_ok());
        assert_eq!(unit.may_write("A", "tpi").unwrap_err().status, 403);
        assert_eq!(unit.may_write("B", "unit").unwrap_err().status, 403);
        let tpi = caller(TokenRole::Evaluator, &["A", "C"]);
        assert!(tpi.may_write("C", "tpi").is_ok());
        assert_eq!(tpi.may_write("C", "unit").unwrap_err().status, 403);
        let admin = caller(TokenRole::Admin, &[]);
        assert!(admin.may_read("Z").is_ok());
        assert_eq!(admin.may_write("Z", "unit").unwrap_err().status, 403);
        let rb = caller(TokenRole::Integration, &[]);
        assert_eq!(rb.may_read("A").unwrap_err().status, 403);
    }

    #[test]
    fn path_values_are_checked_before_use() {
        for bad in [
            "",
            "../x",
            "a/b",
            "a b",
            "x'; DROP TABLE units;--",
            ".",
            "..",
            &"A".repeat(33),
            "-rf",
            "CON",
            "A.",
        ] {
            assert!(check_unit_code(bad).is_err(), "{bad}");
        }
        check_unit_code("DINKES-01.a_b").unwrap();
        assert!(check_sha(&"A".repeat(64)).is_err());
        assert!(check_sha("../../etc/passwd").is_err());
        check_sha(&"0f".repeat(32)).unwrap();
        assert!(check_year(99999).is_err());
        let t = new_token().unwrap();
        assert!(t.starts_with(PREFIX) && t.len() == PREFIX.len() + 64);
        assert_ne!(t, new_token().unwrap());
        assert_eq!(token_hash(&t).len(), 32);
    }
}
