//! Changing the e-mail address (R-AC-2): asked for, confirmed by a code sent to the new
//! address, or cancelled. One server function per file.
use crate::error::AppError;
use leptos::prelude::*;

mod cancel_email_change;
mod confirm_email_change;
mod request_email_change;
pub use cancel_email_change::*;
pub use confirm_email_change::*;
pub use request_email_change::*;

#[cfg(feature = "ssr")]
mod texts {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;

    pub fn confirm(locale: Locale, code: &str, minutes: i64) -> (String, String) {
        crate::accounts::login::code_letter(
            locale,
            td_string!(locale.letters(), account.mail.change_subject).to_string(),
            td_string!(locale.letters(), account.mail.change_code_is, code).to_string(),
            minutes,
        )
    }

    pub fn changed(locale: Locale, new_address: &str) -> (String, String) {
        let subject = td_string!(locale.letters(), account.mail.changed_subject).to_string();
        let body = [
            td_string!(locale.letters(), account.mail.greeting).to_string(),
            String::new(),
            td_string!(
                locale.letters(),
                account.mail.changed_body,
                email = new_address
            )
            .to_string(),
            td_string!(locale.letters(), account.mail.changed_not_you).to_string(),
            String::new(),
            td_string!(locale, site.name).to_string(),
        ]
        .join("\n");
        (subject, body)
    }
}
