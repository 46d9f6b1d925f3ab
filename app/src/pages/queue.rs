use crate::i18n::*;
use crate::offices::list_offices;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

/// Where and when a same-day remote ticket can be taken today (R-QU-1, R-QU-2, R-QU-3).
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let directory = Resource::new(|| (), |_| list_offices());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, queue.title).to_string()) />
        <p class="lead">{t!(i18n, queue.intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let dir = directory.await.ok()?;
                let today = dir.today.clone();
                Some(
                    view! {
                        <p>
                            {t!(i18n, queue.today)} ": "
                            <time datetime=today.clone()>{today.clone()}</time>
                        </p>
                        <ul class="queue-offices">
                            {dir
                                .offices
                                .into_iter()
                                .filter(|o| o.live_queue)
                                .map(|o| {
                                    let status = match (o.open_today, o.remote_today.clone()) {
                                        (false, _) => {
                                            view! { {t!(i18n, queue.closed_today)} }.into_any()
                                        }
                                        (true, Some((from, to))) => {
                                            view! {
                                                {t!(
                                                    i18n, queue.window, from = move || from.clone(), to = move || to.clone()
                                                )}
                                            }
                                                .into_any()
                                        }
                                        (true, None) => {
                                            view! { {t!(i18n, queue.no_window)} }.into_any()
                                        }
                                    };
                                    view! {
                                        <li class="panel" id=format!("queue-{}", o.slug)>
                                            <h2>{o.name}</h2>
                                            <p>{status}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    },
                )
            })}
        </Suspense>
    }
}
