//! `/display/:office` (issue #8.5): the waiting-room screen. Big "A023 → Desk 4" for the
//! tickets called now, the calls before them and how many wait, live over server-sent events;
//! an optional chime for each new call (browsers allow sound only after a touch or a key, so
//! the screen has a button for it).
use crate::i18n::use_i18n;
use crate::queue::{office_screen, Call, LiveQueue};
use crate::tr::{t, t_string};
use crate::ui::live::follow_queue;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DisplayPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("office").unwrap_or_default());
    let data = crate::ui::data::load(slug, |slug| async move { office_screen(slug).await.ok() });
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|screen| match screen {
                        Some(s) => {
                            view! { <Screen office_id=s.office_id name=s.name queue=s.queue /> }
                                .into_any()
                        }
                        None => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Screen(office_id: i64, name: String, queue: LiveQueue) -> impl IntoView {
    let i18n = use_i18n();
    let live = follow_queue(office_id);
    let queue = Memo::new(move |_| live.get().unwrap_or_else(|| queue.clone()));
    let called = move || -> Vec<Call> {
        queue.with(|q| {
            q.calls
                .iter()
                .filter(|c| c.status == "called")
                .cloned()
                .collect()
        })
    };
    let before = move || -> Vec<Call> {
        queue.with(|q| {
            q.calls
                .iter()
                .filter(|c| c.status != "called")
                .take(6)
                .cloned()
                .collect()
        })
    };
    let waiting = move || queue.with(|q| q.waiting.len());
    let chime = RwSignal::new(false);
    // A chime when a call appears that was not on the screen before.
    let newest = Memo::new(move |_| called().first().map(|c| (c.label.clone(), c.seconds < 1.0)));
    Effect::new(move |previous: Option<Option<String>>| {
        let label = newest.get().map(|(l, _)| l);
        if let Some(Some(before)) = &previous {
            if label.as_ref().is_some_and(|l| l != before) && chime.get_untracked() {
                ding();
            }
        }
        label
    });
    let title = name.clone();
    view! {
        <PageTitle text=Signal::derive(move || {
            t_string!(i18n, display.title, office = title.clone()).to_string()
        }) />
        <div class="display">
            <div class="display-bar">
                <p class="display-waiting">
                    {move || t_string!(i18n, display.waiting, count = waiting()).to_string()}
                </p>
                <button
                    class="button secondary"
                    type="button"
                    aria-pressed=move || chime.get().to_string()
                    on:click=move |_| chime.update(|c| *c = !*c)
                >
                    {move || {
                        if chime.get() {
                            t_string!(i18n, display.sound_off).to_string()
                        } else {
                            t_string!(i18n, display.sound_on).to_string()
                        }
                    }}
                </button>
            </div>
            <section aria-labelledby="now-calling" aria-live="polite">
                <h2 id="now-calling">{t!(i18n, display.now_calling)}</h2>
                {move || {
                    let calls = called();
                    if calls.is_empty() {
                        view! { <p class="display-nobody">{t!(i18n, display.nobody)}</p> }
                            .into_any()
                    } else {
                        view! {
                            <ul class="display-calls">
                                {calls
                                    .into_iter()
                                    .map(|c| {
                                        let desk = c.desk.clone();
                                        view! {
                                            <li data-label=c.label.clone() data-desk=c.desk.clone()>
                                                <span class="display-label">{c.label.clone()}</span>
                                                <span class="display-arrow">
                                                    <span aria-hidden="true">"→"</span>
                                                    <span class="visually-hidden">
                                                        {t!(i18n, display.go_to)}
                                                    </span>
                                                </span>
                                                <span class="display-desk">
                                                    {move || {
                                                        t_string!(i18n, display.desk, desk = desk.clone())
                                                            .to_string()
                                                    }}
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }}
            </section>
            <section aria-labelledby="called-before">
                <h2 id="called-before">{t!(i18n, display.recent)}</h2>
                <ul class="display-before">
                    {move || {
                        before()
                            .into_iter()
                            .map(|c| {
                                let desk = c.desk.clone();
                                view! {
                                    <li data-label=c
                                        .label
                                        .clone()>
                                        {c.label.clone()} " · "
                                        {move || {
                                            t_string!(i18n, display.desk, desk = desk.clone())
                                                .to_string()
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </div>
    }
}

/// A short two-tone chime through Web Audio.
fn ding() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::AudioContext;
        let Ok(ctx) = AudioContext::new() else {
            return;
        };
        let now = ctx.current_time();
        for (i, freq) in [880.0f32, 660.0].into_iter().enumerate() {
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                return;
            };
            let start = now + i as f64 * 0.35;
            osc.frequency().set_value(freq);
            let g = gain.gain();
            let _ = g.set_value_at_time(0.0, start);
            let _ = g.linear_ramp_to_value_at_time(0.3, start + 0.03);
            let _ = g.linear_ramp_to_value_at_time(0.0, start + 0.3);
            let _ = osc.connect_with_audio_node(&gain);
            let _ = gain.connect_with_audio_node(&ctx.destination());
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(start + 0.32);
        }
    }
}
