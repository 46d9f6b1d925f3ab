//! Server-only pieces the server functions need: the database handle and the clock.
//! The `server` crate creates them and provides them as Leptos context to every handler.
pub mod auth;
mod clock;
mod csp;
mod db;
pub mod mfa;
pub mod outbox;
pub mod respond;

pub use clock::{local_time, vilnius, Clock};
pub use csp::{content_security_policy, set_page_csp};
pub use db::{Backend, Day, Db, WriteTx};

use leptos::prelude::*;

/// Whether this installation runs in demo mode (`VARTAI_DEMO`): demo-only pages check it.
#[derive(Clone, Copy, Debug)]
pub struct DemoMode(pub bool);

/// The database handle from context; a server function that cannot get it fails cleanly.
pub fn db() -> Result<Db, crate::error::AppError> {
    use_context::<Db>().ok_or_else(|| crate::error::AppError::internal("database not provided"))
}

/// The clock from context (the system clock when none was provided).
pub fn clock() -> Clock {
    use_context::<Clock>().unwrap_or_default()
}
