//! `cargo xtask bench` — evidence import and verify against `sha256sum` and
//! `cp -r` of the same files, in the same run, with peak memory.
//!
//! The tree is generated with incompressible content and mixed sizes (many
//! small scans and photos, some documents, a few videos). Every command runs
//! once to warm the page cache before it is timed, so all of them read from
//! memory and the ratios compare work, not the disk's mood.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Item codes the generated files are spread over.
const CODES: [&str; 12] = [
    "1.i.a",
    "1.i.b",
    "1.ii.c",
    "2.ii.a",
    "3.iii.b",
    "4.ii.d",
    "5.i.a",
    "5.v.e",
    "6.ii.f",
    "6.iv.a",
    "R.5.iii.b",
    "R.1.i.a",
];

/// A fast deterministic generator for incompressible bytes.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

fn write_random(path: &Path, size: u64, rng: &mut XorShift) -> Result<()> {
    let mut f = fs::File::create(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        f.write_all(&buf[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// 2,000 files of about 1 GB in all: 1,500 of 10–200 KB, 450 of
/// 0.5–2 MB, 50 of 6–12 MB.
fn generate_tree(dir: &Path) -> Result<(usize, u64)> {
    if dir.join(".complete").is_file() {
        let (n, bytes) = count(dir);
        return Ok((n, bytes));
    }
    let _ = fs::remove_dir_all(dir);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut total = 0;
    for i in 0..2000u64 {
        let size = match i % 40 {
            0 => 6_000_000 + rng.next() % 6_000_000,
            1..=9 => 500_000 + rng.next() % 1_500_000,
            _ => 10_000 + rng.next() % 190_000,
        };
        let code = CODES[(i as usize) % CODES.len()];
        let kind = [
            "undangan",
            "daftar hadir",
            "notula",
            "foto",
            "laporan",
            "SK",
        ][(i % 6) as usize];
        let sub = dir
            .join(format!("AREA {}", code.chars().next().unwrap_or('1')))
            .join(code);
        fs::create_dir_all(&sub)?;
        write_random(
            &sub.join(format!("{code} {kind} {i:04}.pdf")),
            size,
            &mut rng,
        )?;
        total += size;
    }
    fs::write(dir.join(".complete"), b"")?;
    Ok((2000, total))
}

fn count(dir: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != ".complete") {
                n += 1;
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    (n, bytes)
}

struct Run {
    time: Duration,
    peak_kib: Option<u64>,
}

/// Run a shell command under `/usr/bin/time`, returning wall time and peak RSS.
fn timed(script: &str, env: &[(&str, &Path)]) -> Result<Run> {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "%M", "sh", "-c", script]);
    for (k, v) in env {
        c.env(k, v);
    }
    let start = Instant::now();
    let out = c.output().with_context(|| format!("running {script}"))?;
    let time = start.elapsed();
    if !out.status.success() {
        bail!(
            "`{script}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kib = stderr.lines().last().and_then(|l| l.trim().parse().ok());
    Ok(Run { time, peak_kib })
}

/// Remove what earlier runs left at `paths` (folders or files) and flush
/// the disk, so the next timed run pays for neither.
fn fresh(paths: &[&Path]) -> Result<()> {
    for p in paths {
        if p.is_dir() {
            fs::remove_dir_all(p)?;
        } else if p.exists() {
            fs::remove_file(p)?;
        }
    }
    timed("sync", &[])?;
    Ok(())
}

/// The run with the median time.
fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by_key(|r| r.time);
    runs.swap_remove(runs.len() / 2)
}

fn mb_s(bytes: u64, d: Duration) -> String {
    format!("{:.0} MB/s", bytes as f64 / 1e6 / d.as_secs_f64())
}

fn peak(r: &Run) -> String {
    r.peak_kib
        .map_or("?".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// The evidence benchmark.
pub fn run() -> Result<()> {
    if !Path::new("/usr/bin/time").is_file() {
        bail!("/usr/bin/time is missing: apt-get install time");
    }
    cmd::step("cargo build --release -p daduk-cli");
    cmd::cargo(&["build", "--release", "-p", "daduk-cli"])?;
    let daduk = cmd::target_dir().join("release/daduk");
    let bench = cmd::target_dir().join("bench");
    let tree = bench.join("tree");
    cmd::step("generating the evidence tree (kept between runs)");
    let (files, bytes) = generate_tree(&tree)?;
    eprintln!("{files} files, {:.2} GB", bytes as f64 / 1e9);

    let copy = bench.join("copy");
    let ws: PathBuf = bench.join("workspace");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let q = |p: &Path| format!("'{}'", p.display());
    let sha_serial = format!(
        "find {} -type f -name '*.pdf' -print0 | xargs -0 sha256sum > /dev/null",
        q(&tree)
    );
    let sha_parallel = format!(
        "find {} -type f -name '*.pdf' -print0 | xargs -0 -n 50 -P {cores} sha256sum > /dev/null",
        q(&tree)
    );
    let cp = format!("cp -r {t} {c} && sync -f {c}", c = q(&copy), t = q(&tree));
    let d = q(&daduk);
    let reset = format!(
        "rm -rf {w} && {d} init >/dev/null && {d} unit add B --name Bench >/dev/null && {d} assessment new --unit B --year 2024 >/dev/null",
        w = q(&ws)
    );
    let import = format!(
        "{d} evidence import --unit B --year 2024 {} >/dev/null",
        q(&tree)
    );
    let verify = format!("{d} verify > /dev/null");
    let env = [("DADUK_WORKSPACE", ws.as_path())];

    cmd::step("warming the page cache");
    timed(&sha_serial, &[])?;

    cmd::step("timing");
    let sha1 = timed(&sha_serial, &[])?;
    let shap = timed(&sha_parallel, &[])?;
    // Three rounds, median of each. Removing the last round's copy or
    // workspace and flushing the disk happen before the clock starts, so no
    // run pays for another's deletes or dirty pages.
    let (mut cp_runs, mut imp_runs, mut reimp_runs, mut ver_runs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        fresh(&[&copy])?;
        cp_runs.push(timed(&cp, &[])?);
        timed(&reset, &env)?;
        timed("sync", &[])?;
        imp_runs.push(timed(&import, &env)?);
        reimp_runs.push(timed(&import, &env)?);
        ver_runs.push(timed(&verify, &env)?);
    }
    let (cp_run, imp, reimp, ver) = (
        median(cp_runs),
        median(imp_runs),
        median(reimp_runs),
        median(ver_runs),
    );

    println!();
    println!(
        "Evidence benchmark: {files} files, {:.2} GB, {cores} cores (median of 3 rounds)",
        bytes as f64 / 1e9
    );
    println!(
        "{:<44} {:>9} {:>11} {:>9}",
        "", "time", "throughput", "peak RSS"
    );
    let row = |name: &str, r: &Run| {
        println!(
            "{name:<44} {:>8.2}s {:>11} {:>9}",
            r.time.as_secs_f64(),
            mb_s(bytes, r.time),
            peak(r)
        );
    };
    row("sha256sum (one process)", &sha1);
    row(&format!("sha256sum ({cores} processes)"), &shap);
    row("cp -r + sync", &cp_run);
    row("daduk evidence import (hash + copy + fsync)", &imp);
    row("daduk evidence import again (no-op)", &reimp);
    row("daduk verify (re-hash all)", &ver);
    let ratio = |a: &Run, b: &Run| a.time.as_secs_f64() / b.time.as_secs_f64();
    println!();
    println!("ratios (lower is faster for daduk):");
    println!("  import / cp -r              {:.2}", ratio(&imp, &cp_run));
    println!("  import / sha256sum (1 proc) {:.2}", ratio(&imp, &sha1));
    println!("  verify / sha256sum (1 proc) {:.2}", ratio(&ver, &sha1));
    println!(
        "  verify / sha256sum ({cores} proc) {:.2}",
        ratio(&ver, &shap)
    );

    let big = big_file(&daduk, &bench)?;
    let _ = fs::remove_dir_all(&copy);
    packet_export(&daduk, &bench, &ws, &big)
}

/// Export the benchmark workspace (the tree plus the big file) as a packet,
/// as a folder and as a zip, against `cp -r` of the same stored files.
fn packet_export(daduk: &Path, bench: &Path, ws: &Path, big: &Path) -> Result<()> {
    let q = |p: &Path| format!("'{}'", p.display());
    let d = q(daduk);
    let env = [("DADUK_WORKSPACE", ws)];
    timed(
        &format!(
            "{d} evidence import --unit B --year 2024 {} > /dev/null",
            q(big)
        ),
        &env,
    )?;
    let (files, bytes) = count(&ws.join("blobs"));
    let out = bench.join("packet");
    let zip = bench.join("packet.zip");
    let copy = bench.join("blobs-copy");
    // Each run writes to a fresh place: the old output is removed and the
    // disk synced *before* the clock starts, so no run pays for deleting or
    // flushing another's 2 GB. Three interleaved rounds, median of each.
    let cp = format!(
        "cp -r {b} {c} && sync -f {c}",
        c = q(&copy),
        b = q(&ws.join("blobs"))
    );
    let folder = format!(
        "{d} packet export --unit B --year 2024 --out {o} > /dev/null && sync -f {o}",
        o = q(&out)
    );
    let zipped = format!(
        "{d} packet export --unit B --year 2024 --out {z} > /dev/null && sync -f {z}",
        z = q(&zip)
    );
    let clean = || fresh(&[&out, &copy, &zip]);
    let (mut cp_runs, mut folder_runs, mut zip_runs) = (Vec::new(), Vec::new(), Vec::new());
    clean()?;
    timed(&cp, &[])?; // warm the page cache with the stored files
    for _ in 0..3 {
        clean()?;
        cp_runs.push(timed(&cp, &[])?);
        clean()?;
        folder_runs.push(timed(&folder, &env)?);
        clean()?;
        zip_runs.push(timed(&zipped, &env)?);
    }
    clean()?;
    let (cp_run, folder_run, zip_run) = (median(cp_runs), median(folder_runs), median(zip_runs));
    println!();
    println!(
        "Packet export: {files} stored files, {:.2} GB (median of 3 rounds)",
        bytes as f64 / 1e9
    );
    println!(
        "  cp -r of the stored files  {:>6.2}s {:>10}",
        cp_run.time.as_secs_f64(),
        mb_s(bytes, cp_run.time)
    );
    println!(
        "  packet export (folder)     {:>6.2}s {:>10} peak {}  ratio to cp -r {:.2}",
        folder_run.time.as_secs_f64(),
        mb_s(bytes, folder_run.time),
        peak(&folder_run),
        folder_run.time.as_secs_f64() / cp_run.time.as_secs_f64()
    );
    println!(
        "  packet export (zip)        {:>6.2}s {:>10} peak {}  ratio to cp -r {:.2}",
        zip_run.time.as_secs_f64(),
        mb_s(bytes, zip_run.time),
        peak(&zip_run),
        zip_run.time.as_secs_f64() / cp_run.time.as_secs_f64()
    );
    Ok(())
}

/// One big file (a video): memory must stay flat whatever its size. The
/// size is `DADUK_BENCH_BIG_GB` gigabytes (default 1). Returns its folder.
fn big_file(daduk: &Path, bench: &Path) -> Result<PathBuf> {
    let gb: u64 = std::env::var("DADUK_BENCH_BIG_GB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let dir = bench.join("big");
    let file = dir.join(format!("6.ii.f video {gb}GB.mp4"));
    if fs::metadata(&file).map(|m| m.len()).ok() != Some(gb << 30) {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        cmd::step(&format!("generating a {gb} GB file"));
        write_random(&file, gb << 30, &mut XorShift(42))?;
    }
    let ws = bench.join("big-workspace");
    let q = |p: &Path| format!("'{}'", p.display());
    let d = q(daduk);
    let reset = format!(
        "rm -rf {w} && {d} init >/dev/null && {d} unit add B --name Bench >/dev/null && {d} assessment new --unit B --year 2024 >/dev/null",
        w = q(&ws)
    );
    let env = [("DADUK_WORKSPACE", ws.as_path())];
    timed(&format!("sha256sum {} > /dev/null", q(&file)), &[])?;
    let sha = timed(&format!("sha256sum {} > /dev/null", q(&file)), &[])?;
    timed(&reset, &env)?;
    let imp = timed(
        &format!(
            "{d} evidence import --unit B --year 2024 {} > /dev/null",
            q(&dir)
        ),
        &env,
    )?;
    let ver = timed(&format!("{d} verify > /dev/null"), &env)?;
    let bytes = gb << 30;
    println!();
    println!("One {gb} GB file:");
    println!(
        "  sha256sum      {:>6.2}s {:>10} peak {}",
        sha.time.as_secs_f64(),
        mb_s(bytes, sha.time),
        peak(&sha)
    );
    println!(
        "  daduk import   {:>6.2}s {:>10} peak {}",
        imp.time.as_secs_f64(),
        mb_s(bytes, imp.time),
        peak(&imp)
    );
    println!(
        "  daduk verify   {:>6.2}s {:>10} peak {}",
        ver.time.as_secs_f64(),
        mb_s(bytes, ver.time),
        peak(&ver)
    );
    let _ = fs::remove_dir_all(&ws);
    Ok(dir)
}
