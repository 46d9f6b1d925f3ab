//! The applicant's applications (issue #5): the list and one application (`mine`), a topic's
//! page of the form (`section`), check and submit (`check`), the documents to upload
//! (`documents`), the printable receipt and invitation, and the texts they share (`texts`).
pub mod check;
pub mod documents;
pub mod invitation;
pub mod mine;
pub mod receipt;
pub mod section;
pub(crate) mod texts;

use crate::accounts::session_info;
use crate::applications::{application, ApplicationView};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ui::data::Data;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The application id from the URL (`/applications/:id…`); 0 when it is not a number.
pub fn id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    })
}

/// The session's CSRF token and one application, loaded together.
pub fn load_application(id: Memo<i64>) -> Data<Result<(String, ApplicationView), AppError>> {
    load_application_with(id, &[])
}

/// `load_application` for a page that also shows `texts`' languages (the bilingual receipt
/// and invitation): in the browser their tables are loaded before it renders (`crate::tr`).
pub fn load_application_with(
    id: Memo<i64>,
    texts: &'static [Locale],
) -> Data<Result<(String, ApplicationView), AppError>> {
    crate::ui::data::load(
        move || id.get(),
        move |id| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            if session.me.is_none() {
                return Err(AppError::NotLoggedIn);
            }
            let app = application(id).await?;
            crate::tr::load_all(texts).await;
            Ok((session.csrf, app))
        },
    )
}
