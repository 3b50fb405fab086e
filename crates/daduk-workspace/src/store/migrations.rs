//! Numbered SQL migrations, applied in one transaction at start-up.
//!
//! The schema version is SQLite's `user_version`. A migration is never edited
//! once released; a change is a new file appended to [`MIGRATIONS`].

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Every migration, in order; `MIGRATIONS[n]` takes version `n` to `n + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_evidence.sql"),
    include_str!("migrations/0003_packets.sql"),
    include_str!("migrations/0004_trust.sql"),
    include_str!("migrations/0005_portalrb.sql"),
    include_str!("migrations/0006_profile_assignments.sql"),
    include_str!("migrations/0007_plan.sql"),
    include_str!("migrations/0008_sync.sql"),
    include_str!("migrations/0009_sync_conflict_resolved.sql"),
    include_str!("migrations/0010_realisation_unrecorded.sql"),
    include_str!("migrations/0011_one_conflict_table.sql"),
    include_str!("migrations/0012_content.sql"),
    include_str!("migrations/0013_placed_by_content.sql"),
    include_str!("migrations/0014_years.sql"),
    include_str!("migrations/0015_tpn.sql"),
];

/// The schema version this build writes.
pub(crate) fn latest() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Bring the database up to [`latest`]; all pending steps or none.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest())
}

/// Bring the database up to `target` (tests use this to build old schemas).
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    if version(conn)? >= target {
        return check_not_newer(conn);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    // Read again inside the lock: another process may have migrated meanwhile.
    let current = version(&tx)?;
    for (n, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(n + 1).unwrap_or(i64::MAX),
        )?;
    }
    tx.commit()?;
    check_not_newer(conn)
}

fn check_not_newer(conn: &Connection) -> Result<()> {
    let v = version(conn)?;
    if v > latest() {
        return Err(Error::Invalid(format!(
            "ruang kerja ini dibuat oleh Daduk yang lebih baru (skema {v}, versi ini mengenal {}); perbarui Daduk",
            latest()
        )));
    }
    Ok(())
}
