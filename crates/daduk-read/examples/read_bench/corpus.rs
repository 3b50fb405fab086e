//! A corpus of realistic Indonesian government documents with what each
//! truly is (kind, date, number, item): written as text PDFs and Word
//! files, and as the pictures people really attach — scans at 150–200 dpi
//! with skew, noise and JPEG artefacts, scanned PDFs, phone photos of
//! paper and of event banners — all under names that say nothing.

use chrono::NaiveDate;
use daduk_doc::model::{Block, Doc, Signature};

/// One document and the truth about it.
pub struct Spec {
    pub kind: &'static str,
    pub item: &'static str,
    pub date: NaiveDate,
    pub number: Option<String>,
    pub doc: Doc,
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const UNITS: [(&str, &str, &str); 4] = [
    ("DINAS KESEHATAN", "KABUPATEN BULELENG", "Singaraja"),
    ("BADAN PUSAT STATISTIK", "KOTA PAREPARE", "Parepare"),
    ("KANTOR PERTANAHAN", "KABUPATEN SLEMAN", "Sleman"),
    (
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "KOTA MALANG",
        "Malang",
    ),
];

pub fn long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn letter(unit: (&str, &str, &str), date: NaiveDate, blocks: Vec<Block>) -> Doc {
    Doc {
        title: format!("{} {}", unit.0, unit.1),
        subject: format!("Jl. Pahlawan No. {} {}", date.format("%d"), unit.2),
        date,
        blocks,
    }
}

fn signed(unit: (&str, &str, &str), lines: Vec<String>) -> Block {
    Block::Signature(Signature {
        lines,
        role: format!("Kepala {},", title_case(unit.0)),
        name: "Dr. I Made Suwena, M.Si.".into(),
        nip: "NIP. 19700116 200312 1 005".into(),
    })
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The corpus: `n` documents, each kind in turn, dates and numbers varied.
pub fn specs(n: usize) -> Vec<Spec> {
    (0..n).map(spec).collect()
}

fn spec(i: usize) -> Spec {
    let unit = UNITS[i % UNITS.len()];
    let month = (i * 5) % 12 + 1;
    let day = (i * 7) % 27 + 1;
    let date = NaiveDate::from_ymd_opt(2026, month as u32, day as u32).expect("a date");
    let place_date = format!("{}, {}", unit.2, long_date(date));
    let n = 100 + i * 13;
    let paragraph = |s: &str| Block::Paragraph(s.to_string());
    match i % 10 {
        0 => {
            let number = format!("800/{n}/SK/2026");
            let doc = letter(unit, date, vec![
                Block::Title(vec![
                    format!("KEPUTUSAN KEPALA {} {}", unit.0, unit.1),
                    format!("NOMOR {number}"),
                    "TENTANG".into(),
                    "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI".into(),
                ]),
                paragraph("Menimbang : a. bahwa dalam rangka pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi perlu dibentuk tim kerja; b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a perlu menetapkan Keputusan Kepala tentang Pembentukan Tim Kerja."),
                paragraph("Mengingat : Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas."),
                Block::Heading("MEMUTUSKAN".into()),
                paragraph("Menetapkan : KESATU membentuk Tim Kerja Pembangunan Zona Integritas dengan susunan keanggotaan sebagaimana tercantum dalam lampiran. KEDUA Tim Kerja bertugas menyusun rencana kerja dan melaksanakan pembangunan Zona Integritas. KETIGA Keputusan ini mulai berlaku pada tanggal ditetapkan."),
                signed(unit, vec![format!("Ditetapkan di {}", unit.2), format!("pada tanggal {}", long_date(date))]),
            ]);
            Spec {
                kind: "sk",
                item: "P.1.i.a",
                date,
                number: Some(number),
                doc,
            }
        }
        1 => {
            let number = format!("005/{n}/Sekr/2026");
            let doc = letter(
                unit,
                date,
                vec![
                    paragraph(&place_date),
                    paragraph(&format!("Nomor : {number}")),
                    paragraph("Lampiran : -"),
                    paragraph("Perihal : Undangan Sosialisasi Pembangunan Zona Integritas"),
                    paragraph("Yth. Seluruh Pegawai di Lingkungan Kantor"),
                    paragraph(
                        "Dengan hormat, dalam rangka mensosialisasikan pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi kepada seluruh pegawai, kami mengharap kehadiran Bapak/Ibu pada acara sosialisasi yang akan dilaksanakan di aula kantor pukul 09.00 WITA sampai selesai.",
                    ),
                    paragraph(
                        "Demikian undangan ini kami sampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
                    ),
                    signed(unit, vec![]),
                ],
            );
            Spec {
                kind: "undangan",
                item: "P.1.ii.c",
                date,
                number: Some(number),
                doc,
            }
        }
        2 => {
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "DAFTAR HADIR".into(),
                        "RAPAT PENYUSUNAN RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS".into(),
                    ]),
                    paragraph(&format!("Hari/Tanggal : {}", long_date(date))),
                    paragraph("Tempat : Ruang Rapat Lantai 2"),
                    paragraph("No. Nama NIP Jabatan Tanda Tangan"),
                    paragraph("1. I Ketut Sudarma 19750303 200501 1 002 Sekretaris ........"),
                    paragraph(
                        "2. Ni Luh Putu Ayu 19820412 200902 2 004 Kepala Subbagian Umum ........",
                    ),
                    paragraph("3. Made Wirawan 19880721 201101 1 003 Analis Kebijakan ........"),
                    paragraph("4. Siti Rahmawati 19900517 201503 2 006 Pranata Komputer ........"),
                ],
            );
            Spec {
                kind: "daftar_hadir",
                item: "P.1.ii.a",
                date,
                number: None,
                doc,
            }
        }
        3 => {
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "NOTULA RAPAT".into(),
                        "PENYUSUNAN RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS".into(),
                    ]),
                    paragraph(&format!("Hari/Tanggal : {}", long_date(date))),
                    paragraph("Pimpinan Rapat : Sekretaris"),
                    paragraph(
                        "Peserta Rapat : Tim Kerja Pembangunan Zona Integritas (daftar hadir terlampir)",
                    ),
                    paragraph(
                        "Pembahasan : Tim kerja membahas rencana kerja pembangunan Zona Integritas tahun 2026, target prioritas tiap area perubahan, jadwal pelaksanaan dan penanggung jawab kegiatan.",
                    ),
                    paragraph(
                        "Kesimpulan : Rencana kerja pembangunan Zona Integritas disepakati dan akan ditetapkan oleh Kepala Kantor. Setiap koordinator area menyerahkan rincian kegiatan paling lambat satu minggu setelah rapat.",
                    ),
                    signed(unit, vec![format!("{}", place_date), "Notulis,".into()]),
                ],
            );
            Spec {
                kind: "notula",
                item: "P.1.ii.a",
                date,
                number: None,
                doc,
            }
        }
        4 => {
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "LAPORAN MONITORING DAN EVALUASI".into(),
                        "PEMBANGUNAN ZONA INTEGRITAS TRIWULAN I TAHUN 2026".into(),
                    ]),
                    Block::Heading("BAB I PENDAHULUAN".into()),
                    paragraph(
                        "A. Latar Belakang. Monitoring dan evaluasi pembangunan Zona Integritas dilaksanakan untuk mengetahui kemajuan pelaksanaan rencana kerja dan hambatan yang dihadapi tim kerja pada setiap area perubahan.",
                    ),
                    Block::Heading("BAB II HASIL MONITORING".into()),
                    paragraph(
                        "Dari 42 kegiatan yang direncanakan, 31 kegiatan telah dilaksanakan sesuai jadwal, 8 kegiatan terlambat dan 3 kegiatan belum dimulai. Rekomendasi tindak lanjut disampaikan kepada koordinator area.",
                    ),
                    Block::Heading("BAB III PENUTUP".into()),
                    paragraph(
                        "Demikian laporan monitoring dan evaluasi ini disusun sebagai bahan perbaikan pembangunan Zona Integritas.",
                    ),
                    signed(unit, vec![place_date.clone()]),
                ],
            );
            Spec {
                kind: "laporan",
                item: "P.1.iii.b",
                date,
                number: None,
                doc,
            }
        }
        5 => {
            let number = format!("SOP/{n}/PL/2026");
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "STANDAR OPERASIONAL PROSEDUR".into(),
                        "PELAYANAN PENERBITAN SURAT KETERANGAN".into(),
                    ]),
                    paragraph(&format!("Nomor SOP : {number}")),
                    paragraph(&format!("Tanggal Pembuatan : {}", long_date(date))),
                    paragraph(
                        "Dasar Hukum : Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan.",
                    ),
                    paragraph(
                        "Prosedur : 1. Pemohon menyerahkan berkas ke loket pelayanan. 2. Petugas memeriksa kelengkapan berkas. 3. Kepala seksi memverifikasi dan menandatangani. 4. Surat keterangan diserahkan kepada pemohon.",
                    ),
                    paragraph(
                        "SOP ini telah diterapkan oleh seluruh petugas pelayanan sesuai peta proses bisnis.",
                    ),
                ],
            );
            Spec {
                kind: "dokumen",
                item: "P.2.i.b",
                date,
                number: Some(number),
                doc,
            }
        }
        6 => {
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec!["MAKLUMAT PELAYANAN".into()]),
                    paragraph(
                        "DENGAN INI KAMI MENYATAKAN SANGGUP MENYELENGGARAKAN PELAYANAN SESUAI STANDAR PELAYANAN YANG TELAH DITETAPKAN DAN APABILA TIDAK MENEPATI JANJI INI, KAMI SIAP MENERIMA SANKSI SESUAI PERATURAN PERUNDANG-UNDANGAN YANG BERLAKU.",
                    ),
                    signed(unit, vec![place_date.clone()]),
                ],
            );
            Spec {
                kind: "dokumen",
                item: "P.6.i.b",
                date,
                number: None,
                doc,
            }
        }
        7 => {
            let number = format!("SE/{n}/2026");
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "SURAT EDARAN".into(),
                        format!("NOMOR {number}"),
                        "TENTANG".into(),
                        "PENGENDALIAN GRATIFIKASI DI LINGKUNGAN KANTOR".into(),
                    ]),
                    paragraph(
                        "Dalam rangka mewujudkan pemerintahan yang bersih dan bebas dari korupsi, seluruh pegawai dilarang menerima gratifikasi yang berhubungan dengan jabatan. Setiap penerimaan gratifikasi wajib dilaporkan kepada Unit Pengendalian Gratifikasi paling lambat 30 hari kerja.",
                    ),
                    paragraph(
                        "Demikian surat edaran ini disampaikan untuk dilaksanakan dengan penuh tanggung jawab.",
                    ),
                    signed(
                        unit,
                        vec![
                            format!("Ditetapkan di {}", unit.2),
                            format!("pada tanggal {}", long_date(date)),
                        ],
                    ),
                ],
            );
            Spec {
                kind: "surat",
                item: "P.5.i.a",
                date,
                number: Some(number),
                doc,
            }
        }
        8 => {
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT".into(),
                        "SEMESTER I TAHUN 2026".into(),
                    ]),
                    Block::Heading("BAB I PENDAHULUAN".into()),
                    paragraph(
                        "Survei kepuasan masyarakat terhadap pelayanan dilaksanakan dengan 9 unsur pelayanan sesuai Peraturan Menteri PANRB Nomor 14 Tahun 2017 kepada 400 responden penerima layanan.",
                    ),
                    Block::Heading("BAB II HASIL SURVEI".into()),
                    paragraph(
                        "Indeks kepuasan masyarakat sebesar 86,42 dengan mutu pelayanan B (baik). Unsur dengan nilai terendah adalah waktu pelayanan.",
                    ),
                    signed(unit, vec![place_date.clone()]),
                ],
            );
            Spec {
                kind: "laporan",
                item: "P.6.iv.a",
                date,
                number: None,
                doc,
            }
        }
        _ => {
            let number = format!("800/{n}/KEP/2026");
            let doc = letter(
                unit,
                date,
                vec![
                    Block::Title(vec![
                        format!("KEPUTUSAN KEPALA {} {}", unit.0, unit.1),
                        format!("NOMOR {number}"),
                        "TENTANG".into(),
                        "PENETAPAN AGEN PERUBAHAN".into(),
                    ]),
                    paragraph(
                        "Menimbang : bahwa untuk mendorong percepatan reformasi birokrasi dan pembangunan Zona Integritas perlu menetapkan pegawai sebagai agen perubahan yang menjadi teladan dan penggerak perubahan.",
                    ),
                    Block::Heading("MEMUTUSKAN".into()),
                    paragraph(
                        "Menetapkan : KESATU menetapkan nama-nama pegawai sebagaimana tercantum dalam lampiran sebagai Agen Perubahan. KEDUA Agen Perubahan bertugas menjadi role model dan penggerak perubahan.",
                    ),
                    signed(
                        unit,
                        vec![
                            format!("Ditetapkan di {}", unit.2),
                            format!("pada tanggal {}", long_date(date)),
                        ],
                    ),
                ],
            );
            Spec {
                kind: "sk",
                item: "P.1.iv.b",
                date,
                number: Some(number),
                doc,
            }
        }
    }
}

/// An event banner: what a "foto kegiatan" says in its picture.
pub fn banner_lines(i: usize) -> (Vec<String>, NaiveDate) {
    let unit = UNITS[i % UNITS.len()];
    let date =
        NaiveDate::from_ymd_opt(2026, (i % 12) as u32 + 1, (i % 25) as u32 + 2).expect("a date");
    (
        vec![
            "SOSIALISASI".into(),
            "PEMBANGUNAN ZONA INTEGRITAS".into(),
            "MENUJU WILAYAH BEBAS DARI KORUPSI".into(),
            format!("{} {}", unit.0, unit.1),
            long_date(date).to_uppercase(),
        ],
        date,
    )
}
