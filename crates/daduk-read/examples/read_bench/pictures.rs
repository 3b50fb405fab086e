//! The pictures of the corpus: a page drawn by `pdftoppm`, then made to
//! look scanned (tilted, speckled, JPEG-compressed) or photographed (on a
//! desk, lit unevenly, soft, sometimes on its side), and event banners.

use std::path::Path;
use std::process::Command;

use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma, Rgb, RgbImage, imageops};

/// A deterministic pseudo-random sequence (the corpus is the same every run).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as f32) / (u32::MAX >> 1) as f32
    }
}

/// The first page of a PDF at `dpi`, grey.
pub fn page_image(pdf: &Path, dpi: u32) -> GrayImage {
    let stem = pdf.with_extension("");
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("run pdftoppm (poppler-utils)");
    assert!(out.status.success(), "pdftoppm failed");
    let pgm = stem.with_extension("pgm");
    let image = image::open(&pgm)
        .expect("read pdftoppm's page")
        .into_luma8();
    std::fs::remove_file(pgm).ok();
    image
}

fn jpeg_gray(image: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .expect("encode JPEG");
    out
}

fn jpeg_rgb(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .expect("encode JPEG");
    out
}

/// Turn by `deg` degrees about the centre, `fill` outside.
fn turned(image: &GrayImage, deg: f32, fill: u8) -> GrayImage {
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (image.width() as f32 / 2.0, image.height() as f32 / 2.0);
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let sx = (dx * cos - dy * sin + cx).round();
        let sy = (dx * sin + dy * cos + cy).round();
        if sx < 0.0 || sy < 0.0 || sx >= image.width() as f32 || sy >= image.height() as f32 {
            Luma([fill])
        } else {
            *image.get_pixel(sx as u32, sy as u32)
        }
    })
}

/// A flatbed scan: tilted up to 4°, speckled, JPEG at quality 55–75.
pub fn scanned(page: &GrayImage, i: usize) -> Vec<u8> {
    let mut noise = Noise(i as u64 + 7);
    let tilt = (noise.next() - 0.5) * 8.0;
    let mut image = turned(page, tilt, 250);
    for p in image.pixels_mut() {
        let n = (noise.next() - 0.5) * 40.0;
        let speck = if noise.next() < 0.002 { -180.0 } else { 0.0 };
        p.0[0] = (p.0[0] as f32 + n + speck).clamp(0.0, 255.0) as u8;
    }
    jpeg_gray(&image, 55 + (i % 3) as u8 * 10)
}

/// A one-page PDF whose page is the JPEG (a scanner's PDF).
pub fn pdf_of_jpeg(jpeg: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut pdf = Vec::new();
    let mut offsets = Vec::new();
    pdf.extend_from_slice(b"%PDF-1.4\n");
    let content = b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        [
            format!("<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n", jpeg.len()).into_bytes(),
            jpeg.to_vec(),
            b"\nendstream".to_vec(),
        ]
        .concat(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(),
            content,
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    for (n, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", n + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A phone photo of the paper: on a desk, lit from one side, a little
/// soft, tilted, every other one taken sideways (landscape).
pub fn photo_of_paper(page: &GrayImage, i: usize) -> Vec<u8> {
    let mut noise = Noise(i as u64 + 99);
    let margin = page.width() / 12;
    let (w, h) = (page.width() + 2 * margin, page.height() + 2 * margin);
    let mut desk = GrayImage::from_pixel(w, h, Luma([90]));
    imageops::overlay(&mut desk, page, margin as i64, margin as i64);
    let tilt = (noise.next() - 0.5) * 10.0;
    let mut image = turned(&desk, tilt, 90);
    for (x, y, p) in image.enumerate_pixels_mut() {
        let light = 0.65 + 0.35 * (x as f32 / w as f32) * (1.0 - 0.3 * y as f32 / h as f32);
        let n = (noise.next() - 0.5) * 16.0;
        p.0[0] = (p.0[0] as f32 * light + n).clamp(0.0, 255.0) as u8;
    }
    let image = imageops::blur(&image, 0.7);
    let image = if i.is_multiple_of(4) {
        imageops::rotate90(&image)
    } else {
        image
    };
    jpeg_gray(&image, 70)
}

/// A photo of an event's banner: its lines in large light letters on red,
/// lit unevenly, tilted.
pub fn banner_photo(dir: &Path, lines: &[String], i: usize) -> Vec<u8> {
    let doc = daduk_doc::model::Doc {
        title: String::new(),
        subject: String::new(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        blocks: vec![daduk_doc::model::Block::Title(lines.to_vec())],
    };
    let (pdf, _) = daduk_doc::pdf::render(&doc).expect("render the banner");
    let pdf_path = dir.join(format!("banner-{i}.pdf"));
    std::fs::write(&pdf_path, pdf).expect("write");
    let page = page_image(&pdf_path, 220);
    std::fs::remove_file(&pdf_path).ok();
    // The lines only: the top of the page, where the title is.
    let band = imageops::crop_imm(&page, 0, 0, page.width(), page.height() / 4).to_image();
    let band = turned(&band, (i as f32 % 5.0) - 2.0, 255);
    let mut noise = Noise(i as u64 + 3);
    let (w, h) = band.dimensions();
    let photo = RgbImage::from_fn(w, h, |x, y| {
        let ink = 1.0 - band.get_pixel(x, y).0[0] as f32 / 255.0;
        let light = 0.7 + 0.3 * (1.0 - x as f32 / w as f32);
        let n = (noise.next() - 0.5) * 20.0;
        let mix =
            |bg: f32, fg: f32| ((bg * (1.0 - ink) + fg * ink) * light + n).clamp(0.0, 255.0) as u8;
        Rgb([mix(170.0, 255.0), mix(25.0, 240.0), mix(35.0, 190.0)])
    });
    let _ = h;
    jpeg_rgb(&imageops::blur(&photo, 0.6), 75)
}
