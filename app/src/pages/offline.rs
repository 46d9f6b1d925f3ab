//! `/offline` (issue #23.6): what the service worker (`public/sw.js`) shows when a page cannot
//! be loaded. The worker keeps this page in the reader's language, adds the list of pages it
//! kept on the phone (the queue ticket, a visit's confirmation) and uses the "saved copy"
//! sentence as the note on those pages.
use crate::i18n::use_i18n;
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, offline.title).to_string()) />
        <p class="lead">{t!(i18n, offline.text)}</p>
        <section class="kept" aria-labelledby="kept-title" hidden>
            <h2 id="kept-title">{t!(i18n, offline.kept)}</h2>
            <p class="saved-copy">{t!(i18n, offline.saved_copy)}</p>
            <ul class="kept-list"></ul>
        </section>
        <p>
            <a href="/">{t!(i18n, nav.home)}</a>
        </p>
    }
}
