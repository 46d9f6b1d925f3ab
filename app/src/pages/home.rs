use crate::i18n::use_i18n;
use crate::locale::locale_code;
use crate::notices::list_notices;
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let notices = crate::ui::data::load(
        move || locale_code(i18n.get_locale()),
        |code| list_notices(code.to_string()),
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, home.title).to_string()) />
        <p class="lead">{t!(i18n, home.intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let notices = notices.await.unwrap_or_default();
                (!notices.is_empty())
                    .then(|| {
                        view! {
                            <section class="notices" aria-labelledby="notices-h">
                                <h2 id="notices-h">{t!(i18n, home.notices)}</h2>
                                {notices
                                    .into_iter()
                                    .map(|n| {
                                        view! {
                                            <article class="notice" id=format!("notice-{}", n.slug)>
                                                <h3>{n.title}</h3>
                                                <p>{n.body}</p>
                                            </article>
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
            })}
        </Suspense>
        <section aria-labelledby="start-h">
            <h2 id="start-h">{t!(i18n, home.start)}</h2>
            <ul class="cards">
                <li>
                    <a class="card" href="/applications">
                        {t!(i18n, home.apply_link)}
                    </a>
                </li>
                <li>
                    <a class="card" href="/my-documents">
                        {t!(i18n, held.home_link)}
                    </a>
                </li>
                <li>
                    <a class="card" href="/services">
                        {t!(i18n, home.services_link)}
                    </a>
                </li>
                <li>
                    <a class="card" href="/renewal">
                        {t!(i18n, home.renewal_link)}
                    </a>
                </li>
                <li>
                    <a class="card" href="/visit">
                        {t!(i18n, home.offices_link)}
                    </a>
                </li>
                <li>
                    <a class="card" href="/queue">
                        {t!(i18n, home.queue_link)}
                    </a>
                </li>
            </ul>
        </section>
    }
}
