//! Tests of `facts`: documents as Indonesian offices write them.
use super::*;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn indonesian_dates_in_their_usual_forms() {
    for (text, want) in [
        ("Rapat pada 12 Maret 2026 di aula", d(2026, 3, 12)),
        ("Senin, 3 Februari 2026 pukul 09.00", d(2026, 2, 3)),
        ("tanggal 03-02-2026", d(2026, 2, 3)),
        ("tgl 3/2/2026", d(2026, 2, 3)),
        ("dibuat 2026-02-03", d(2026, 2, 3)),
        ("1 Agt 2025", d(2025, 8, 1)),
        ("31 Februari 2026", None),
        ("Nomor 90 Tahun 2021", None),
    ] {
        assert_eq!(document_date(text), want, "{text}");
    }
}

#[test]
fn a_decree_is_dated_where_it_is_set_not_where_it_cites() {
    let text = "KEPUTUSAN KEPALA DINAS KESEHATAN\nNOMOR 800/12/SK/2026\nTENTANG\nPEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS\nDENGAN RAHMAT TUHAN YANG MAHA ESA\nMengingat : Peraturan Menteri PANRB tanggal 20 Desember 2021;\nMEMUTUSKAN\nMenetapkan : ...\nDitetapkan di : Sleman\npada tanggal : 5 Januari 2026\nKEPALA DINAS";
    let f = read_facts(text);
    assert_eq!(f.kind.as_deref(), Some("sk"));
    assert_eq!(f.date, d(2026, 1, 5));
    assert_eq!(f.number.as_deref(), Some("800/12/SK/2026"));
    assert_eq!(
        f.title.as_deref(),
        Some("PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS")
    );
}

#[test]
fn a_letter_its_number_subject_and_signature_date() {
    let text = "PEMERINTAH KABUPATEN SLEMAN\nDINAS KESEHATAN\nNomor   : 005/117/Dinkes/II/2026      Sleman, 10 Februari 2026\nSifat   : Biasa\nLampiran: -\nPerihal : Undangan Rapat Penyusunan Rencana Kerja ZI\nDengan hormat,\nKami mengundang Bapak/Ibu untuk hadir pada:\nHari/tanggal : Senin, 16 Februari 2026";
    let f = read_facts(text);
    assert_eq!(f.kind.as_deref(), Some("undangan"));
    assert_eq!(f.number.as_deref(), Some("005/117/Dinkes/II/2026"));
    assert_eq!(
        f.title.as_deref(),
        Some("Undangan Rapat Penyusunan Rencana Kerja ZI")
    );
    assert_eq!(f.date, d(2026, 2, 10));
}

#[test]
fn kinds_of_the_usual_documents() {
    for (text, kind) in [
        (
            "DAFTAR HADIR\nRapat Tim Kerja\nNo Nama Jabatan Tanda Tangan\n1 Budi",
            Some("daftar_hadir"),
        ),
        (
            "NOTULA RAPAT\nPimpinan Rapat: Kepala Dinas\nPeserta Rapat: 20 orang\nKesimpulan:",
            Some("notula"),
        ),
        (
            "LAPORAN PELAKSANAAN SURVEI KEPUASAN MASYARAKAT\nBAB I PENDAHULUAN\nLatar Belakang",
            Some("laporan"),
        ),
        (
            "MAKLUMAT PELAYANAN\nDengan ini kami menyatakan sanggup",
            Some("dokumen"),
        ),
        (
            "STANDAR OPERASIONAL PROSEDUR (SOP)\nPelayanan Rawat Jalan",
            Some("dokumen"),
        ),
        (
            "SURAT EDARAN\nNomor: 3/SE/2026\nTentang larangan gratifikasi",
            Some("surat"),
        ),
        ("halo", None),
    ] {
        assert_eq!(read_facts(text).kind.as_deref(), kind, "{text}");
    }
}

#[test]
fn numbers_need_a_digit_and_stop_at_the_next_label() {
    assert_eq!(number_of("Nomor : -\nHal : x"), None);
    // What is numbered, named before the number.
    assert_eq!(
        number_of("Nomor SOP : SOP/165/PL/2026").as_deref(),
        Some("SOP/165/PL/2026")
    );
    assert_eq!(
        number_of("NOMOR 12 TAHUN 2026\nTENTANG").as_deref(),
        Some("12 TAHUN 2026")
    );
    // OCR of a photo: a line of words holding a digit is no number.
    assert_eq!(number_of("No. 03 Singarals c"), None);
    // A picture with no document kind in its text is a photo of an event.
    assert_eq!(
        super::read_facts_of("SOSIALISASI ZONA INTEGRITAS", true)
            .kind
            .as_deref(),
        Some("foto")
    );
    assert_eq!(
        super::read_facts_of("NOTULA RAPAT\nPimpinan rapat", true)
            .kind
            .as_deref(),
        Some("notula")
    );
    assert_eq!(super::read_facts_of("SOSIALISASI", false).kind, None);
    assert_eq!(
        number_of("Nomor: 12/UND/2026 Lampiran: 1 berkas").as_deref(),
        Some("12/UND/2026")
    );
}

#[test]
fn a_decree_whose_heading_ocr_lost_is_titled_by_its_considerations() {
    // The photo of an SK, as OCR read it: the TENTANG lines are gone.
    let text = "KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN BULELENG\nNOMOR 800/100/SK/2026\n\n\
                bahwa dalam rangka pembangunan Zona Integritas perlu dibentuk\n\
                hwa berdasarkan pertimbangan sebagaimana dimaksud perlu menetapkan Keputusan\n\n\
                Kepala tentang Pembentukan Tim Kerja.\n\n\
                Mengingat : Peraturan Menteri PANRB Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas.";
    let facts = super::read_facts(text);
    assert_eq!(facts.kind.as_deref(), Some("sk"));
    assert_eq!(facts.title.as_deref(), Some("Pembentukan Tim Kerja"));
    // A decree with its heading keeps the heading's title.
    let whole = "KEPUTUSAN KEPALA DINAS\nNOMOR 1/SK/2026\nTENTANG\nPENETAPAN AGEN PERUBAHAN\nMenimbang : bahwa perlu menetapkan Keputusan Kepala tentang Penetapan Agen Perubahan.";
    assert_eq!(
        super::read_facts(whole).title.as_deref(),
        Some("PENETAPAN AGEN PERUBAHAN")
    );
}

#[test]
fn a_heading_that_only_names_the_kind_gives_way_to_the_line_under_it() {
    let notula = "NOTULA RAPAT\nPENYUSUNAN RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS\n\nHari/Tanggal : Rabu, 22 April 2026";
    assert_eq!(
        super::read_facts(notula).title.as_deref(),
        Some("PENYUSUNAN RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS")
    );
    // A label under the heading is not its subject.
    let bare = "NOTULA RAPAT\nHari/Tanggal : Rabu, 22 April 2026";
    assert_eq!(
        super::read_facts(bare).title.as_deref(),
        Some("NOTULA RAPAT")
    );
}
