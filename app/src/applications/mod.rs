//! Applications (issue #5; R-SV-1, R-SV-6, R-PM-*, R-DL-1, R-DL-2, R-FL-1, R-IP-1): a draft
//! that autosaves section by section, is checked by `rules::application` in the browser and
//! again here, and is submitted once (a second submit changes nothing).
//!
//! One server function per file; pages are in `crate::pages::applications`.
mod list;
mod load;
mod save;
mod start;
mod submit;

pub use list::{my_applications, ApplicationList, MyApplications};
pub use load::{application, Application, ApplicationView};
pub use save::{save_section, SaveSection};
#[cfg(feature = "ssr")]
pub use ssr::ApplicationSettings;
pub use start::{start_application, StartApplication};
pub use submit::{submit_application, SubmitApplication};

use crate::rules::application::{Answers, ApplicationType, FormContext};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Status {
        if s == "submitted" {
            Status::Submitted
        } else {
            Status::Draft
        }
    }
}

/// One line of "My applications".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub reference: String,
    pub kind: ApplicationType,
    pub status: Status,
    /// The applicant's names (the child's, when a parent applies for one).
    pub applicant: String,
    pub updated_at_ms: i64,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub submitted_on: Option<Date>,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub decision_due: Option<Date>,
    /// Issue #5.7: where a submitted application stands today — its stage, the live legal
    /// deadline with any clock stop, the decision.
    pub case: Option<crate::cases::CaseStatus>,
}

/// What submission fixed (R-DL-2, R-FL-1, R-SV-6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedTerms {
    #[serde(deserialize_with = "rules::wire::date")]
    pub submitted_on: Date,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub decision_due: Option<Date>,
    pub rule_version: Option<String>,
    #[serde(deserialize_with = "rules::wire::date")]
    pub appear_by: Date,
    pub fee_eur: Option<u32>,
    pub exemption_claimed: bool,
}

/// An uploaded document (issue #5.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: i64,
    pub kind: crate::rules::DocumentKind,
    /// The file's name on the person's device.
    pub name: String,
    pub size: i64,
    pub mime: String,
    /// Vilnius local time, formatted by the server.
    pub at: String,
}

/// One entry of an application's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Vilnius local time, formatted by the server (the browser has no time zone database).
    pub at: String,
    /// `created`, `submitted`, an officer's action (`request_documents`, `approve`, …):
    /// translated by the page.
    pub kind: String,
    /// The officer's words for the applicant (a request's message, a refusal's reason) or a
    /// date; empty for most.
    pub detail: String,
}

/// The draft's answers and the context its checks need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftForm {
    pub answers: Answers,
    pub ctx: FormContext,
}

