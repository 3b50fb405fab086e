//! A picture made ready to read: decoded within bounds, turned as the
//! camera says (EXIF), scaled to the size the engine reads best, turned
//! upright when it lies on its side, and straightened.

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, Luma, imageops};

use crate::Unreadable;

/// The widest or tallest picture decoded.
const MAX_SIDE: u32 = 20_000;

/// The most memory a decoder may take.
const MAX_ALLOC: u64 = 512 << 20;

/// Pages are read with their long side at most this long (an A4 page at
/// about 300 dpi); larger ones (phone photos) are shrunk.
const READ_SIDE: u32 = 3_500;

/// Smaller than this on its long side, a picture is enlarged ×2 first.
/// Measured (`cargo xtask bench read`): enlarging 150 dpi scans ×2 read
/// no better and took twice as long, so only thumbnails are enlarged.
const SMALL_SIDE: u32 = 1_000;

/// Tilts smaller than this are left to the engine, which finds a page's
/// text lines at that tilt itself: measured on the benchmark's scans
/// tilted 2.5–2.7°, straightening first read the same words and cost a
/// sixth of the page's time. Phone photos lean further.
const SMALL_TILT: f32 = 3.0;

/// A picture from its file bytes, grey, turned as its EXIF says.
pub(crate) fn decode(bytes: &[u8]) -> Result<GrayImage, Unreadable> {
    let failed = |e: image::ImageError| {
        Unreadable::Failed(match e {
            image::ImageError::Limits(_) => format!(
                "gambar terlalu besar untuk dibaca (paling besar {MAX_SIDE} piksel per sisi)"
            ),
            image::ImageError::Unsupported(_) => {
                return Unreadable::Unsupported(
                    "jenis gambar ini tidak dibaca (JPEG, PNG, TIFF, WebP, BMP dan GIF yang dibaca; \
                     simpan ulang sebagai JPEG)"
                        .into(),
                );
            }
            other => format!("gambar rusak: tidak dapat dibuka ({other})"),
        })
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Unreadable::Failed(format!("gambar tidak dapat dibuka ({e})")))?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(failed)?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(failed)?;
    if let Some(o) = orientation {
        picture.apply_orientation(o);
    }
    Ok(picture.into_luma8())
}

/// A page ready to read, and what was done to it.
pub(crate) struct Upright {
    pub image: GrayImage,
    /// Degrees turned clockwise (0 or 90; half turns are tried later).
    pub turned: u16,
    /// Degrees straightened by.
    pub skew: f32,
    /// Lit unevenly (a photo, not a scan): read with a local threshold.
    pub uneven: bool,
}

/// Brighter paper in one part of the page than in another by more than
/// this (of 255) is a photo's uneven light.
const UNEVEN_LIGHT: u8 = 45;

/// Whether the paper's brightness differs across the page: the median of
/// each cell of a 4 × 4 grid (paper, on a page of text; the cloth, on a
/// banner), compared.
fn unevenly_lit(page: &GrayImage) -> bool {
    let (w, h) = (page.width() / 4, page.height() / 4);
    if w == 0 || h == 0 {
        return false;
    }
    let mut papers = Vec::with_capacity(16);
    for gy in 0..4 {
        for gx in 0..4 {
            let mut hist = [0u32; 256];
            let mut n = 0u32;
            for y in (gy * h..(gy + 1) * h).step_by(4) {
                for x in (gx * w..(gx + 1) * w).step_by(4) {
                    hist[page.get_pixel(x, y).0[0] as usize] += 1;
                    n += 1;
                }
            }
            let (mut seen, mut paper) = (0u32, 255u8);
            for (v, c) in hist.iter().enumerate() {
                seen += c;
                if seen * 2 >= n {
                    paper = v as u8;
                    break;
                }
            }
            papers.push(paper);
        }
    }
    let (lo, hi) = (papers.iter().min(), papers.iter().max());
    matches!((lo, hi), (Some(lo), Some(hi)) if hi - lo > UNEVEN_LIGHT)
}

