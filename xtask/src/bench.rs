//! `cargo xtask bench` — the completeness report: how long `daduk report`
//! takes for a unit with all 113 items answered by both roles and about 500
//! attached files (the aim: well under 2 seconds), plus the
//! worksheet export and a no-edit import of it.
//!
//! Everything goes through the release `daduk` binary, so the figure is what
//! a user waits for, start-up included.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;

const UNIT: &str = "BENCH";
const YEAR: &str = "2024";
const RUNS: usize = 7;

struct Daduk {
    bin: PathBuf,
    ws: PathBuf,
}

impl Daduk {
    fn run(&self, args: &[&str]) -> Result<Output> {
        let out = Command::new(&self.bin)
            .args(args)
            .env("DADUK_WORKSPACE", &self.ws)
            .env("DADUK_USER", "bench")
            .output()
            .with_context(|| format!("could not start {}", self.bin.display()))?;
        if !out.status.success() {
            bail!(
                "daduk {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(out)
    }

    fn on_assessment(&self, head: &[&str], tail: &[&str]) -> Result<Output> {
        let mut args = head.to_vec();
        args.extend_from_slice(&["--unit", UNIT, "--year", YEAR]);
        args.extend_from_slice(tail);
        self.run(&args)
    }

    fn timed(&self, head: &[&str], tail: &[&str]) -> Result<Duration> {
        let start = Instant::now();
        self.on_assessment(head, tail)?;
        Ok(start.elapsed())
    }
}

/// An answer for every item of `daduk template show`'s tree, from the
/// answer kind it prints in brackets: `[ya/tidak]`, `[a–c]`,
/// `[jumlah a,b]`, `[indeks 0–4]`.
fn answers_csv(tree: &str, tpi: bool) -> String {
    let mut csv = String::from("item,answer,note\n");
    for (i, line) in tree.lines().enumerate() {
        let mut words = line.split_whitespace();
        let (Some(code), Some(kind)) = (words.next(), words.next()) else {
            continue;
        };
        if code.matches('.').count() != 3 || !kind.starts_with('[') {
            continue;
        }
        let answer = if kind == "[ya/tidak]" {
            if (i + usize::from(tpi)) % 5 == 0 {
                "tidak"
            } else {
                "ya"
            }
            .to_string()
        } else if kind == "[jumlah" {
            let rows = words.next().unwrap_or("a]").trim_end_matches(']');
            rows.split(',')
                .enumerate()
                .map(|(j, r)| format!("{r}={}", if j == 0 { 20 } else { 15 }))
                .collect::<Vec<_>>()
                .join(";")
        } else if kind == "[indeks" {
            if tpi { "3,4" } else { "3,1" }.to_string()
        } else {
            if (i + usize::from(tpi)) % 3 == 0 {
                "b"
            } else {
                "a"
            }
            .to_string()
        };
        let note = if i % 3 == 0 {
            "Dokumen telah diperiksa; sebagian menunggu tanda tangan Kepala Satuan Kerja."
        } else {
            ""
        };
        csv.push_str(&format!("{code},\"{answer}\",\"{note}\"\n"));
    }
    csv
}

/// About 500 small files named after their items, with kind words the
/// import recognises.
fn evidence_tree(dir: &Path, tree: &str) -> Result<usize> {
    const KINDS: [&str; 6] = [
        "Undangan",
        "Daftar Hadir",
        "Notula",
        "Foto",
        "SK",
        "Laporan",
    ];
    let _ = fs::remove_dir_all(dir);
    let (mut n, mut items) = (0, 0);
    for line in tree.lines() {
        let Some(code) = line.split_whitespace().next() else {
            continue;
        };
        if code.matches('.').count() != 3 || !line.contains('[') {
            continue;
        }
        let folder = dir.join(code);
        fs::create_dir_all(&folder)?;
        let count = 4 + items % 2;
        for j in 0..count {
            let kind = KINDS[(items + j) % KINDS.len()];
            let path = folder.join(format!("{code} {kind} kegiatan {j}.pdf"));
            fs::write(
                &path,
                format!("%PDF-1.4 {code} {kind} {j} {}", "x".repeat(2000)),
            )?;
        }
        n += count;
        items += 1;
    }
    Ok(n)
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64()).replace('.', ",")
}

fn stats(mut runs: Vec<Duration>) -> (Duration, Duration, Duration) {
    runs.sort();
    (runs[0], runs[runs.len() / 2], runs[runs.len() - 1])
}

/// The report benchmark. Prints the median time of `daduk report` and fails
/// when it is not under 2 seconds.
pub fn report() -> Result<()> {
    cmd::step("cargo build --release -p daduk-cli");
    cmd::cargo(&["build", "--release", "-p", "daduk-cli"])?;
    let base = cmd::target_dir().join("bench").join("report");
    let d = Daduk {
        bin: cmd::target_dir().join("release").join("daduk"),
        ws: base.join("workspace"),
    };
    let _ = fs::remove_dir_all(&d.ws);
    fs::create_dir_all(&base)?;

    cmd::step("a unit with 113 items answered by both roles and ~500 files");
    d.run(&["init"])?;
    d.run(&[
        "unit",
        "add",
        UNIT,
        "--name",
        "Unit Uji Kinerja Laporan",
        "--instansi",
        "Instansi Uji",
        "--kepala",
        "Kepala Uji",
        "--kepala-nip",
        "197504122000032001",
        "--ketua",
        "Ketua Uji",
        "--ketua-nip",
        "198001012005011001",
    ])?;
    d.run(&["assessment", "new", "--unit", UNIT, "--year", YEAR])?;
    let tree = String::from_utf8(d.run(&["template", "show"])?.stdout)?;
    for (role, tpi) in [("unit", false), ("tpi", true)] {
        let csv = base.join(format!("{role}.csv"));
        fs::write(&csv, answers_csv(&tree, tpi))?;
        d.on_assessment(&["answer", "import"], &[path(&csv)?, "--role", role])?;
    }
    let files = evidence_tree(&base.join("data-dukung"), &tree)?;
    d.on_assessment(&["evidence", "import"], &[path(&base.join("data-dukung"))?])?;
    println!("{files} files attached");

    cmd::step(&format!("daduk report, {RUNS} runs"));
    let pdf = base.join("laporan.pdf");
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        // Each run writes the same file: the CLI refuses to overwrite
        // without --force.
        runs.push(d.timed(&["report"], &["--out", path(&pdf)?, "--force"])?);
    }
    let summary = String::from_utf8(
        d.on_assessment(&["report"], &["--out", path(&pdf)?, "--force"])?
            .stdout,
    )?;
    let (min, median, max) = stats(runs);

    let xlsx = base.join("lke.xlsx");
    let mut export = Vec::new();
    let mut import = Vec::new();
    for _ in 0..3 {
        export.push(d.timed(
            &["worksheet", "export"],
            &["--out", path(&xlsx)?, "--force"],
        )?);
        import.push(d.timed(&["worksheet", "import"], &[path(&xlsx)?])?);
    }
    let (_, export_median, _) = stats(export);
    let (_, import_median, _) = stats(import);

    println!();
    print!("{summary}");
    println!(
        "report:            median {} (min {}, max {}) over {RUNS} runs — aim: under 2 s",
        seconds(median),
        seconds(min),
        seconds(max)
    );
    println!("worksheet export:  median {}", seconds(export_median));
    println!(
        "worksheet import:  median {} (no edits, nothing written)",
        seconds(import_median)
    );
    if median >= Duration::from_secs(2) {
        bail!("the report took {} (aim: under 2 s)", seconds(median));
    }
    Ok(())
}

fn path(p: &Path) -> Result<&str> {
    p.to_str()
        .with_context(|| format!("{} is not UTF-8", p.display()))
}
