use crate::i18n::use_i18n;
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, notfound.title).to_string()) />
        <p>{t!(i18n, notfound.text)}</p>
        <p>
            <a href="/">{t!(i18n, nav.home)}</a>
        </p>
    }
}
