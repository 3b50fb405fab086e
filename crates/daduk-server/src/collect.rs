//! Uploads started and never completed (a laptop gone for good) are
//! removed after a while: their parts only. Blobs are never deleted here.

use futures::TryStreamExt;
use object_store::ObjectStore;

use crate::db;

/// Remove uploads abandoned for more than `hours` (started, never
/// completed): every object under their prefix, then their rows. Blobs are
/// never touched — an upload's parts are not evidence until the server has
/// hashed the whole. Returns (uploads, part objects) removed.
pub async fn abandoned_uploads(
    pool: &deadpool_postgres::Pool,
    store: &dyn ObjectStore,
    hours: u32,
) -> anyhow::Result<(usize, usize)> {
    let mut client = pool.get().await?;
    let hours = i32::try_from(hours).unwrap_or(i32::MAX);
    let mut removed = 0;
    let mut parts = 0;
    for id in db::old_uploads(&client, hours).await? {
        // Claimed like a completion: an upload being completed right now is
        // left alone, and the claim ends with this transaction.
        let tx = client.transaction().await?;
        if !db::claim_upload(&tx, &id).await? {
            continue;
        }
        let prefix = object_store::path::Path::from(format!("uploads/{id}"));
        let keys: Vec<_> = store
            .list(Some(&prefix))
            .map_ok(|m| m.location)
            .try_collect()
            .await?;
        for key in keys {
            store.delete(&key).await?;
            parts += 1;
        }
        db::delete_upload(&tx, &id).await?;
        tx.commit().await?;
        removed += 1;
    }
    if removed > 0 {
        db::audit(
            &client,
            None,
            "daduk-server",
            "uploads-collected",
            None,
            None,
            &format!(
                "{removed} unggahan terbengkalai (lebih dari {hours} jam) dihapus, {parts} potongan"
            ),
        )
        .await?;
    }
    Ok((removed, parts))
}
