//! `/staff/people`: finding a person by e-mail, personal code or document number, and
//! correcting their names. One server function per file.
use super::Person;
use crate::error::AppError;
use leptos::prelude::*;

mod find_person;
mod set_names;
pub use find_person::*;
pub use set_names::*;

/// What a look-up text is matched against exactly: (column, normalised value); `None` when it
/// is neither an e-mail address nor a personal code.
#[cfg(feature = "ssr")]
fn exact_lookup(q: &str) -> (&'static str, Option<String>) {
    use crate::rules::{validate_email, validate_personal_code};
    if q.contains('@') {
        ("email", validate_email(q).ok().map(|e| e.to_lowercase()))
    } else {
        (
            "personal_code",
            validate_personal_code(q).ok().map(|p| p.code),
        )
    }
}
