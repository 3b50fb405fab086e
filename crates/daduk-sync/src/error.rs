//! Every way a request can fail, and what people are told about it.

use daduk_core::Error;
use daduk_core::text::shown;
use daduk_wire as wire;

/// A failed request.
#[derive(Debug)]
pub enum Fail {
    /// The server could not be reached, or the connection broke.
    Network {
        /// The server.
        server: String,
        /// What the system said.
        detail: String,
        /// It timed out.
        timeout: bool,
    },
    /// TLS could not be set up (certificate, protocol).
    Tls {
        /// The server.
        server: String,
        /// What failed.
        detail: String,
    },
    /// The server answered with an error status.
    Status {
        /// The HTTP status.
        status: u16,
        /// Its error body, when it had the protocol's shape.
        body: Option<Box<wire::ErrorBody>>,
        /// The server.
        server: String,
    },
    /// Something on this side (a file, a malformed answer).
    Local(String),
    /// The user stopped it.
    Cancelled,
}

impl Fail {
    /// A transport error from the HTTP library.
    pub(crate) fn transport(server: &str, e: ureq::Error) -> Fail {
        use ureq::Error as E;
        let server = server.to_string();
        match e {
            E::Timeout(_) => Fail::Network {
                server,
                detail: "waktu habis".into(),
                timeout: true,
            },
            E::HostNotFound => Fail::Network {
                server,
                detail: "nama server tidak ditemukan".into(),
                timeout: false,
            },
            E::ConnectionFailed => Fail::Network {
                server,
                detail: "sambungan ditolak".into(),
                timeout: false,
            },
            E::Io(io) => Fail::Network {
                server,
                detail: daduk_core::error::plain_io(&io),
                timeout: false,
            },
            E::BodyExceedsLimit(n) => Fail::Local(format!(
                "jawaban server {server} lebih besar dari batas ({n} bita); tidak dibaca"
            )),
            E::Tls(t) => Fail::Tls {
                server,
                detail: t.to_string(),
            },
            E::Rustls(r) => Fail::Tls {
                server,
                detail: r.to_string(),
            },
            E::Protocol(p) => Fail::Network {
                server,
                detail: format!("jawaban bukan HTTP yang sah ({p})"),
                timeout: false,
            },
            other => Fail::Network {
                server,
                detail: other.to_string(),
                timeout: false,
            },
        }
    }

    /// Worth trying again at once (a broken connection, a server
    /// restarting or briefly without its database or store).
    pub fn retryable(&self) -> bool {
        match self {
            Fail::Network { .. } => true,
            Fail::Status { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// The message for people.
    pub fn message(&self) -> String {
        match self {
            Fail::Network {
                server,
                detail,
                timeout: true,
            } => format!(
                "server {server} tidak menjawab tepat waktu ({detail}); periksa jaringan, lalu sinkronkan lagi (yang sudah terkirim tidak diulang)"
            ),
            Fail::Network { server, detail, .. } => format!(
                "server {server} tidak dapat dihubungi ({detail}); periksa alamat server dan jaringan, lalu sinkronkan lagi (yang sudah terkirim tidak diulang)"
            ),
            Fail::Tls { server, detail } => format!(
                "sambungan aman (TLS) ke {server} gagal: {}; periksa alamatnya (https) dan sertifikat server",
                shown(detail)
            ),
            Fail::Status {
                status,
                body,
                server,
            } => {
                let said = body
                    .as_ref()
                    .map(|b| shown(&b.message))
                    .filter(|m| !m.is_empty());
                let said_or = |default: &str| said.clone().unwrap_or_else(|| default.to_string());
                match status {
                    401 => format!(
                        "token ditolak server {server} (tidak dikenal, dicabut atau kedaluwarsa); minta token baru kepada admin server"
                    ),
                    403 => format!(
                        "token ini tidak berhak atas permintaan itu: {}",
                        said_or(
                            "unit atau sisi ini bukan bagian token Anda; minta admin menugaskannya"
                        )
                    ),
                    404 => said_or("tidak ada di server"),
                    409 => format!(
                        "terjadi konflik versi: {}",
                        said_or(
                            "data di server berubah sejak sinkronisasi terakhir; sinkronkan lagi"
                        )
                    ),
                    413 => format!(
                        "terlalu besar untuk server: {}",
                        said_or("kirim yang lebih kecil")
                    ),
                    429 => {
                        "server sedang membatasi permintaan; tunggu sebentar lalu sinkronkan lagi"
                            .into()
                    }
                    502..=504 => format!(
                        "server {server} belum dapat melayani: {}",
                        said_or(
                            "basis data atau penyimpanan berkasnya tidak terjangkau; coba lagi nanti"
                        )
                    ),
                    400..=499 => format!(
                        "server menolak permintaan ({status}): {}",
                        said_or("tanpa penjelasan")
                    ),
                    _ => match said {
                        Some(m) => format!("server {server} mengalami galat ({status}): {m}"),
                        None => format!(
                            "server {server} menjawab {status} tanpa penjelasan; apakah alamat itu server Daduk?"
                        ),
                    },
                }
            }
            Fail::Local(m) => m.clone(),
            Fail::Cancelled => "sinkronisasi dibatalkan".into(),
        }
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl From<Fail> for Error {
    fn from(f: Fail) -> Error {
        Error::Invalid(f.message())
    }
}
