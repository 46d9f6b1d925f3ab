//! Issue #21.1 — the upload check runs in a child process with hard limits, so no file can take
//! the server down.
//!
//! The parsers are not bounded by themselves: `lopdf` recurses once per nested array or
//! dictionary and overflows the stack on a ~10 KB file (the process aborts; no `catch_unwind`
//! catches it), and the nesting can hide in a compressed object stream, where no scan of the raw
//! bytes sees it. Decoding an image may take hundreds of MB. So the server runs the check
//! (`check::check`) as `<program> check-upload …`, a fresh process of its own binary that:
//!
//! * gets the file on standard input and answers on standard output (a JSON line, then the
//!   re-encoded picture's bytes, if any);
//! * limits itself before reading a byte: address space (`VARTAI_UPLOAD_CHECK_MB`, default
//!   1024), CPU time (`VARTAI_UPLOAD_CHECK_SECONDS`, default 10), no files written, no core dump;
//! * starts with an empty environment in `/`: a parser bug reaches no secret and no data.
//!
//! A child that crashes, runs out of memory or time is a damaged file to the applicant and a
//! warning in the log. At most `VARTAI_UPLOAD_CHECKS` checks run at once (default: the number of
//! CPUs); an upload waits up to 30 s for its turn, then gets 503 "try again".
use super::check::{self, Accepted, Limits};
use app::rules::RuleErrorKind;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The argument the server's own binary recognises as "be the upload checker".
pub const COMMAND: &str = "check-upload";

/// What the child may use.
#[derive(Clone, Copy, Debug)]
pub struct ChildLimits {
    /// Address space, in bytes.
    pub memory_bytes: u64,
    /// CPU time, in seconds.
    pub cpu_secs: u64,
}

impl Default for ChildLimits {
    fn default() -> Self {
        ChildLimits { memory_bytes: 1024 << 20, cpu_secs: 10 }
    }
}

/// The checker the server uses (one per process, shared by all uploads).
#[derive(Clone, Debug)]
pub struct Checker {
    program: PathBuf,
    limits: Limits,
    child: ChildLimits,
    permits: Arc<Semaphore>,
    wait: Duration,
}

/// What became of an upload.
#[derive(Debug)]
pub enum Outcome {
    Accepted(Accepted),
    Refused(RuleErrorKind),
    /// Every check slot stayed busy for the whole wait.
    Busy,
    /// The checker could not be run at all (a server fault, logged).
    Unavailable,
}

/// The child's answer, the first line of its standard output.
#[derive(Debug, Serialize, Deserialize)]
enum Verdict {
    /// Accepted; when `rewritten`, the bytes to store follow the line (a re-encoded picture),
    /// otherwise the file is stored as sent.
    Accepted {
        extension: String,
        rewritten: bool,
    },
    Refused(RuleErrorKind),
}

impl Checker {
    /// `program` is run as `<program> check-upload …`; `at_once` checks may run together.
    pub fn new(program: PathBuf, limits: Limits, child: ChildLimits, at_once: usize) -> Self {
        Checker {
            program,
            limits,
            child,
            permits: Arc::new(Semaphore::new(at_once.max(1))),
            wait: Duration::from_secs(30),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Checks `bytes` in a child process (see the module comment). What costs nothing and
    /// parses nothing (the size, the type by magic bytes) is decided here, without a child.
    pub async fn check(&self, bytes: Vec<u8>) -> Outcome {
        if let Err(kind) = check::precheck(&bytes, &self.limits) {
            return Outcome::Refused(kind);
        }
        let permit =
            match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
                Ok(Ok(p)) => p,
                _ => return Outcome::Busy,
            };
        let this = self.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let answer = this.run_child(&bytes);
            drop(permit);
            (answer, bytes)
        })
        .await;
        match outcome {
            Ok((Ok((Verdict::Refused(kind), _)), _)) => Outcome::Refused(kind),
            Ok((Ok((Verdict::Accepted { extension, .. }, rewritten)), sent)) => {
                match check::known_type(&extension) {
                    Some((mime, extension)) => Outcome::Accepted(Accepted {
                        bytes: rewritten.unwrap_or(sent),
                        mime,
                        extension,
                    }),
                    None => {
                        tracing::error!(%extension, "the upload checker answered an unknown type");
                        Outcome::Unavailable
                    }
                }
            }
            Ok((Err(ChildError::Crashed(why)), _)) => {
                tracing::warn!(%why, "an upload stopped its checker: refused as damaged");
                Outcome::Refused(RuleErrorKind::FileDamaged)
            }
            Ok((Err(ChildError::Spawn(e)), _)) => {
                tracing::error!(error = %e, program = %self.program.display(),
                    "the upload checker cannot run");
                Outcome::Unavailable
            }
            Err(e) => {
                tracing::error!(error = %e, "the upload check task failed");
                Outcome::Unavailable
            }
        }
    }

    /// Runs one child on `bytes`: its verdict, and the bytes to store instead when it rewrote
    /// the file.
    fn run_child(&self, bytes: &[u8]) -> Result<(Verdict, Option<Vec<u8>>), ChildError> {
        let mut child = Command::new(&self.program)
            .arg(COMMAND)
            .arg(self.limits.max_bytes.to_string())
            .arg(self.limits.max_pixels.to_string())
            .arg(self.child.memory_bytes.to_string())
            .arg(self.child.cpu_secs.to_string())
            .env_clear()
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(ChildError::Spawn)?;
        let mut stdin = child.stdin.take().expect("piped");
        let output = std::thread::scope(|s| {
            // The child reads everything before it writes; a child that died early makes this
            // write fail (EPIPE), and its exit status says why.
            s.spawn(move || {
                let _ = stdin.write_all(bytes);
            });
            child.wait_with_output()
        })
        .map_err(|e| ChildError::Crashed(format!("waiting for the checker: {e}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: String = stderr
                .lines()
                .last()
                .unwrap_or("")
                .chars()
                .take(200)
                .collect();
            return Err(ChildError::Crashed(format!("{} ({tail})", output.status)));
        }
        let out = output.stdout;
        let line_end = out
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| ChildError::Crashed("no answer line".into()))?;
        let verdict: Verdict = serde_json::from_slice(&out[..line_end])
            .map_err(|e| ChildError::Crashed(format!("unreadable answer: {e}")))?;
        let rewritten = matches!(verdict, Verdict::Accepted { rewritten: true, .. })
            .then(|| out[line_end + 1..].to_vec());
        Ok((verdict, rewritten))
    }
}

