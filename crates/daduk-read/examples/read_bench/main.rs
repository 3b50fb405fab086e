//! `cargo xtask bench read`: how well and how fast Daduk reads evidence by
//! its content, on a corpus built here of realistic Indonesian documents
//! (see `corpus.rs`), against `pdftotext` (text PDFs) and the `tesseract`
//! command on the same page images (OCR), in the same run.
//!
//! Usage: `read_bench OUT_DIR [DOCS]` (DOCS documents, 10 by default).

mod corpus;
mod pictures;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use daduk_domain::content::{ItemIndex, read_facts_of};
use daduk_domain::template::Template;

/// One file of the corpus and the truth about it.
struct Case {
    variant: &'static str,
    path: PathBuf,
    kind: &'static str,
    item: &'static str,
    date: chrono::NaiveDate,
    number: Option<String>,
}

#[derive(Default)]
struct Tally {
    files: usize,
    kind: usize,
    date: usize,
    numbered: usize,
    number: usize,
    item1: usize,
    item3: usize,
    ours: Duration,
    baseline: Duration,
    /// Words read, by Daduk and by the baseline tool.
    words: (usize, usize),
    failed: Vec<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: read_bench OUT_DIR [DOCS]"));
    let docs: usize = args
        .next()
        .map_or(10, |n| n.parse().expect("DOCS is a number"));
    std::fs::create_dir_all(&out).expect("create the corpus folder");
    let started = Instant::now();
    let cases = build(&out, docs);
    println!(
        "corpus: {} files from {docs} documents in {} ({:.1} s to build)",
        cases.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    let template = Template::default_lke();
    let index = ItemIndex::new(&template);
    let variants = [
        "pdf-teks",
        "docx",
        "pindaian-jpeg",
        "pindaian-pdf",
        "foto-kertas",
        "foto-spanduk",
    ];
    let mut tallies: Vec<(&str, Tally)> = variants.iter().map(|v| (*v, Tally::default())).collect();
    for case in &cases {
        let bytes = std::fs::read(&case.path).expect("read a corpus file");
        let name = case
            .path
            .file_name()
            .expect("a corpus file has a name")
            .to_string_lossy()
            .into_owned();
        let t = Instant::now();
        let reading = daduk_read::read(&name, &bytes);
        let ours = t.elapsed();
        let (baseline, baseline_words) = baseline(case);
        let tally = &mut tallies
            .iter_mut()
            .find(|(v, _)| *v == case.variant)
            .expect("every variant is tallied")
            .1;
        tally.files += 1;
        tally.ours += ours;
        tally.baseline += baseline;
        tally.words.1 += baseline_words;
        let reading = match reading {
            Ok(r) => r,
            Err(e) => {
                tally.failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        tally.words.0 += reading.text.split_whitespace().count();
        let facts = read_facts_of(&reading.text, reading.format == daduk_read::Format::Image);
        let items = index.suggest(&template, &facts, &reading.text);
        tally.kind += usize::from(facts.kind.as_deref() == Some(case.kind));
        tally.date += usize::from(facts.date == Some(case.date));
        if let Some(n) = &case.number {
            tally.numbered += 1;
            tally.number += usize::from(facts.number.as_deref() == Some(n.as_str()));
        }
        let codes: Vec<String> = items.iter().map(|s| s.item.to_string()).collect();
        tally.item1 += usize::from(codes.first().map(String::as_str) == Some(case.item));
        tally.item3 += usize::from(codes.iter().take(3).any(|c| c == case.item));
        if std::env::var_os("READ_BENCH_VERBOSE").is_some() {
            println!(
                "  {name}: {:.2} s / {:.2} s, kind {:?}/{} date {:?}/{} number {:?}/{:?} items {:?}/{}",
                ours.as_secs_f64(),
                baseline.as_secs_f64(),
                facts.kind,
                case.kind,
                facts.date,
                case.date,
                facts.number,
                case.number,
                codes.iter().take(3).collect::<Vec<_>>(),
                case.item
            );
        }
    }
    report(&tallies);
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * n as f64 / of as f64)
    }
}

fn report(tallies: &[(&str, Tally)]) {
    println!(
        "\n{:<14} {:>5} {:>6} {:>6} {:>7} {:>7} {:>7} {:>9} {:>9} {:>6} {:>6}  baseline",
        "varian",
        "berkas",
        "jenis",
        "tgl",
        "nomor",
        "butir1",
        "butir3",
        "daduk s",
        "dasar s",
        "rasio",
        "kata"
    );
    let mut all = Tally::default();
    for (variant, t) in tallies {
        let base = if variant.starts_with("pdf") {
            "pdftotext"
        } else if *variant == "docx" {
            "-"
        } else {
            "tesseract -l ind"
        };
        println!(
            "{:<14} {:>5} {:>6} {:>6} {:>7} {:>7} {:>7} {:>9.2} {:>9.2} {:>6} {:>6}  {base}",
            variant,
            t.files,
            pct(t.kind, t.files),
            pct(t.date, t.files),
            pct(t.number, t.numbered),
            pct(t.item1, t.files),
            pct(t.item3, t.files),
            t.ours.as_secs_f64(),
            t.baseline.as_secs_f64(),
            if t.baseline.is_zero() {
                "-".into()
            } else {
                format!("{:.2}×", t.ours.as_secs_f64() / t.baseline.as_secs_f64())
            },
            // How many words Daduk read for each the baseline read.
            if t.words.1 == 0 {
                "-".into()
            } else {
                format!("{:.2}×", t.words.0 as f64 / t.words.1 as f64)
            },
        );
        for f in &t.failed {
            println!("    tidak terbaca: {f}");
        }
        all.files += t.files;
        all.kind += t.kind;
        all.date += t.date;
        all.numbered += t.numbered;
        all.number += t.number;
        all.item1 += t.item1;
        all.item3 += t.item3;
    }
    println!(
        "{:<14} {:>5} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "semua",
        all.files,
        pct(all.kind, all.files),
        pct(all.date, all.files),
        pct(all.number, all.numbered),
        pct(all.item1, all.files),
        pct(all.item3, all.files)
    );
    println!(
        "aims: jenis ≥ 90%, tanggal ≥ 90%, nomor ≥ 85%, butir di tiga teratas ≥ 80%, OCR ≤ 1.2× tesseract, PDF teks ≤ 1.5× pdftotext\n\
         kata: words Daduk read for each word the baseline read (a photo's shaded half, read with a local threshold, costs its time)"
    );
}

/// The same file read by the baseline tool; its time and the words it read.
fn baseline(case: &Case) -> (Duration, usize) {
    let t = Instant::now();
    let status = match case.variant {
        "pdf-teks" => Command::new("pdftotext").arg(&case.path).arg("-").output(),
        "pindaian-jpeg" | "foto-kertas" | "foto-spanduk" => Command::new("tesseract")
            .arg(&case.path)
            .args(["-", "-l", "ind"])
            .env("OMP_THREAD_LIMIT", "1")
            .output(),
        // The scanned PDF's page picture is the scan beside it.
        "pindaian-pdf" => Command::new("tesseract")
            .arg(case.path.with_extension("jpg"))
            .args(["-", "-l", "ind"])
            .env("OMP_THREAD_LIMIT", "1")
            .output(),
        _ => return (Duration::ZERO, 0),
    };
    let out = status.expect("run the baseline tool");
    assert!(
        out.status.success(),
        "baseline failed on {}",
        case.path.display()
    );
    (
        t.elapsed(),
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .count(),
    )
}

/// Write the corpus: every document as a text PDF and a Word file, most as
/// scans, some as scanned PDFs and phone photos; banners as photos.
fn build(out: &Path, docs: usize) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, spec) in corpus::specs(docs).into_iter().enumerate() {
        let case = |variant, path: PathBuf| Case {
            variant,
            path,
            kind: spec.kind,
            item: spec.item,
            date: spec.date,
            number: spec.number.clone(),
        };
        let (pdf, _) = daduk_doc::pdf::render(&spec.doc).expect("render the PDF");
        let pdf_path = out.join(format!("Dokumen ({i}).pdf"));
        std::fs::write(&pdf_path, &pdf).expect("write");
        cases.push(case("pdf-teks", pdf_path.clone()));
        let docx = daduk_doc::docx::render(&spec.doc).expect("render the DOCX");
        let docx_path = out.join(format!("Dokumen ({i}).docx"));
        std::fs::write(&docx_path, docx).expect("write");
        cases.push(case("docx", docx_path));
        let dpi = if i % 2 == 0 { 150 } else { 200 };
        let page = pictures::page_image(&pdf_path, dpi);
        let scan = pictures::scanned(&page, i);
        let scan_path = out.join(format!("scan{:04}.jpg", i));
        std::fs::write(&scan_path, &scan).expect("write");
        cases.push(case("pindaian-jpeg", scan_path));
        if i % 2 == 1 {
            let path = out.join(format!("scan{:04}.pdf", i + 1000));
            std::fs::write(
                &path,
                pictures::pdf_of_jpeg(&scan, page.width(), page.height()),
            )
            .expect("write");
            std::fs::write(path.with_extension("jpg"), &scan).expect("write");
            cases.push(case("pindaian-pdf", path));
        }
        if i % 2 == 0 {
            let path = out.join(format!("IMG_20260{}_{:06}.jpg", i % 9 + 1, 101_522 + i));
            std::fs::write(&path, pictures::photo_of_paper(&page, i)).expect("write");
            cases.push(case("foto-kertas", path));
        }
        if i % 3 == 0 {
            let (lines, date) = corpus::banner_lines(i);
            let path = out.join(format!(
                "WhatsApp Image 2026-03-{:02} at 10.22.{:02}.jpeg",
                i % 28 + 1,
                i % 60
            ));
            std::fs::write(&path, pictures::banner_photo(out, &lines, i)).expect("write");
            cases.push(Case {
                variant: "foto-spanduk",
                path,
                kind: "foto",
                item: "P.1.ii.c",
                date,
                number: None,
            });
        }
    }
    cases
}
