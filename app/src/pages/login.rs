use crate::i18n::*;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

/// The two ways in (R-AC-1). The login itself is the Accounts work; until it lands this page
/// says so plainly rather than showing a form that goes nowhere.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, login.title).to_string()) />
        <p class="lead">{t!(i18n, login.intro)}</p>
        <div class="cards-static">
            <section class="panel">
                <h2>{t!(i18n, login.email_title)}</h2>
                <p>{t!(i18n, login.email_text)}</p>
            </section>
            <section class="panel">
                <h2>{t!(i18n, login.eid_title)}</h2>
                <p>{t!(i18n, login.eid_text)}</p>
            </section>
        </div>
        <p class="status-note" role="status">
            {t!(i18n, login.soon)}
        </p>
    }
}
