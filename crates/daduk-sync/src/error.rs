//! Every way a request can fail, and what people are told about it.

use daduk_wire as wire;
use daduk_workspace::Error;
use daduk_workspace::text::shown;

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
        /// Seconds the server asked to wait (`Retry-After`).
        retry_after: Option<u64>,
    },
    /// The file to send could not be read, or is not what was recorded:
    /// this file only.
    File(String),
    /// Something on this side (a malformed answer).
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
            // rustls reports a refused certificate through the stream, as
            // an I/O error wrapping its own.
            E::Io(io) => match io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                Some(r) => Fail::Tls {
                    server,
                    detail: tls_detail(r),
                },
                None => Fail::Network {
                    server,
                    detail: daduk_workspace::error::plain_io(&io),
                    timeout: false,
                },
            },
            E::BodyExceedsLimit(n) => Fail::Local(format!(
                "jawaban server {server} lebih besar dari batas ({n} bita); tidak dibaca"
            )),
            E::Tls(t) => Fail::Tls {
                server,
                detail: format!("pengaturan TLS ({t})"),
            },
            E::Rustls(r) => Fail::Tls {
                server,
                detail: tls_detail(&r),
            },
            E::Protocol(p) => Fail::Network {
                server,
                detail: format!("jawaban bukan HTTP yang sah ({p})"),
                timeout: false,
            },
            other => Fail::Network {
                server,
                detail: format!("galat jaringan ({other})"),
                timeout: false,
            },
        }
    }

    /// A file that could not be read for sending.
    pub(crate) fn file(path: &std::path::Path, e: &std::io::Error) -> Fail {
        Fail::File(format!(
            "berkas {} tidak dapat dibaca: {}",
            path.display(),
            daduk_workspace::error::plain_io(e)
        ))
    }

    fn code(&self) -> Option<&str> {
        match self {
            Fail::Status { body: Some(b), .. } => Some(b.code.as_str()),
            _ => None,
        }
    }

    /// Seconds the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Fail::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A failure of this file only (too large for the server, over the
    /// token's quota, bytes that do not match, unreadable here): the
    /// others can still go.
    pub fn only_this_file(&self) -> bool {
        match self {
            Fail::File(_) => true,
            Fail::Status { status, .. } => {
                matches!(status, 404 | 409 | 413 | 422 | 507)
            }
            _ => false,
        }
    }

    /// Worth trying again at once (a broken connection, a server
    /// restarting or briefly without its database or store).
    pub fn retryable(&self) -> bool {
        match self {
            Fail::Network { .. } => true,
            Fail::Status { status, .. } => {
                matches!(status, 429 | 502..=504) || self.code() == Some(wire::codes::UPLOAD_BUSY)
            }
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
            Fail::Tls { server, detail } => {
                format!("sambungan aman (TLS) ke {server} gagal: {}", shown(detail))
            }
            Fail::Status {
                status,
                body,
                server,
                ..
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
                    409 if self.code() == Some(wire::codes::VERSION_CONFLICT) => format!(
                        "terjadi konflik versi: {}",
                        said_or(
                            "data di server berubah sejak sinkronisasi terakhir; sinkronkan lagi"
                        )
                    ),
                    409 => format!(
                        "server belum dapat menerimanya: {}",
                        said_or(
                            "permintaan lain sedang mengerjakan hal yang sama; coba lagi sebentar lagi"
                        )
                    ),
                    507 => format!(
                        "ruang server untuk token ini penuh: {}",
                        said_or("kirim dulu jawaban yang merujuk berkas yang sudah diunggah")
                    ),
                    408 => format!(
                        "server memutus permintaan yang terlalu lambat: {}; periksa jaringan lalu sinkronkan lagi",
                        said_or("pengiriman terlalu lambat")
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
            Fail::File(m) | Fail::Local(m) => m.clone(),
            Fail::Cancelled => "sinkronisasi dibatalkan".into(),
        }
    }
}

/// What people are told of a TLS failure: a certificate the computer does
/// not trust is named as such, with what to do.
fn tls_detail(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => {
            let why = match c {
                C::UnknownIssuer => "penerbitnya tidak dikenal komputer ini".to_string(),
                C::Expired | C::ExpiredContext { .. } => "sudah kedaluwarsa".to_string(),
                C::NotValidYet | C::NotValidYetContext { .. } => {
                    "belum berlaku (periksa jam komputer)".to_string()
                }
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    "bukan untuk nama server ini".to_string()
                }
                C::Revoked => "sudah dicabut penerbitnya".to_string(),
                other => format!("{other:?}"),
            };
            format!(
                "sertifikat server tidak dipercaya ({why}); bila instansi memakai CA sendiri, pasang sertifikat CA-nya di komputer ini atau berikan berkasnya dengan --ca-file"
            )
        }
        rustls::Error::NoCertificatesPresented => {
            "server tidak mengirim sertifikat; periksa alamatnya (https)".into()
        }
        other => format!(
            "jabat tangan TLS gagal ({other}); periksa alamatnya (https) dan sertifikat server"
        ),
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
