//! The evidence store: an S3-compatible bucket (Garage, MinIO, any S3) or a
//! local folder, through `object_store`. Keys are content-addressed
//! (`blobs/sha256/<2 hex>/<64 hex>`); parts of unfinished uploads live under
//! `uploads/<id>/<n>` until the whole has been hashed.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore, RetryConfig};

use crate::config::Store;

/// Open the configured store (connections kept between requests).
pub fn open(c: &Store) -> Result<Arc<dyn ObjectStore>> {
    open_with(c, true)
}

/// The configured store again, for downloads: a fresh connection per
/// request. On a kept one, a store that writes a response's head and body
/// apart (Garage does, without TCP_NODELAY) waits for this side's delayed
/// ACK: 40 ms per download. Uploads keep their connections (a put's answer
/// is one write).
pub fn open_for_downloads(c: &Store) -> Result<Arc<dyn ObjectStore>> {
    open_with(c, false)
}

fn open_with(c: &Store, keep_connections: bool) -> Result<Arc<dyn ObjectStore>> {
    match c.kind.as_str() {
        "local" => {
            let root = c.path.as_ref().context("store.path belum diisi")?;
            std::fs::create_dir_all(root).with_context(|| {
                format!("folder penyimpanan {} tidak dapat dibuat", root.display())
            })?;
            Ok(Arc::new(LocalFileSystem::new_with_prefix(root)?))
        }
        _ => {
            let s3 = AmazonS3Builder::new()
                .with_bucket_name(&c.bucket)
                .with_endpoint(&c.endpoint)
                .with_region(if c.region.is_empty() {
                    "garage"
                } else {
                    &c.region
                })
                .with_access_key_id(&c.access_key_id)
                .with_secret_access_key(&c.secret_access_key)
                .with_virtual_hosted_style_request(false)
                // Client options replace the whole set: allow_http goes here.
                .with_client_options(
                    ClientOptions::new()
                        .with_allow_http(c.endpoint.starts_with("http://"))
                        .with_connect_timeout(Duration::from_secs(3))
                        .with_pool_max_idle_per_host(if keep_connections { usize::MAX } else { 0 })
                        .with_timeout(Duration::from_secs(120)),
                )
                .with_retry(RetryConfig {
                    max_retries: 2,
                    retry_timeout: Duration::from_secs(10),
                    ..RetryConfig::default()
                })
                .build()
                .context("penyimpanan S3 tidak dapat disiapkan")?;
            Ok(Arc::new(s3))
        }
    }
}

/// The key of a stored blob (the hash is checked before it gets here).
pub fn blob_key(sha: &str) -> Path {
    Path::from(format!("blobs/sha256/{}/{sha}", &sha[..2]))
}

/// The key of an upload's part (the id is the server's own).
pub fn part_key(upload_id: &str, n: u32) -> Path {
    Path::from(format!("uploads/{upload_id}/{n:06}"))
}
