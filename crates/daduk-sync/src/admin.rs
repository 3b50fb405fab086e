//! Administration over the HTTP API (role `admin`): tokens, units, the
//! evaluation year and its proposal period, the instansi's prerequisites,
//! proposals, PortalRB's fetches.

use daduk_wire as wire;
use daduk_workspace::{Error, Result};

use super::{Client, MAX_SMALL_JSON, check_unit};

fn check_date(what: &str, d: &str) -> Result<()> {
    chrono_like(d).then_some(()).ok_or_else(|| {
        Error::Invalid(format!(
            "{what} '{}' tidak sah; tulis TTTT-BB-HH, misalnya 2026-03-31",
            daduk_workspace::text::shown(d)
        ))
    })
}

/// `YYYY-MM-DD` with a plausible month and day (the server checks the
/// calendar).
fn chrono_like(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&d[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&d[8..10].parse::<u32>().unwrap_or(0))
}

impl Client {
    /// Create a token; the answer holds the secret, shown this once.
    pub fn create_token(
        &self,
        role: wire::TokenRole,
        units: &[String],
        label: &str,
    ) -> Result<wire::CreatedToken> {
        for u in units {
            check_unit(u)?;
        }
        match role {
            wire::TokenRole::Unit | wire::TokenRole::Evaluator if units.is_empty() => {
                return Err(Error::Invalid(format!(
                    "token {} memerlukan paling sedikit satu --unit KODE",
                    role.as_str()
                )));
            }
            wire::TokenRole::Admin | wire::TokenRole::Integration if !units.is_empty() => {
                return Err(Error::Invalid(format!(
                    "token {} tidak dibatasi unit; hapus --unit",
                    role.as_str()
                )));
            }
            _ => {}
        }
        Ok(self.json(
            "POST",
            "/admin/tokens",
            Some(&wire::CreateToken {
                role,
                units: units.to_vec(),
                label: label.to_string(),
                expires_at: None,
            }),
            MAX_SMALL_JSON,
        )?)
    }

    /// Every token (never their secrets).
    pub fn tokens(&self) -> Result<Vec<wire::TokenInfo>> {
        Ok(self.json("GET", "/admin/tokens", None::<&()>, MAX_SMALL_JSON)?)
    }

    /// Revoke a token.
    pub fn revoke_token(&self, id: i64) -> Result<()> {
        let resp = self.send("DELETE", &format!("/admin/tokens/{id}"), None)?;
        self.ok(resp)?;
        Ok(())
    }

    /// Create or change a unit.
    pub fn put_unit(&self, code: &str, unit: &wire::PutUnit) -> Result<()> {
        check_unit(code)?;
        let resp = self.send(
            "PUT",
            &format!("/admin/units/{code}"),
            Some((
                "application/json",
                &serde_json::to_vec(unit).map_err(|e| Error::Invalid(e.to_string()))?,
            )),
        )?;
        self.ok(resp)?;
        Ok(())
    }

    /// Set the evaluation year and its proposal period.
    pub fn put_evaluation(&self, e: &wire::Evaluation) -> Result<()> {
        for (what, d) in [
            ("tanggal mulai", &e.proposal_start),
            ("tanggal akhir", &e.proposal_end),
        ] {
            if let Some(d) = d {
                check_date(what, d)?;
            }
        }
        let resp = self.send(
            "PUT",
            "/admin/evaluation",
            Some((
                "application/json",
                &serde_json::to_vec(e).map_err(|e| Error::Invalid(e.to_string()))?,
            )),
        )?;
        self.ok(resp)?;
        Ok(())
    }

    /// Propose a unit: freeze both sides for PortalRB.
    pub fn propose(&self, p: &wire::Propose) -> Result<wire::Proposal> {
        check_unit(&p.unit)?;
        Ok(self.json("POST", "/admin/proposals", Some(p), MAX_SMALL_JSON)?)
    }

    /// The frozen proposals, each naming the instansi's prerequisites it lacks.
    pub fn proposals(&self) -> Result<Vec<wire::Proposal>> {
        Ok(self.json("GET", "/admin/proposals", None::<&()>, MAX_SMALL_JSON)?)
    }

    /// The instansi's prerequisites of `year`: values, what they meet, what
    /// is missing per predicate.
    pub fn prerequisites(&self, year: i32) -> Result<wire::PrerequisitesOfYear> {
        Ok(self.json(
            "GET",
            &format!("/admin/prerequisites/{year}"),
            None::<&()>,
            MAX_SMALL_JSON,
        )?)
    }

    /// Record prerequisites of `year` (the server checks every value and
    /// writes none when one is bad); the year as it stands after.
    pub fn put_prerequisites(
        &self,
        year: i32,
        values: Vec<wire::PrerequisiteInput>,
    ) -> Result<wire::PrerequisitesOfYear> {
        if values.is_empty() {
            return Err(Error::Invalid(
                "tulis paling sedikit satu KODE=NILAI, misalnya opini_bpk=WTP".into(),
            ));
        }
        Ok(self.json(
            "PUT",
            &format!("/admin/prerequisites/{year}"),
            Some(&wire::PutPrerequisites { values }),
            MAX_SMALL_JSON,
        )?)
    }

    /// Remove a prerequisite value recorded by mistake.
    pub fn clear_prerequisite(&self, year: i32, code: &str) -> Result<wire::PrerequisitesOfYear> {
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(Error::Invalid(format!(
                "kode prasyarat '{}' tidak sah; lihat `daduk admin prerequisites show`",
                daduk_workspace::text::shown(code)
            )));
        }
        Ok(self.json(
            "DELETE",
            &format!("/admin/prerequisites/{year}/{code}"),
            None::<&()>,
            MAX_SMALL_JSON,
        )?)
    }

    /// Re-open a proposal.
    pub fn unpropose(&self, unit: &str, year: i32) -> Result<()> {
        check_unit(unit)?;
        let resp = self.send("DELETE", &format!("/admin/proposals/{unit}/{year}"), None)?;
        self.ok(resp)?;
        Ok(())
    }

    /// What PortalRB received.
    pub fn fetches(&self) -> Result<Vec<wire::FetchRow>> {
        Ok(self.json("GET", "/admin/fetches", None::<&()>, MAX_SMALL_JSON)?)
    }

    /// The instansi overview (`GET /overview`): every assessment with both
    /// sides' figures, as the server computes them with the domain's rules.
    pub fn overview(&self) -> Result<serde_json::Value> {
        Ok(self.json("GET", "/overview", None::<&()>, wire::MAX_JSON_BYTES as u64)?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_checked_before_they_are_sent() {
        assert!(super::chrono_like("2026-03-31"));
        for bad in ["2026-3-31", "2026-13-01", "31-03-2026", "2026-03-3x", ""] {
            assert!(!super::chrono_like(bad), "{bad}");
        }
    }
}
