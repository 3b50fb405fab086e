//! The bodies of blob uploads and queries (`/api/v1/blobs`, `/api/v1/uploads`).

use serde::{Deserialize, Serialize};

/// `POST /api/v1/blobs/{sha256}/uploads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadStart {
    /// The blob's size in bytes.
    pub size: u64,
}

/// The answer to [`UploadStart`]: a new upload, or the unfinished one for
/// the same hash and size with the parts it already has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadState {
    /// Where to send the parts.
    pub upload_id: String,
    /// Every part but the last is exactly this many bytes.
    pub part_size: u64,
    /// The parts the server holds, 0-based, ascending.
    pub parts_received: Vec<u32>,
}

impl UploadState {
    /// How many parts a blob of `size` bytes has (at least one: an empty
    /// blob is one empty part).
    pub fn part_count(&self, size: u64) -> u32 {
        part_count(size, self.part_size)
    }
}

/// How many parts a blob of `size` bytes has in parts of `part_size`.
pub fn part_count(size: u64, part_size: u64) -> u32 {
    if size == 0 || part_size == 0 {
        1
    } else {
        u32::try_from(size.div_ceil(part_size)).unwrap_or(u32::MAX)
    }
}

/// `POST /api/v1/uploads/{id}/complete` → 201 (new) or 200 (already stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobStored {
    /// The blob's SHA-256.
    pub sha256: String,
    /// Its size.
    pub size: u64,
}

/// The most blobs one [`BlobQuery`] may ask about.
pub const MAX_BLOB_QUERY: usize = 10_000;

/// A blob named by hash and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlobRef {
    /// Its SHA-256 (64 lowercase hex digits).
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// `POST /api/v1/blobs/missing`: which of these blobs must still be
/// uploaded (at most [`MAX_BLOB_QUERY`]) — one request where a sync would
/// otherwise ask `HEAD` for every file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlobQuery {
    /// The blobs.
    pub blobs: Vec<BlobRef>,
}

/// The answer to [`BlobQuery`]: the hashes the caller's units may not use
/// yet (not stored, another unit's, or stored with another size), in the
/// order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlobs {
    /// Their hashes.
    pub missing: Vec<String>,
}
