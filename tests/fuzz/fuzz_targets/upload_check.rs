//! Issue #21.1: the whole upload check (size, type by magic bytes, the image decoder and
//! re-encoder, the PDF parser) gets arbitrary bytes, from seeds of real and hostile files
//! (`seeds/upload_check`: a photo, PNGs, PDFs, a pixel flood, nested arrays and dictionaries,
//! a truncated file, a PNG/PDF polyglot). Nothing may panic or hang, and whatever is accepted
//! is one of the three stored types and passes the check again as it would be stored.
//!
//! The server runs this check in a child process with memory, time and stack limits
//! (`server/src/uploads/sandbox.rs`) because lopdf recurses once per nesting level; here it runs
//! on a thread with a 512 MB stack so that inputs up to `-max_len` (64 KB, run.sh) are checked
//! rather than stopped by the guard the server relies on.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vartai_fuzz::upload_check::{check, Limits};

/// Small enough that a claimed picture is decoded in milliseconds.
const LIMITS: Limits = Limits { max_bytes: 1 << 20, max_pixels: 1 << 20 };

fuzz_target!(|data: &[u8]| {
    let data = data.to_vec();
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let Ok(accepted) = check(&data, &LIMITS) else {
                return;
            };
            assert!(matches!(
                (accepted.mime, accepted.extension),
                ("application/pdf", "pdf") | ("image/jpeg", "jpg") | ("image/png", "png")
            ));
            let again = check(&accepted.bytes, &LIMITS).unwrap_or_else(|e| {
                panic!("a stored {} fails its own check: {e:?}", accepted.mime)
            });
            assert_eq!(again.mime, accepted.mime);
        })
        .expect("a checking thread")
        .join()
        .expect("the check never panics");
});
