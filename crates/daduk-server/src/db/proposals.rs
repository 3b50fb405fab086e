//! The active evaluation, frozen proposals and the overview's rows.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::GenericClient;

use super::PgResult;

/// The active evaluation: (year, start, end).
pub async fn evaluation(
    c: &impl GenericClient,
) -> PgResult<Option<(i32, Option<NaiveDate>, Option<NaiveDate>)>> {
    Ok(c.query_opt(
        &c.prepare_cached("SELECT year, proposal_start, proposal_end FROM evaluation WHERE id = 1")
            .await?,
        &[],
    )
    .await?
    .map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// Set the active evaluation.
pub async fn set_evaluation(
    c: &impl GenericClient,
    year: i32,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> PgResult<()> {
    c.execute(
        &c.prepare_cached(
            "INSERT INTO evaluation (id, year, proposal_start, proposal_end) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET year = $1, proposal_start = $2, proposal_end = $3",
        )
        .await?,
        &[&year, &start, &end],
    )
    .await?;
    Ok(())
}

/// A frozen proposal.
#[derive(Debug, Clone)]
pub struct ProposalRow {
    /// Unit.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Predicate.
    pub predicate: String,
    /// The unit's name served.
    pub nama: String,
    /// Unit version frozen.
    pub unit_version: i64,
    /// TPI version frozen.
    pub tpi_version: i64,
    /// The PortalRB answers body served.
    pub body: String,
    /// Its SHA-256.
    pub body_sha256: String,
    /// When.
    pub frozen_at: DateTime<Utc>,
}

const PROPOSAL_COLS: &str =
    "unit, year, predicate, unit_version, tpi_version, body, body_sha256, frozen_at, nama";

fn proposal_row(r: &tokio_postgres::Row) -> ProposalRow {
    ProposalRow {
        unit: r.get(0),
        year: r.get(1),
        predicate: r.get(2),
        unit_version: r.get(3),
        tpi_version: r.get(4),
        body: r.get(5),
        body_sha256: r.get(6),
        frozen_at: r.get(7),
        nama: r.get(8),
    }
}

/// The units proposed for `year`: (code, predicate, nama), by code.
pub async fn proposed_units(
    c: &impl GenericClient,
    year: i32,
) -> PgResult<Vec<(String, String, String)>> {
    Ok(c.query(
        &c.prepare_cached(
            "SELECT unit, predicate, nama FROM proposals WHERE year = $1 ORDER BY unit",
        )
        .await?,
        &[&year],
    )
    .await?
    .into_iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

/// Freeze a proposal; false when one is already frozen for the unit and
/// year — unless `replace`: then the frozen one is replaced in the same
/// statement, so readers see the old snapshot or the new, never none.
pub async fn freeze_proposal(
    c: &impl GenericClient,
    p: &ProposalRow,
    unit_manifest: &str,
    tpi_manifest: Option<&str>,
    replace: bool,
) -> PgResult<bool> {
    let on_conflict = if replace {
        "DO UPDATE SET predicate = $3, unit_version = $4, tpi_version = $5, unit_manifest = $6,
             tpi_manifest = $7, body = $8, body_sha256 = $9, nama = $10, frozen_at = now()"
    } else {
        "DO NOTHING"
    };
    Ok(c.execute(
        &format!(
            "INSERT INTO proposals (unit, year, predicate, unit_version, tpi_version, unit_manifest, tpi_manifest, body, body_sha256, nama)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (unit, year) {on_conflict}"
        ),
        &[
            &p.unit,
            &p.year,
            &p.predicate,
            &p.unit_version,
            &p.tpi_version,
            &unit_manifest,
            &tpi_manifest,
            &p.body,
            &p.body_sha256,
            &p.nama,
        ],
    )
    .await?
        > 0)
}

/// Re-open a proposal; false when none was frozen.
pub async fn delete_proposal(c: &impl GenericClient, unit: &str, year: i32) -> PgResult<bool> {
    Ok(c.execute(
        &c.prepare_cached("DELETE FROM proposals WHERE unit = $1 AND year = $2")
            .await?,
        &[&unit, &year],
    )
    .await?
        > 0)
}

/// The frozen proposals (of `year`, or every year).
pub async fn proposals(c: &impl GenericClient, year: Option<i32>) -> PgResult<Vec<ProposalRow>> {
    let rows = match year {
        Some(y) => {
            c.query(
                &format!("SELECT {PROPOSAL_COLS} FROM proposals WHERE year = $1 ORDER BY unit"),
                &[&y],
            )
            .await?
        }
        None => {
            c.query(
                &format!("SELECT {PROPOSAL_COLS} FROM proposals ORDER BY year, unit"),
                &[],
            )
            .await?
        }
    };
    Ok(rows.iter().map(proposal_row).collect())
}

/// One frozen proposal.
pub async fn proposal(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
) -> PgResult<Option<ProposalRow>> {
    Ok(c.query_opt(
        &format!("SELECT {PROPOSAL_COLS} FROM proposals WHERE unit = $1 AND year = $2"),
        &[&unit, &year],
    )
    .await?
    .as_ref()
    .map(proposal_row))
}

/// One assessment of the overview as stored: its versions (the figures are
/// computed from the sides, see `summary`), last syncs and proposal.
#[derive(Debug, Clone)]
pub struct OverviewRow {
    /// Unit code.
    pub unit: String,
    /// The unit's name as registered.
    pub nama: String,
    /// Year.
    pub year: i32,
    /// Unit side version (0 before the first push).
    pub unit_version: i64,
    /// TPI side version.
    pub tpi_version: i64,
    /// TPN side version.
    pub tpn_version: i64,
    /// Last unit sync.
    pub unit_synced_at: Option<DateTime<Utc>>,
    /// Last TPI sync.
    pub tpi_synced_at: Option<DateTime<Utc>>,
    /// Proposed as.
    pub proposed: Option<String>,
}

/// The overview rows: every assessment of `units` (all when `None`) with its
/// versions, the unit's name and the proposal, if any.
pub async fn overview_rows(
    c: &impl GenericClient,
    units: Option<&[String]>,
) -> PgResult<Vec<OverviewRow>> {
    let sql = "SELECT a.unit, u.nama, a.year, a.unit_version, a.tpi_version, a.unit_synced_at,
                      a.tpi_synced_at, p.predicate, a.tpn_version
               FROM assessments a JOIN units u ON u.code = a.unit
               LEFT JOIN proposals p ON p.unit = a.unit AND p.year = a.year
               WHERE ($1::text[] IS NULL OR a.unit = ANY($1))
               ORDER BY a.unit, a.year";
    let units: Option<Vec<String>> = units.map(<[String]>::to_vec);
    Ok(c.query(sql, &[&units])
        .await?
        .into_iter()
        .map(|r| OverviewRow {
            unit: r.get(0),
            nama: r.get(1),
            year: r.get(2),
            unit_version: r.get(3),
            tpi_version: r.get(4),
            unit_synced_at: r.get(5),
            tpi_synced_at: r.get(6),
            proposed: r.get(7),
            tpn_version: r.get(8),
        })
        .collect())
}
