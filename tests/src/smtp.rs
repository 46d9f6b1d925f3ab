//! A real SMTP server on loopback for the tests: it speaks enough of RFC 5321 for lettre
//! (EHLO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT) and keeps what it receives.
//! It can refuse recipients, temporarily (4xx) or permanently (5xx), to test retries.
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body), dot-stuffing undone.
    pub data: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refuse {
    /// Accept everything.
    Nothing,
    /// Answer the first `n` recipients with 451 (try again later).
    FirstTemporarily(usize),
    /// Answer every recipient with 550.
    Permanently,
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    refused: usize,
    /// `hold_next_acceptance`: the next message is kept, but its `250` waits for `release`.
    hold_next: bool,
    /// `release_with`: the held message's answer instead of `250`.
    held_reply: Option<String>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    release: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start(refuse: Refuse) -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap(), refuse).await
    }

    /// On a given address (a restart test points the server at a port before the sink exists).
    pub async fn start_on(addr: SocketAddr, refuse: Refuse) -> Self {
        let listener = TcpListener::bind(addr).await.expect("bind SMTP sink");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let release = Arc::new(tokio::sync::Notify::new());
        let task = tokio::spawn({
            let shared = shared.clone();
            let release = release.clone();
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(session(stream, shared.clone(), release.clone(), refuse));
                }
            }
        });
        SmtpSink { addr, shared, release, task }
    }

    /// The next message is received and kept (the mail server has it and will deliver it), but
    /// the `250` that tells the sender so waits for `release`: the moment between "accepted"
    /// and "the sender knows" is held open.
    pub fn hold_next_acceptance(&self) {
        self.shared.lock().unwrap().hold_next = true;
    }

    /// Sends the held `250`.
    pub fn release(&self) {
        self.release.notify_one();
    }

    /// Answers the held message with `reply` (e.g. `451 4.3.0 try again later`) instead.
    pub fn release_with(&self, reply: &str) {
        self.shared.lock().unwrap().held_reply = Some(format!("{reply}\r\n"));
        self.release.notify_one();
    }

    /// `smtp://127.0.0.1:<port>` for `SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Recipients refused so far.
    pub fn refused(&self) -> usize {
        self.shared.lock().unwrap().refused
    }

    /// Waits until at least `n` messages arrived (panics after `within`).
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "SMTP sink: {} of {n} messages after {within:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    shared: Arc<Mutex<Shared>>,
    release: Arc<tokio::sync::Notify>,
    refuse: Refuse,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::<String>::new());
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let upper = line.to_ascii_uppercase();
        let answer: String = if upper.starts_with("EHLO") {
            "250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n".into()
        } else if upper.starts_with("HELO") {
            "250 sink\r\n".into()
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line[10..]);
            to.clear();
            "250 OK\r\n".into()
        } else if upper.starts_with("RCPT TO:") {
            let mut s = shared.lock().unwrap();
            let refuse_now = match refuse {
                Refuse::Nothing => None,
                Refuse::FirstTemporarily(n) if s.refused < n => Some("451 4.3.0 try later\r\n"),
                Refuse::FirstTemporarily(_) => None,
                Refuse::Permanently => Some("550 5.1.1 no such user\r\n"),
            };
            match refuse_now {
                Some(text) => {
                    s.refused += 1;
                    text.into()
                }
                None => {
                    to.push(address(&line[8..]));
                    "250 OK\r\n".into()
                }
            }
        } else if upper.starts_with("DATA") {
            let _ = write.write_all(b"354 end with .\r\n").await;
            let mut data = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let hold = {
                let mut s = shared.lock().unwrap();
                s.received
                    .push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
                std::mem::take(&mut s.hold_next)
            };
            if hold {
                release.notified().await;
                if let Some(reply) = shared.lock().unwrap().held_reply.take() {
                    reply
                } else {
                    "250 OK queued\r\n".into()
                }
            } else {
                "250 OK queued\r\n".into()
            }
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else if upper.starts_with("RSET") {
            to.clear();
            "250 OK\r\n".into()
        } else if upper.starts_with("NOOP") {
            "250 OK\r\n".into()
        } else {
            "502 not implemented\r\n".into()
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn address(s: &str) -> String {
    let s = s.trim();
    let s = s.split_whitespace().next().unwrap_or("");
    s.trim_start_matches('<').trim_end_matches('>').to_string()
}