#[derive(Debug)]
enum ChildError {
    Spawn(std::io::Error),
    Crashed(String),
}

/// The child's side: `<program> check-upload <max bytes> <max pixels> <memory bytes> <cpu
/// seconds>`, the file on standard input. Exit 0 with a verdict; 2 for a bad command line.
pub fn child_main(args: &[String]) -> ExitCode {
    let numbers: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let [max_bytes, max_pixels, memory_bytes, cpu_secs] = numbers[..] else {
        eprintln!("usage: {COMMAND} <max bytes> <max pixels> <memory bytes> <cpu seconds>");
        return ExitCode::from(2);
    };
    if let Err(e) = limit_self(memory_bytes, cpu_secs) {
        eprintln!("cannot limit the checker: {e}");
        return ExitCode::FAILURE;
    }
    let limits = Limits {
        max_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        max_pixels,
    };
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        eprintln!("reading the file: {e}");
        return ExitCode::FAILURE;
    }
    let (verdict, body) = match check::check(&bytes, &limits) {
        Ok(a) => {
            let rewritten = a.bytes != bytes;
            let body = if rewritten { a.bytes } else { Vec::new() };
            (
                Verdict::Accepted { extension: a.extension.to_string(), rewritten },
                body,
            )
        }
        Err(kind) => (Verdict::Refused(kind), Vec::new()),
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &verdict)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.write_all(&body))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("writing the answer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Hard limits on this process, set before the file is read.
fn limit_self(memory_bytes: u64, cpu_secs: u64) -> std::io::Result<()> {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let set = |resource, limit: u64| {
        setrlimit(
            resource,
            Rlimit { current: Some(limit), maximum: Some(limit) },
        )
    };
    set(Resource::As, memory_bytes)?;
    // At the soft limit SIGXCPU ends the process; a second later SIGKILL would.
    setrlimit(
        Resource::Cpu,
        Rlimit { current: Some(cpu_secs), maximum: Some(cpu_secs + 1) },
    )?;
    set(Resource::Fsize, 0)?;
    set(Resource::Core, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uploads::fixtures::*;

    /// The unit tests' checker is the library's test binary, which has no `check-upload`: these
    /// tests cover what is decided without a child and a checker that cannot run. The
    /// black-box tests (`documents.rs`) run the real child.
    fn checker(program: &str) -> Checker {
        Checker::new(
            PathBuf::from(program),
            Limits::default(),
            ChildLimits::default(),
            1,
        )
    }

    #[tokio::test]
    async fn the_size_and_the_type_need_no_child() {
        let c = checker("/nonexistent/checker");
        assert!(matches!(
            c.check(b"GIF89a\x01\x00\x01\x00".to_vec()).await,
            Outcome::Refused(RuleErrorKind::FileTypeNotAccepted)
        ));
        let c = Checker::new(
            PathBuf::from("/nonexistent/checker"),
            Limits { max_bytes: 10, max_pixels: 1 },
            ChildLimits::default(),
            1,
        );
        assert!(matches!(
            c.check(pdf()).await,
            Outcome::Refused(RuleErrorKind::FileTooLarge { max_mb: 1 })
        ));
    }

    #[tokio::test]
    async fn a_checker_that_cannot_run_is_unavailable_not_a_refusal() {
        let c = checker("/nonexistent/checker");
        assert!(matches!(c.check(pdf()).await, Outcome::Unavailable));
        // A program that exits without an answer: the file is not taken.
        let c = checker("/bin/false");
        assert!(matches!(
            c.check(pdf()).await,
            Outcome::Refused(RuleErrorKind::FileDamaged)
        ));
    }

    #[test]
    fn a_nested_pdf_is_small() {
        let pdf = pdf_nested(10_000);
        assert!(pdf.len() < 21_000, "{}", pdf.len());
        // 3 levels parse: the fixture is a well-formed PDF.
        assert!(check::check(&pdf_nested(3), &Limits::default()).is_ok());
    }
}
