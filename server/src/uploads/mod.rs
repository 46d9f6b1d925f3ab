//! Uploaded documents (issue #5.4): the checks a file must pass (`check`, run in a child process
//! with hard limits by `sandbox`, issue #21.1) and where the
//! accepted bytes live (`store`): content-addressed files under `<data dir>/files`, named by
//! their SHA-256, so the same bytes are stored once and a name says nothing about its owner.
//! Who may read a file is recorded in the database, never in the path.
pub mod check;
pub mod clamav;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod sandbox;

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// Where the file with this SHA-256 (lower-case hex) lives: `<root>/<first two>/<all>`.
pub fn path_of(root: &Path, sha256: &str) -> Option<PathBuf> {
    let ok = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| root.join(&sha256[..2]).join(sha256))
}

/// Stores `bytes` under their SHA-256 and returns it. Written to a temporary name and renamed,
/// so a reader never sees half a file; storing the same bytes again changes nothing.
pub fn store(root: &Path, bytes: &[u8]) -> io::Result<String> {
    let sha = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let path = path_of(root, &sha).expect("a SHA-256 is 64 hex digits");
    if path.exists() {
        return Ok(sha);
    }
    let dir = path.parent().expect("files live in a sub-directory");
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{sha}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    Ok(sha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_stored_once_under_their_hash() {
        let root = std::env::temp_dir().join(format!("vartai-store-{}", std::process::id()));
        let a = store(&root, b"hello").unwrap();
        assert_eq!(
            a,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(store(&root, b"hello").unwrap(), a);
        let path = path_of(&root, &a).unwrap();
        assert!(path.starts_with(root.join("2c")));
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(path_of(&root, "../../etc/passwd"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
