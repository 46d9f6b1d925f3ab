//! Issue #5.4 — what an uploaded document must pass before it is stored. The server decides
//! by itself, never by the file name or the browser's `Content-Type`:
//!
//! 1. Size: at most the configured limit (default 10 MB).
//! 2. Type by magic bytes (`infer`): only PDF, JPEG and PNG.
//! 3. Images are decoded with limits (`image`): the header's dimensions are read first and a
//!    picture over the pixel limit (a "pixel flood", a few KB that would expand to gigabytes)
//!    is refused before any pixel is decoded; then the image is decoded with a memory cap and
//!    re-encoded, so what is stored is a clean picture (no metadata, no trailing payload), turned
//!    upright by its EXIF orientation first.
//! 4. PDFs are parsed (`lopdf`): a truncated or malformed file, or one without a page, is
//!    refused. They are stored as sent.
//!
//! Each refusal is a `RuleErrorKind` the pages translate (`file_too_large`, …).
use app::rules::RuleErrorKind;
use std::io::Cursor;

/// The limits an upload is checked against.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Largest picture accepted, in pixels (width × height).
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            // 40 megapixels: any phone camera's photo, well below what would exhaust memory.
            max_pixels: 40_000_000,
        }
    }
}

/// A file that passed: the bytes to store and their type.
#[derive(Debug)]
pub struct Accepted {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub extension: &'static str,
}

/// Checks one upload (see the module comment). The parsers are not bounded by themselves (a
/// nested PDF overflows the stack): the server runs this in a child process with hard limits
/// (`sandbox`), never in its own.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<Accepted, RuleErrorKind> {
    precheck(bytes, limits)?;
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => check_pdf(bytes),
        Some("image/jpeg") => reencode(bytes, image::ImageFormat::Jpeg, limits),
        Some("image/png") => reencode(bytes, image::ImageFormat::Png, limits),
        _ => Err(RuleErrorKind::FileTypeNotAccepted),
    }
}

/// What is decided without parsing anything: the size and the type by magic bytes.
pub fn precheck(bytes: &[u8], limits: &Limits) -> Result<(), RuleErrorKind> {
    if bytes.len() > limits.max_bytes {
        return Err(RuleErrorKind::FileTooLarge {
            max_mb: u32::try_from(limits.max_bytes.div_ceil(1024 * 1024)).unwrap_or(u32::MAX),
        });
    }
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf" | "image/jpeg" | "image/png") => Ok(()),
        _ => Err(RuleErrorKind::FileTypeNotAccepted),
    }
}

/// The stored type (MIME type, extension) of an accepted file's extension.
pub fn known_type(extension: &str) -> Option<(&'static str, &'static str)> {
    match extension {
        "pdf" => Some(("application/pdf", "pdf")),
        "jpg" => Some(("image/jpeg", "jpg")),
        "png" => Some(("image/png", "png")),
        _ => None,
    }
}

fn check_pdf(bytes: &[u8]) -> Result<Accepted, RuleErrorKind> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|_| RuleErrorKind::FileDamaged)?;
    if doc.get_pages().is_empty() {
        return Err(RuleErrorKind::FileDamaged);
    }
    Ok(Accepted {
        bytes: bytes.to_vec(),
        mime: "application/pdf",
        extension: "pdf",
    })
}

fn reencode(
    bytes: &[u8],
    format: image::ImageFormat,
    limits: &Limits,
) -> Result<Accepted, RuleErrorKind> {
    use image::{DynamicImage, ImageDecoder, ImageReader};
    let too_large = || RuleErrorKind::ImageTooLarge {
        max_mpx: u32::try_from(limits.max_pixels / 1_000_000).unwrap_or(u32::MAX),
    };
    // The header's dimensions first: a flood is refused before a pixel is decoded.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| RuleErrorKind::FileDamaged)?;
    if u64::from(w) * u64::from(h) > limits.max_pixels {
        return Err(too_large());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decode_limits = image::Limits::default();
    // RGBA at 8 bits per channel, plus the decoder's own buffers.
    decode_limits.max_alloc = Some(limits.max_pixels.saturating_mul(4).saturating_add(64 << 20));
    reader.limits(decode_limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        _ => RuleErrorKind::FileDamaged,
    })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        _ => RuleErrorKind::FileDamaged,
    })?;
    picture.apply_orientation(orientation);
    let mut out = Vec::new();
    let (mime, extension) = match format {
        image::ImageFormat::Png => {
            picture
                .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
                .map_err(|_| RuleErrorKind::FileDamaged)?;
            ("image/png", "png")
        }
        _ => {
            // JPEG has no alpha channel: flatten to RGB.
            let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
            rgb.write_with_encoder(encoder)
                .map_err(|_| RuleErrorKind::FileDamaged)?;
            ("image/jpeg", "jpg")
        }
    };
    Ok(Accepted { bytes: out, mime, extension })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uploads::fixtures::*;

    #[test]
    fn pictures_are_re_encoded_and_pdfs_kept() {
        let limits = Limits::default();
        let a = check(&png(40, 30), &limits).unwrap();
        assert_eq!((a.mime, a.extension), ("image/png", "png"));
        assert_eq!(image::load_from_memory(&a.bytes).unwrap().width(), 40);
        let mut with_payload = jpeg(20, 10);
        with_payload.extend_from_slice(b"<script>alert(1)</script>");
        let a = check(&with_payload, &limits).unwrap();
        assert_eq!(a.mime, "image/jpeg");
        assert!(
            !a.bytes.windows(8).any(|w| w == b"<script>"),
            "the trailing payload is gone"
        );
        let pdf = pdf();
        let a = check(&pdf, &limits).unwrap();
        assert_eq!((a.mime, a.bytes.len()), ("application/pdf", pdf.len()));
    }

    #[test]
    fn refusals_name_their_reason() {
        let limits = Limits { max_bytes: 2 * 1024 * 1024, max_pixels: 40_000_000 };
        assert_eq!(
            check(&vec![0u8; 2 * 1024 * 1024 + 1], &limits).unwrap_err(),
            RuleErrorKind::FileTooLarge { max_mb: 2 }
        );
        assert_eq!(
            check(b"GIF89a\x01\x00\x01\x00", &limits).unwrap_err(),
            RuleErrorKind::FileTypeNotAccepted
        );
        assert_eq!(
            check(b"MZ\x90\x00 this is a program", &limits).unwrap_err(),
            RuleErrorKind::FileTypeNotAccepted,
            "a Windows program renamed .pdf"
        );
        // 100 000 × 100 000 pixels in a few dozen bytes.
        assert_eq!(
            check(&png_flood(100_000, 100_000), &limits).unwrap_err(),
            RuleErrorKind::ImageTooLarge { max_mpx: 40 }
        );
        let pdf = pdf();
        assert_eq!(
            check(&pdf[..pdf.len() / 2], &limits).unwrap_err(),
            RuleErrorKind::FileDamaged,
            "a truncated PDF"
        );
        let png = png(50, 50);
        assert_eq!(
            check(&png[..png.len() - 30], &limits).unwrap_err(),
            RuleErrorKind::FileDamaged,
            "a truncated PNG"
        );
    }
}