/// Scale, turn upright and straighten a grey page.
pub(crate) fn upright(page: GrayImage) -> Upright {
    let page = scaled(page);
    let sample = Sample::of(&page);
    let (along, along_score) = sample.best_angle(false);
    let (across, across_score) = sample.best_angle(true);
    // Lines of text across the page make far sharper row profiles than
    // the same page on its side.
    let (mut image, turned, skew) = if across_score > along_score * 1.5 {
        (imageops::rotate90(&page), 90, across)
    } else {
        (page, 0, along)
    };
    if skew.abs() >= SMALL_TILT {
        image = rotated(&image, skew);
    }
    let uneven = unevenly_lit(&image);
    Upright {
        image,
        turned,
        skew,
        uneven,
    }
}

/// The page at the size read best.
fn scaled(page: GrayImage) -> GrayImage {
    let long = page.width().max(page.height());
    let target = if long > READ_SIDE {
        READ_SIDE
    } else if long < SMALL_SIDE {
        (long * 2).min(READ_SIDE)
    } else {
        return page;
    };
    let factor = target as f64 / long as f64;
    let w = ((page.width() as f64 * factor).round() as u32).max(1);
    let h = ((page.height() as f64 * factor).round() as u32).max(1);
    imageops::resize(&page, w, h, imageops::FilterType::Triangle)
}

/// The dark points of a shrunken copy of the page, to find the angle of
/// its lines.
struct Sample {
    points: Vec<(f32, f32)>,
    height: f32,
    width: f32,
}

impl Sample {
    fn of(page: &GrayImage) -> Sample {
        let long = page.width().max(page.height()).max(1);
        let small = if long > 800 {
            let f = 800.0 / long as f64;
            imageops::resize(
                page,
                ((page.width() as f64 * f) as u32).max(1),
                ((page.height() as f64 * f) as u32).max(1),
                imageops::FilterType::Triangle,
            )
        } else {
            page.clone()
        };
        let cut = otsu(&small);
        let mut points = Vec::new();
        for (x, y, Luma([v])) in small.enumerate_pixels() {
            if *v < cut {
                points.push((x as f32, y as f32));
            }
        }
        // A page mostly dark is a photo, not text: sample it sparsely.
        if points.len() > 60_000 {
            let step = points.len() / 60_000 + 1;
            points = points.into_iter().step_by(step).collect();
        }
        Sample {
            points,
            width: small.width() as f32,
            height: small.height() as f32,
        }
    }

    /// The angle (degrees) whose row profile is sharpest, and how sharp;
    /// `across`: of the page turned a quarter.
    fn best_angle(&self, across: bool) -> (f32, f64) {
        let score = |deg: f32| self.sharpness(deg, across);
        let mut best = (0.0, score(0.0));
        let mut deg = -12.0;
        while deg <= 12.0 {
            let s = score(deg);
            if s > best.1 {
                best = (deg, s);
            }
            deg += 1.0;
        }
        let coarse = best.0;
        let mut deg = coarse - 1.0;
        while deg <= coarse + 1.0 {
            let s = score(deg);
            if s > best.1 {
                best = (deg, s);
            }
            deg += 0.1;
        }
        ((best.0 * 10.0f32).round() / 10.0, best.1)
    }

    /// The sum of squared row counts of the points turned by `deg`.
    fn sharpness(&self, deg: f32, across: bool) -> f64 {
        let (sin, cos) = deg.to_radians().sin_cos();
        let span = self.width.hypot(self.height) as usize + 2;
        let mut rows = vec![0u32; 2 * span];
        for &(x, y) in &self.points {
            let (x, y) = if across { (y, x) } else { (x, y) };
            let r = y * cos - x * sin + span as f32;
            if r >= 0.0 && (r as usize) < rows.len() {
                rows[r as usize] += 1;
            }
        }
        rows.iter().map(|&c| (c as f64) * (c as f64)).sum()
    }
}

