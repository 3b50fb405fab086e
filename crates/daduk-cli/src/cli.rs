//! The command-line grammar. Other tools and tests rely on it: change it only
//! by adding.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Daduk — data dukung dan penilaian LKE Zona Integritas (WBK/WBBM).
#[derive(Debug, Parser)]
#[command(name = "daduk", version, about, long_about = None)]
pub struct Cli {
    /// Folder ruang kerja (bawaan: folder data pengguna, sama dengan aplikasi).
    #[arg(long, global = true, env = "DADUK_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Nama yang dicatat di log perubahan (bawaan: nama login).
    #[arg(long, global = true, env = "DADUK_USER", value_name = "NAMA")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Membuat ruang kerja (atau memeriksa yang sudah ada).
    Init {
        /// Siapa pemakai ruang kerja ini: `unit` (Tim Kerja unit) atau `tpi`
        /// (penilai). Aplikasi menyesuaikan layar awalnya; dapat diubah lagi.
        #[arg(long)]
        role: Option<String>,
    },
    /// Templat LKE.
    #[command(subcommand)]
    Template(TemplateCmd),
    /// Unit kerja (satuan kerja).
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Penilaian (LKE satu unit untuk satu tahun).
    #[command(subcommand)]
    Assessment(AssessmentCmd),
    /// Jawaban butir LKE.
    #[command(subcommand)]
    Answer(AnswerCmd),
    /// Nilai: butir, sub-area, area, Pengungkit, Hasil, total, predikat.
    Score(ScoreArgs),
    /// Apa yang masih kurang, per area.
    Status(StatusArgs),
    /// Log perubahan (siapa, kapan, apa).
    Log(LogArgs),
    /// Data dukung: lampirkan, impor folder, daftar, hapus, ekspor.
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Laporan kelengkapan data dukung (PDF A4) untuk pimpinan dan TPI.
    Report(ReportArgs),
    /// Lembar kerja LKE: ekspor ke XLSX/CSV, impor jawaban dan catatan dari XLSX/CSV.
    #[command(subcommand)]
    Worksheet(WorksheetCmd),
    /// Paket reviu: kirim ke TPI/TPN, periksa, impor, kembalikan hasil reviu.
    #[command(subcommand)]
    Packet(PacketCmd),
    /// PortalRB KemenPANRB: JSON jawaban unit dan daftar unit yang diusulkan (bentuk luring API integrasi).
    #[command(subcommand)]
    Portalrb(PortalrbCmd),
    /// Rencana aksi dan target prioritas: rencana tahunan, realisasi bulanan, dokumen.
    #[command(subcommand)]
    Plan(crate::plan::PlanCmd),
    /// Hasil penilaian TPN (KemenPANRB): tahap yang dilalui unit dan nilai TPN berdampingan
    /// dengan unit dan TPI. Nilai TPN per butir: `daduk answer set --role tpn`.
    #[command(subcommand)]
    Tpn(crate::tpn::TpnCmd),
    /// Sinkronisasi dengan server Daduk: kirim sisi ruang kerja ini, terima sisi lainnya (keluar 1 bila ada penilaian yang gagal).
    Sync(crate::sync::SyncArgs),
    /// Konflik (dari paket, sinkronisasi, lembar kerja) yang belum diselesaikan; `resolve` menandainya selesai.
    Conflicts(crate::conflicts::ConflictsArgs),
    /// Mencari berkas data dukung menurut isinya (kata berimbuhan ikut: "rapat" menemukan "merapatkan").
    Search {
        /// Kata yang dicari (semua kata harus ada).
        query: String,
        /// Kode unit (bersama --year: hanya berkas penilaian itu).
        #[arg(long, requires = "year")]
        unit: Option<String>,
        /// Tahun penilaian.
        #[arg(long, requires = "unit")]
        year: Option<i32>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Administrasi server Daduk (token admin): token, unit, tahun evaluasi, usulan.
    Admin(crate::admin::AdminArgs),
    /// Memeriksa ulang SHA-256 setiap berkas data dukung; keluar 1 bila ada yang hilang/berubah.
    Verify {
        /// Kode unit (bersama --year: hanya berkas penilaian itu).
        #[arg(long, requires = "year")]
        unit: Option<String>,
        /// Tahun penilaian.
        #[arg(long, requires = "unit")]
        year: Option<i32>,
        /// Bangun ulang indeks basis data lebih dulu (bila pemeriksaan integritas menemukan indeks rusak).
        #[arg(long)]
        repair: bool,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Melampirkan berkas ke satu butir.
    Add {
        #[command(flatten)]
        which: Which,
        /// Kode butir, misalnya P.1.i.a.
        item: String,
        /// Berkas yang dilampirkan.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Jenis: undangan, daftar_hadir, notula, foto, laporan, sk, surat, dokumen, capture, lainnya (bawaan: ditebak dari nama).
        #[arg(long)]
        kind: Option<String>,
        /// Tanggal dokumen (TTTT-BB-HH).
        #[arg(long)]
        date: Option<String>,
        /// Judul (bawaan: nama berkas).
        #[arg(long)]
        title: Option<String>,
        /// Data dukung adalah sisi unit: di ruang kerja penilai (TPI) perlu --role unit
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Mengimpor seluruh folder; kode butir dibaca dari nama berkas/folder.
    Import {
        #[command(flatten)]
        which: Which,
        /// Folder data dukung.
        dir: PathBuf,
        /// Hanya tampilkan pemetaan, jangan salin apa pun.
        #[arg(long)]
        dry_run: bool,
        /// Berkas yang namanya tanpa kode butir ditempatkan di butir yang disebut isinya bila
        /// pembaca yakin (ditandai "menurut isi"); sisanya didaftar dengan sarannya.
        #[arg(long, conflicts_with = "dry_run")]
        by_content: bool,
        /// Data dukung adalah sisi unit: di ruang kerja penilai (TPI) perlu --role unit
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Membaca isi berkas (teks PDF, Word, Excel, PowerPoint, OpenDocument; pindaian dan foto
    /// dengan OCR) sekali per isi:
    /// jenis, tanggal, nomor dan judul dokumen, untuk pencarian dan saran butir.
    Read {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Butir yang cocok untuk satu berkas menurut isinya (perlu `evidence read` dulu).
    Suggest {
        #[command(flatten)]
        which: Which,
        /// Nomor data dukung.
        id: i64,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Daftar berkas data dukung.
    List {
        #[command(flatten)]
        which: Which,
        /// Hanya butir ini.
        item: Option<String>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Melepas berkas dari butirnya (berkas dihapus bila tak dipakai lagi).
    Remove {
        #[command(flatten)]
        which: Which,
        /// Nomor data dukung.
        id: i64,
        /// Data dukung adalah sisi unit: di ruang kerja penilai (TPI) perlu --role unit
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Menyalin berkas keluar dari ruang kerja.
    Export {
        #[command(flatten)]
        which: Which,
        /// Nomor data dukung.
        id: i64,
        /// Tujuan: nama berkas, atau folder yang sudah ada (berkas diberi nama aslinya, dibuat aman untuk Windows).
        #[arg(long)]
        out: PathBuf,
        /// Timpa berkas tujuan yang sudah ada.
        #[arg(long)]
        force: bool,
    },
    /// Mengoreksi jenis, judul atau tanggal dokumen.
    Edit {
        #[command(flatten)]
        which: Which,
        /// Nomor data dukung.
        id: i64,
        /// Jenis baru.
        #[arg(long)]
        kind: Option<String>,
        /// Judul baru.
        #[arg(long)]
        title: Option<String>,
        /// Tanggal dokumen baru (TTTT-BB-HH); kosong untuk menghapus.
        #[arg(long)]
        date: Option<String>,
        /// Berlaku sampai (TTTT-BB-HH) untuk dokumen yang berlaku lebih dari setahun (SK, SOP,
        /// maklumat); kosong untuk menghapus. Berkas yang dibawa ke tahun sesudahnya ditandai
        /// kedaluwarsa.
        #[arg(long, value_name = "TANGGAL")]
        valid_until: Option<String>,
        /// Data dukung adalah sisi unit: di ruang kerja penilai (TPI) perlu --role unit
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Menandai jenis data dukung "tidak ada" dengan alasan (alasan kosong menghapus tanda).
    Absent {
        #[command(flatten)]
        which: Which,
        /// Kode butir.
        item: String,
        /// Jenis data dukung.
        kind: String,
        /// Alasan.
        #[arg(long)]
        reason: String,
        /// Data dukung adalah sisi unit: di ruang kerja penilai (TPI) perlu --role unit
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Hasil pemeriksaan berkas oleh TPI: diterima, ditolak (dengan catatan) atau belum.
    Review {
        #[command(flatten)]
        which: Which,
        /// Nomor data dukung.
        id: i64,
        /// diterima, ditolak atau belum.
        status: String,
        /// Catatan (wajib bila ditolak).
        #[arg(long, default_value = "")]
        note: String,
        /// Status berkas adalah sisi TPI: di ruang kerja Tim Kerja perlu --role tpi
        /// (tercatat di log).
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// Menampilkan pohon templat (bawaan, atau --file).
    Show {
        /// Templat lain (JSON) untuk ditampilkan.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Memeriksa berkas templat tanpa memakainya.
    Check {
        /// Berkas templat JSON.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TargetArg {
    Wbk,
    Wbbm,
}

#[derive(Debug, Subcommand)]
pub enum UnitCmd {
    /// Menambah unit.
    Add(UnitFields),
    /// Mengubah data unit.
    Edit(UnitFields),
    /// Daftar unit.
    List {
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct UnitFields {
    /// Kode unit, misalnya DINKES-BLL.
    pub code: String,
    /// Nama unit.
    #[arg(long)]
    pub name: String,
    /// Instansi induk.
    #[arg(long, default_value = "")]
    pub instansi: String,
    /// Kode unit induk.
    #[arg(long)]
    pub parent: Option<String>,
    /// Target predikat.
    #[arg(long, value_enum, default_value = "wbk")]
    pub target: TargetArg,
    /// Nama Kepala Satuan Kerja.
    #[arg(long, default_value = "")]
    pub kepala: String,
    /// NIP Kepala Satuan Kerja (18 angka).
    #[arg(long, default_value = "")]
    pub kepala_nip: String,
    /// Nama Ketua Tim Kerja.
    #[arg(long, default_value = "")]
    pub ketua: String,
    /// NIP Ketua Tim Kerja.
    #[arg(long, default_value = "")]
    pub ketua_nip: String,
    /// Diusulkan lewat jalur afirmasi (PortalRB: kategori WBK-AFIRMASI).
    #[arg(long)]
    pub afirmasi: bool,
}

#[derive(Debug, Args, Clone)]
pub struct Which {
    /// Kode unit.
    #[arg(long)]
    pub unit: String,
    /// Tahun penilaian.
    #[arg(long)]
    pub year: i32,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum RoleArg {
    /// Jawaban unit (penilaian mandiri).
    #[default]
    Unit,
    /// Jawaban Tim Penilai Internal.
    Tpi,
    /// Nilai Tim Penilai Nasional (KemenPANRB) dari LHE, dicatat oleh unit atau TPI.
    Tpn,
}

#[derive(Debug, Subcommand)]
pub enum AssessmentCmd {
    /// Memulai penilaian unit untuk satu tahun.
    New {
        #[command(flatten)]
        which: Which,
        /// Mulai dari penilaian tahun ini: jawaban dan catatan unit disalin (ditandai "dari
        /// TTTT — periksa"), data dukung yang masih berlaku dibawa (tanpa salinan); tahun itu
        /// sendiri tidak berubah.
        #[arg(long, value_name = "TAHUN")]
        from: Option<i32>,
        /// Templat lain (JSON); bawaan: LKE PermenPANRB 90/2021.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// Daftar penilaian.
    List {
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mengubah status penilaian (draft, submitted, reviewed, final).
    SetStatus {
        #[command(flatten)]
        which: Which,
        /// Status baru.
        status: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnswerCmd {
    /// Menjawab satu butir: ya/tidak, huruf a–e, jumlah 'a=5;b=7', indeks survei '3,61'.
    Set {
        #[command(flatten)]
        which: Which,
        /// Kode butir, misalnya P.1.i.a.
        item: String,
        /// Jawaban.
        value: String,
        /// Sisi yang diisi (bawaan: sisi ruang kerja ini: TPI di ruang kerja penilai,
        /// unit di ruang kerja Tim Kerja); sisi lain tercatat di log.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// Catatan.
        #[arg(long)]
        note: Option<String>,
    },
    /// Menghapus jawaban satu butir (catatan tetap).
    Clear {
        #[command(flatten)]
        which: Which,
        /// Kode butir.
        item: String,
        /// Sisi yang diisi (bawaan: sisi ruang kerja ini: TPI di ruang kerja penilai,
        /// unit di ruang kerja Tim Kerja); sisi lain tercatat di log.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Mengimpor jawaban dari CSV (kolom item,answer[,note]); semua atau tidak sama sekali.
    Import {
        #[command(flatten)]
        which: Which,
        /// Berkas CSV.
        file: PathBuf,
        /// Sisi yang diisi (bawaan: sisi ruang kerja ini: TPI di ruang kerja penilai,
        /// unit di ruang kerja Tim Kerja); sisi lain tercatat di log.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
    },
    /// Daftar jawaban kedua peran.
    List {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Kode unit.
    #[arg(long)]
    pub unit: String,
    /// Tahun penilaian.
    #[arg(long, required_unless_present = "years")]
    pub year: Option<i32>,
    /// Beberapa tahun berdampingan (tren): total, Pengungkit, Hasil, tiap area, syarat
    /// predikat; misalnya 2025-2027.
    #[arg(long, conflicts_with = "year", value_name = "TTTT-TTTT")]
    pub years: Option<String>,
    /// Jawaban siapa yang dinilai.
    #[arg(long, value_enum, default_value = "unit")]
    pub role: RoleArg,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub which: Which,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Kode unit (bersama --year: hanya log penilaian itu).
    #[arg(long, requires = "year")]
    pub unit: Option<String>,
    /// Tahun penilaian.
    #[arg(long, requires = "unit")]
    pub year: Option<i32>,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub which: Which,
    /// Berkas PDF tujuan.
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Tanggal yang dicetak pada laporan (TTTT-BB-HH; bawaan: hari ini).
    #[arg(long, value_name = "TTTT-BB-HH")]
    pub date: Option<String>,
    /// Timpa berkas tujuan yang sudah ada.
    #[arg(long)]
    pub force: bool,
    /// Keluaran JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WorksheetRoleArg {
    /// Kolom Jawaban Unit dan Catatan Unit (serta rujukan data dukung).
    Unit,
    /// Kolom Jawaban TPI dan Catatan Reviu TPI.
    Tpi,
    /// Kolom Jawaban TPN dan Catatan TPN (nilai dari LHE; lembar kerja Daduk saja).
    Tpn,
    /// Unit dan TPI, dalam satu transaksi.
    Both,
    /// Unit, TPI dan TPN, dalam satu transaksi.
    All,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SheetFormatArg {
    /// Tata letak Daduk (kolom Kode; .xlsx atau .csv).
    Daduk,
    /// Lampiran III PermenPANRB 90/2021 (seperti diisi unit; ekspor dengan rumus hidup).
    Lampiran3,
    /// Lembar "Jawaban" PortalRB (baris dan kolom menurut master soal).
    Portalrb,
}

#[derive(Debug, Subcommand)]
pub enum WorksheetCmd {
    /// Menulis lembar kerja LKE: tata letak Daduk (.xlsx/.csv), Lampiran III atau Jawaban PortalRB (.xlsx).
    Export {
        #[command(flatten)]
        which: Which,
        /// Berkas tujuan (.xlsx; .csv hanya untuk tata letak Daduk).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Tata letak.
        #[arg(long, value_enum, default_value = "daduk")]
        format: SheetFormatArg,
        /// Timpa berkas tujuan yang sudah ada.
        #[arg(long)]
        force: bool,
    },
    /// Membaca jawaban, catatan dan rujukan data dukung dari lembar kerja (.xlsx/.csv); semua atau tidak sama sekali.
    Import {
        #[command(flatten)]
        which: Which,
        /// Berkas lembar kerja.
        file: PathBuf,
        /// Kolom siapa yang dibaca (bawaan: sisi ruang kerja ini); sisi lain tercatat di log.
        #[arg(long, value_enum)]
        role: Option<WorksheetRoleArg>,
        /// Tata letak (bawaan: dikenali dari isinya).
        #[arg(long, value_enum)]
        format: Option<SheetFormatArg>,
        /// Impor juga bila lembar menyebut unit atau tahun lain.
        #[arg(long)]
        other_unit: bool,
        /// Sel kosong menghapus jawaban, catatan dan rujukan yang tersimpan.
        #[arg(long)]
        clear_empty: bool,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PacketCmd {
    /// Mengekspor penilaian sebagai paket (folder, atau .zip bila PATH berakhiran .zip).
    Export {
        #[command(flatten)]
        which: Which,
        /// Tujuan: folder baru atau berkas .zip.
        #[arg(long)]
        out: PathBuf,
        /// Paket hasil reviu TPI (jawaban, catatan, status berkas; tanpa berkas).
        #[arg(long)]
        review: bool,
        /// Timpa .zip yang sudah ada, atau folder paket Daduk yang sudah ada (folder lain tidak pernah
        /// ditimpa).
        #[arg(long)]
        force: bool,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Memeriksa paket: setiap berkas terhadap manifest, tanda tangan, SHA256SUMS; keluar 1 bila ada temuan.
    Verify {
        /// Folder atau .zip paket.
        path: PathBuf,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mengimpor paket kiriman unit (untuk direviu) atau paket hasil reviu (kembali ke unit).
    Import {
        /// Folder atau .zip paket.
        path: PathBuf,
        /// Impor juga paket yang lebih lama dari paket yang sudah diimpor, atau paket yang sama lagi
        /// (isinya menggantikan yang lebih baru).
        #[arg(long)]
        allow_older: bool,
        /// Terima kunci tanda tangan baru untuk pengirim yang sudah dikenal (setelah sidik jarinya
        /// dicocokkan lewat saluran lain).
        #[arg(long)]
        accept_new_key: bool,
        /// Terima templat yang bukan templat resmi dan belum dikenal ruang kerja ini (skor TPI
        /// dihitung dengannya).
        #[arg(long)]
        accept_template: bool,
        /// Buat unit baru walau kode atau namanya mirip unit yang sudah ada (setelah dipastikan
        /// memang unit lain).
        #[arg(long)]
        accept_look_alike: bool,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PortalrbCmd {
    /// Isi GET /lke/jawaban-unit/{unit_id}: semua soal PortalRB, jawaban Unit dan TPI, catatan, bukti dukung.
    Export {
        #[command(flatten)]
        which: Which,
        /// Berkas JSON tujuan (bawaan: keluaran standar).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Timpa berkas tujuan yang sudah ada.
        #[arg(long)]
        force: bool,
    },
    /// Isi GET /pengusulan/unit-wbk atau unit-wbbm: unit yang penilaiannya sudah diajukan dengan target itu.
    Units {
        /// Tahun evaluasi.
        #[arg(long)]
        year: i32,
        /// Predikat yang diusulkan.
        #[arg(long, value_enum)]
        predicate: TargetArg,
        /// Berkas JSON tujuan (bawaan: keluaran standar).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Timpa berkas tujuan yang sudah ada.
        #[arg(long)]
        force: bool,
    },
}