/// Server-side pieces shared by the application functions.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use crate::rules::application::{Answers, ApplicationType};

    /// The configured figures the application checks need (R-PM-7).
    #[derive(Clone, Debug)]
    pub struct ApplicationSettings {
        /// R-PM-7: the minimum monthly wage in euros (it changes every year).
        pub min_monthly_wage_eur: u32,
        /// Issue #5.4: the largest document accepted, in bytes.
        pub upload_max_bytes: usize,
        /// R-SV-6: the payee's account for the EPC QR code (none: no QR code is shown).
        pub fee_iban: Option<String>,
        pub fee_bic: Option<String>,
    }

    pub fn app_settings() -> Result<ApplicationSettings, AppError> {
        leptos::prelude::use_context::<ApplicationSettings>()
            .ok_or_else(|| AppError::internal("ApplicationSettings not provided"))
    }

    /// An application row of this user (anyone else's answers `NotFound`, like a missing one).
    pub struct OwnApplication {
        pub id: i64,
        pub kind: ApplicationType,
        pub status: super::Status,
        pub reference: String,
        pub answers: Answers,
    }

    pub async fn own_application(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        id: i64,
    ) -> Result<OwnApplication, AppError> {
        let (id, kind, status, reference, answers) =
            sqlx::query_as::<_, (i64, String, String, Option<String>, String)>(
                "SELECT id, kind, status, reference, answers FROM applications \
                 WHERE id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(OwnApplication {
            id,
            kind: kind.parse().map_err(AppError::internal)?,
            status: super::Status::parse(&status),
            reference: reference.unwrap_or_default(),
            answers: serde_json::from_str(&answers)?,
        })
    }

    /// R-SV-7 — a progress notice to the applicant, in the caller's transaction: by e-mail
    /// and/or SMS as they chose (issue #4.7), in their language. `texts` writes the subject
    /// and body in a locale. `event` makes it idempotent.
    pub async fn notify(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        event: &str,
        texts: impl Fn(crate::i18n::Locale) -> (String, String),
    ) -> Result<(), AppError> {
        notify_with(conn, user_id, event, texts, None).await
    }

    /// `notify`, with a file attached to the e-mail (a visit's calendar entry).
    pub async fn notify_with(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        event: &str,
        texts: impl Fn(crate::i18n::Locale) -> (String, String),
        attachment: Option<crate::ssr::outbox::Attachment<'_>>,
    ) -> Result<(), AppError> {
        let to = recipient(&mut *conn, user_id).await?;
        notify_to(conn, &to, event, texts, attachment).await
    }

    /// Where a person's notices go and in which language (issue #4.7: e-mail and/or SMS, as
    /// they chose). Issue #23.7: a caller holding SQLite's one writer (a booking) reads it
    /// before its transaction, so that the transaction only writes.
    pub struct Recipient {
        /// The e-mail address, when they take notices by e-mail.
        email: Option<String>,
        /// The phone number, when they take notices by SMS.
        sms: Option<String>,
        pub lang: crate::i18n::Locale,
    }

    pub async fn recipient(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
    ) -> Result<Recipient, AppError> {
        let (email, by_email, phone, by_sms, locale) =
            sqlx::query_as::<_, (Option<String>, i64, Option<String>, i64, String)>(
                "SELECT email, notify_email, phone, notify_sms, locale FROM users WHERE id = $1",
            )
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
        Ok(Recipient {
            email: email.filter(|_| by_email == 1),
            sms: phone.filter(|_| by_sms == 1),
            lang: crate::locale::parse_locale(&locale).unwrap_or(crate::i18n::Locale::lt),
        })
    }

    /// `notify_with` to a recipient read beforehand: writes only.
    pub async fn notify_to(
        conn: &mut sqlx::AnyConnection,
        to: &Recipient,
        event: &str,
        texts: impl Fn(crate::i18n::Locale) -> (String, String),
        attachment: Option<crate::ssr::outbox::Attachment<'_>>,
    ) -> Result<(), AppError> {
        use crate::locale::locale_code;
        use crate::ssr::outbox::{enqueue_sms_to, enqueue_with, Channel, Notice};
        let (subject, body) = texts(to.lang);
        let locale = locale_code(to.lang);
        if let Some(email) = &to.email {
            let notice = Notice {
                event,
                channel: Channel::Email,
                recipient: email,
                locale,
                subject: &subject,
                body: &body,
            };
            enqueue_with(&mut *conn, &notice, attachment).await?;
        }
        if let Some(phone) = &to.sms {
            enqueue_sms_to(conn, phone, event, locale, &subject).await?;
        }
        Ok(())
    }

    /// The documents uploaded to an application, oldest first (kinds unknown to this version
    /// are skipped).
    pub async fn documents_of(
        conn: &mut sqlx::AnyConnection,
        application_id: i64,
    ) -> Result<Vec<super::Document>, AppError> {
        let rows = sqlx::query_as::<_, (i64, String, String, i64, String, i64)>(
            "SELECT id, kind, name, size, mime, created_at FROM application_documents \
             WHERE application_id = $1 ORDER BY created_at, id",
        )
        .bind(application_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, kind, name, size, mime, created_at)| {
                Some(super::Document {
                    id,
                    kind: crate::rules::DocumentKind::parse(&kind)?,
                    name,
                    size,
                    mime,
                    at: crate::ssr::local_time(created_at),
                })
            })
            .collect())
    }

    /// One timeline entry, in the caller's transaction.
    pub async fn event(
        conn: &mut sqlx::AnyConnection,
        application_id: i64,
        actor: Option<i64>,
        kind: &str,
    ) -> Result<(), AppError> {
        event_with(conn, application_id, actor, kind, "").await
    }

    /// One timeline entry with the officer's words (a reason, a message) or a figure.
    pub async fn event_with(
        conn: &mut sqlx::AnyConnection,
        application_id: i64,
        actor: Option<i64>,
        kind: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO application_events (application_id, at, actor_id, kind, detail) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(application_id)
        .bind(crate::ssr::auth::now_ms())
        .bind(actor)
        .bind(kind)
        .bind(detail)
        .execute(conn)
        .await?;
        Ok(())
    }
}