/// Otsu's threshold of a grey image.
fn otsu(image: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in image.pixels() {
        hist[p.0[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut below, mut below_sum, mut best, mut cut) = (0u64, 0f64, 0f64, 128u8);
    for (i, &c) in hist.iter().enumerate() {
        below += c;
        if below == 0 || below == total {
            continue;
        }
        below_sum += i as f64 * c as f64;
        let above = total - below;
        let m0 = below_sum / below as f64;
        let m1 = (sum - below_sum) / above as f64;
        let between = below as f64 * above as f64 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            cut = i as u8;
        }
    }
    cut
}

/// The image turned by `deg` degrees (straightening a page tilted by
/// `deg`), white where nothing was, with bilinear sampling.
fn rotated(image: &GrayImage, deg: f32) -> GrayImage {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let (w, h) = (width as f32, height as f32);
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (w / 2.0, h / 2.0);
    let src = image.as_raw();
    let mut out = vec![255u8; width * height];
    for (y, row) in out.chunks_exact_mut(width).enumerate() {
        let dy = y as f32 - cy;
        // Where this row's first pixel comes from in the tilted page; each
        // next pixel is one step of (cos, sin) further.
        let mut sx = -cx * cos - dy * sin + cx;
        let mut sy = -cx * sin + dy * cos + cy;
        for px in row.iter_mut() {
            if sx >= 0.0 && sy >= 0.0 && sx < w - 1.0 && sy < h - 1.0 {
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let at = y0 * width + x0;
                let p = |i: usize| f32::from(src[i]);
                let top = p(at) + (p(at + 1) - p(at)) * fx;
                let bottom = p(at + width) + (p(at + width + 1) - p(at + width)) * fx;
                *px = (top + (bottom - top) * fy).round() as u8;
            }
            sx += cos;
            sy += sin;
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_else(|| image.clone())
}

/// The image as binary PGM, the one format every build of the engine reads
/// without an image library.
pub(crate) fn pgm(image: &GrayImage) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", image.width(), image.height()).into_bytes();
    out.extend_from_slice(image.as_raw());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of dark bars in rows, like lines of text.
    fn lines_page(w: u32, h: u32) -> GrayImage {
        GrayImage::from_fn(w, h, |x, y| {
            let in_line = (y / 12) % 3 == 1 && x > 40 && x < w - 40 && (x / 9) % 7 != 0;
            Luma([if in_line { 20 } else { 245 }])
        })
    }

    #[test]
    fn a_tilted_page_is_found_tilted_by_its_angle() {
        let page = lines_page(900, 1200);
        for tilt in [-6.0f32, -2.5, 0.0, 3.0, 8.0] {
            let tilted = rotated(&page, tilt);
            let (angle, _) = Sample::of(&tilted).best_angle(false);
            assert!(
                (angle + tilt).abs() <= 0.35,
                "tilted by {tilt}, found {angle}"
            );
        }
    }

    #[test]
    fn a_page_on_its_side_is_turned_upright() {
        let page = lines_page(900, 1200);
        let side = imageops::rotate270(&page);
        let up = upright(side);
        assert_eq!(up.turned, 90);
        assert!(up.skew.abs() < 0.35);
        let straight = upright(page);
        assert_eq!(straight.turned, 0);
    }

    #[test]
    fn pictures_beyond_the_bounds_or_damaged_say_so() {
        // A PNG header claiming 100000 × 100000 pixels.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 0, 0, 0, 0, 0, 0, 0, 0]);
        let e = decode(&png).unwrap_err().to_string();
        assert!(e.contains("terlalu besar") || e.contains("rusak"), "{e}");
        let e = decode(b"\xFF\xD8\xFF\xE0garbage").unwrap_err().to_string();
        assert!(e.contains("rusak"), "{e}");
    }
}
