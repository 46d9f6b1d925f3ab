//! The ClamAV hook (issue #5.4): when `VARTAI_CLAMAV` names a clamd (`host:port`), every
//! accepted file is streamed to it with clamd's `INSTREAM` command before it is stored.
//! A file clamd reports as infected is refused; if clamd cannot be reached the upload fails
//! with 503 (a file is never stored unchecked when a scanner is configured).
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// clamd's answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The signature name clamd reported.
    Infected(String),
}

/// Streams `bytes` to clamd at `address` and reads its verdict (30 s at most).
pub async fn scan(address: &str, bytes: &[u8]) -> std::io::Result<Verdict> {
    tokio::time::timeout(Duration::from_secs(30), scan_inner(address, bytes))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "clamd timed out"))?
}

async fn scan_inner(address: &str, bytes: &[u8]) -> std::io::Result<Verdict> {
    let mut stream = TcpStream::connect(address).await?;
    stream.write_all(b"zINSTREAM\0").await?;
    for chunk in bytes.chunks(64 * 1024) {
        let len = u32::try_from(chunk.len()).unwrap_or(u32::MAX);
        stream.write_all(&len.to_be_bytes()).await?;
        stream.write_all(chunk).await?;
    }
    stream.write_all(&0u32.to_be_bytes()).await?;
    stream.flush().await?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await?;
    let text = String::from_utf8_lossy(&reply);
    let text = text.trim_end_matches(['\0', '\n']).trim();
    // "stream: OK" or "stream: <signature> FOUND" (or "… ERROR" when clamd refuses).
    let answer = text.strip_prefix("stream:").unwrap_or(text).trim();
    if answer == "OK" {
        Ok(Verdict::Clean)
    } else if let Some(name) = answer.strip_suffix("FOUND") {
        Ok(Verdict::Infected(name.trim().to_string()))
    } else {
        Err(std::io::Error::other(format!("clamd answered {text:?}")))
    }
}
