//! SHA-256 digests as a type, and streaming hashing: the one place bytes
//! are hashed on their way somewhere ([`HashingWriter`], [`copy_chunks`]).

use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256 as Hasher};

/// A SHA-256 digest. Displays as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// The digest of a byte slice.
    pub fn of_bytes(bytes: &[u8]) -> Sha256 {
        Sha256(Hasher::digest(bytes).into())
    }

    /// The digest of everything `reader` yields, read in fixed-size chunks so
    /// memory stays flat whatever the size. Returns the digest and the length.
    pub fn of_reader(mut reader: impl Read) -> io::Result<(Sha256, u64)> {
        let mut sink = HashingWriter::new(io::sink());
        copy_chunks(&mut reader, &mut sink, &AtomicBool::new(false), &|_| {})?;
        Ok(sink.finish())
    }

    /// The 64-digit hex form.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }

    /// The first `n` hex digits, for display.
    pub fn short(&self, n: usize) -> String {
        let mut s = self.to_hex();
        s.truncate(n);
        s
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({self})")
    }
}

/// A writer that hashes and counts what passes through it.
#[derive(Debug)]
pub struct HashingWriter<W> {
    inner: W,
    hasher: Hasher,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Hash what is written to `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Hasher::new(),
            len: 0,
        }
    }

    /// The writer underneath.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// The digest and the number of bytes written.
    pub fn finish(self) -> (Sha256, u64) {
        let (_, sha, len) = self.into_parts();
        (sha, len)
    }

    /// The writer underneath, the digest and the number of bytes written.
    pub fn into_parts(self) -> (W, Sha256, u64) {
        (self.inner, Sha256(self.hasher.finalize().into()), self.len)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// How a [`copy_chunks`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// Everything was copied: this many bytes.
    Done(u64),
    /// `cancel` was set; part may have been copied.
    Cancelled,
}

/// Size of a copy's read buffer: large enough to keep SHA-256 and the disk
/// busy, small enough that memory stays flat with many copies in flight.
pub const CHUNK: usize = 1024 * 1024;

/// Copy `reader` into `writer` in [`CHUNK`]-sized reads, checking `cancel`
/// between chunks and telling `on_bytes` of each.
pub fn copy_chunks(
    reader: &mut dyn Read,
    writer: &mut dyn Write,
    cancel: &AtomicBool,
    on_bytes: &dyn Fn(u64),
) -> io::Result<Copied> {
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(Copied::Cancelled);
        }
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(Copied::Done(total)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        writer.write_all(&buf[..n])?;
        total += n as u64;
        on_bytes(n as u64);
    }
}

/// A text that is not 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' bukan SHA-256 (harus 64 digit heksadesimal)")]
pub struct Sha256ParseError(pub String);

impl FromStr for Sha256 {
    type Err = Sha256ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || Sha256ParseError(s.to_string());
        if s.len() != 64 || !s.is_ascii() {
            return Err(err());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| err())?;
        }
        Ok(Sha256(out))
    }
}

impl Serialize for Sha256 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // sha256sum of the empty input and of "abc".
        assert_eq!(
            Sha256::of_bytes(b"").to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let (d, len) = Sha256::of_reader(&b"abc"[..]).unwrap();
        assert_eq!(
            d.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(len, 3);
    }

    #[test]
    fn parses_its_own_display() {
        let d = Sha256::of_bytes(b"daduk");
        assert_eq!(d.to_hex().parse::<Sha256>().unwrap(), d);
        assert!("xyz".parse::<Sha256>().is_err());
        assert!("g".repeat(64).parse::<Sha256>().is_err());
        assert_eq!(d.short(12).len(), 12);
    }
}
