//! `/kiosk/:office` (issue #8.4, #8.1, R-QU-5): the kiosk in an office's hall. Full screen,
//! big touch targets, portrait or landscape; the languages by their own names; a ticket for a
//! service, or a booked visit checked in by its code (typed, or sent by a QR scanner that
//! types it and presses Enter). The ticket is shown on screen and printed on 80 mm paper; if
//! the printer fails the ticket is on the screen and was counted once (each press has its own
//! key). After 60 s without a touch the kiosk starts again in Lithuanian. Every form is a plain
//! POST: the kiosk works without JavaScript too (then without the idle reset and the automatic
//! print). A browser that is not a registered kiosk sees how to register it; an office admin
//! signed in on it can do so here.
use super::offices::service_name;
use super::queue::wait_figures;
use crate::i18n::{use_i18n, Locale};
use crate::queue::{kiosk_screen, KioskCheckIn, KioskTake, KioskTicket, KioskView, RegisterKiosk};
use crate::rules::{normalise_visit_code, service_letter, Field};
use crate::tr::{t, t_string};
use crate::ui::form::{entered_value, form_error, ErrorSummary, PostForm, TextInput};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

/// After this long without a touch or a key the kiosk starts again.
const IDLE_SECONDS: f64 = 60.0;

#[component]
pub fn KioskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.with(|p| p.get("office").unwrap_or_default());
    let ticket = move || query.with(|q| q.get("ticket").unwrap_or_default());
    let data = crate::ui::data::load(
        move || (slug(), ticket()),
        |(slug, ticket)| async move { kiosk_screen(slug, ticket).await.ok() },
    );
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|v| match v {
                        None => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                        Some(v) if v.device.is_none() => view! { <NotAKiosk v /> }.into_any(),
                        Some(v) => view! { <Kiosk v /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// This browser is not a kiosk of the office: how it becomes one.
#[component]
fn NotAKiosk(v: KioskView) -> impl IntoView {
    let i18n = use_i18n();
    let name = v.name.clone();
    let error = form_error(RegisterKiosk::PATH);
    let typed = entered_value(error, "name");
    let form = match v.register_csrf.clone() {
        Some(csrf) => view! {
            <ErrorSummary error focus="device_name" />
            <PostForm action=RegisterKiosk::PATH csrf>
                <input type="hidden" name="office" value=v.office_id.to_string() />
                <TextInput
                    field=Field::DeviceName
                    name="name"
                    label=Signal::derive(move || t_string!(i18n, kiosk.device_name).to_string())
                    hint=Signal::derive(move || t_string!(i18n, kiosk.device_hint).to_string())
                    value=typed
                    error
                />
                <button class="button" type="submit">
                    {t!(i18n, kiosk.register)}
                </button>
            </PostForm>
        }
        .into_any(),
        None => view! {
            <p>{t!(i18n, kiosk.how_to_register)}</p>
            <p>
                <a href="/login">{t!(i18n, nav.login)}</a>
            </p>
        }
        .into_any(),
    };
    view! {
        <PageTitle text=Signal::derive(move || {
            t_string!(i18n, kiosk.not_title, office = name.clone()).to_string()
        }) />
        <section class="panel">
            <p>{t!(i18n, kiosk.not_a_kiosk)}</p>
            {form}
        </section>
    }
}

#[component]
fn Kiosk(v: KioskView) -> impl IntoView {
    let i18n = use_i18n();
    let slug = v.slug.clone();
    idle_reset(i18n, slug.clone());
    let name = v.name.clone();
    let body = match v.ticket.clone() {
        Some(t) => view! { <TicketShown t office=v.name.clone() slug=slug.clone() /> }.into_any(),
        None => view! { <Start v=v.clone() /> }.into_any(),
    };
    view! {
        <PageTitle text=Signal::derive(move || {
            t_string!(i18n, kiosk.title, office = name.clone()).to_string()
        }) />
        <div class="kiosk">
            <div class="kiosk-bar kiosk-noprint">
                <p class="kiosk-office">{v.name.clone()}</p>
                <crate::ui::layout::LanguageSwitcher label_id="kiosk-lang-label" />
            </div>
            {body}
            // What the idle reset posts: Lithuanian again, and the start screen.
            <form id="kiosk-reset" method="post" action="/lang" hidden>
                <input type="hidden" name="lang" value="lt" />
                <input type="hidden" name="next" value=format!("/kiosk/{slug}") />
            </form>
        </div>
    }
}

/// The start screen: a ticket for a service, or check in a booked visit.
#[component]
fn Start(v: KioskView) -> impl IntoView {
    let i18n = use_i18n();
    let take_error = form_error(KioskTake::PATH);
    let check_error = form_error(KioskCheckIn::PATH);
    let code = entered_value(check_error, "code");
    let office = v.office_id.to_string();
    let closed = (!v.open_now).then(|| {
        let text = match v.hours.clone() {
            Some((opens, closes)) => view! {
                {t!(
                    i18n, kiosk.closed_now, opens = move || opens.clone(), closes = move || closes.clone()
                )}
            }
            .into_any(),
            None => view! { {t!(i18n, queue.closed_today)} }.into_any(),
        };
        view! { <p class="status-note kiosk-closed">{text}</p> }
    });
    let services = v.open_now.then(|| {
        v.services
            .iter()
            .map(|code| {
                let name_code = code.clone();
                view! {
                    <li>
                        <form method="post" action=KioskTake::PATH>
                            <input type="hidden" name="office" value=office.clone() />
                            <input type="hidden" name="service" value=code.clone() />
                            <input type="hidden" name="key" value=v.key.clone() />
                            <button class="kiosk-service" type="submit">
                                <span class="kiosk-letter" aria-hidden="true">
                                    {service_letter(code).to_string()}
                                </span>
                                <span>{move || service_name(i18n, &name_code)}</span>
                            </button>
                        </form>
                    </li>
                }
            })
            .collect_view()
    });
    view! {
        <ErrorSummary error=take_error focus="office" />
        <ErrorSummary error=check_error focus="visit_code" />
        {closed}
        <section class="kiosk-take" aria-labelledby="kiosk-take-title">
            <h2 id="kiosk-take-title">{t!(i18n, kiosk.take_title)}</h2>
            <ul class="kiosk-services">{services}</ul>
        </section>
        <section class="kiosk-visit panel" aria-labelledby="kiosk-visit-title">
            <h2 id="kiosk-visit-title">{t!(i18n, kiosk.visit_title)}</h2>
            <form method="post" action=KioskCheckIn::PATH class="kiosk-form" novalidate>
                <input type="hidden" name="office" value=office.clone() />
                <input type="hidden" name="key" value=v.key.clone() />
                <TextInput
                    field=Field::VisitCode
                    name="code"
                    label=Signal::derive(move || t_string!(i18n, kiosk.code).to_string())
                    hint=Signal::derive(move || t_string!(i18n, kiosk.code_hint).to_string())
                    value=code
                    error=check_error
                    check=|s: &str| normalise_visit_code(s).map(|_| ())
                />
                <button class="button kiosk-big" type="submit">
                    {t!(i18n, kiosk.check_in)}
                </button>
            </form>
        </section>
    }
}

/// The ticket just given: on screen, and printed once when the page opens.
#[component]
fn TicketShown(t: KioskTicket, office: String, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let printed = RwSignal::new(None::<bool>);
    // Runs in the browser only: print once, and offer "print again" (it needs JavaScript).
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| {
        enhanced.set(true);
        printed.set(Some(print()));
    });
    let service = t.service.clone();
    let place = match t.status.as_str() {
        "waiting" => {
            let position = t.position;
            view! { {move || t_string!(i18n, kiosk.position, position = position).to_string()} }
                .into_any()
        }
        "called" | "serving" => {
            let desk = t.desk.clone().unwrap_or_default();
            view! { {move || t_string!(i18n, queue.called, desk = desk.clone()).to_string()} }
                .into_any()
        }
        _ => view! { {t!(i18n, kiosk.ticket_over)} }.into_any(),
    };
    let estimate = t.estimate.clone().map(|(e, turn)| {
        let (minutes, low, high) = (e.minutes, e.low, e.high);
        let figures = move || wait_figures(i18n.get_locale(), e);
        view! {
            <p class="wait" data-minutes=minutes data-low=low data-high=high>
                <strong>{figures}</strong>
                " "
                {move || t_string!(i18n, queue.turn_at, time = turn.clone()).to_string()}
            </p>
        }
    });
    let visit = t
        .visit
        .then(|| view! { <p class="kiosk-visit-note">{t!(i18n, kiosk.checked_in)}</p> });
    let day = t.day.to_string();
    let taken = t.taken_at.clone();
    view! {
        <section
            class="kiosk-ticket"
            aria-labelledby="kiosk-ticket-title"
            data-ticket=t.label.clone()
        >
            <h2 id="kiosk-ticket-title">{t!(i18n, kiosk.your_number)}</h2>
            <p class="kiosk-number">{t.label.clone()}</p>
            <p>{move || service_name(i18n, &service)}</p>
            <p class="kiosk-place">
                <strong>{place}</strong>
            </p>
            {estimate}
            {visit}
            <p class="kiosk-small">{office} " · " {day} " " {taken}</p>
            <p class="kiosk-small">{t!(i18n, kiosk.watch_screen)}</p>
        </section>
        <div role="status" class="kiosk-noprint">
            {move || {
                (printed.get() == Some(false))
                    .then(|| view! { <p class="status-note">{t!(i18n, kiosk.print_failed)}</p> })
            }}
        </div>
        <div class="kiosk-actions kiosk-noprint">
            <button
                class="button secondary kiosk-big"
                type="button"
                hidden=move || !enhanced.get()
                on:click=move |_| printed.set(Some(print()))
            >
                {t!(i18n, kiosk.print_again)}
            </button>
            <a class="button kiosk-big" href=format!("/kiosk/{slug}")>
                {t!(i18n, kiosk.done)}
            </a>
        </div>
        // Without JavaScript the ticket screen goes back to the start by itself too.
        <noscript>
            <meta
                http-equiv="refresh"
                content=format!("{};url=/kiosk/{slug}", IDLE_SECONDS as u32)
            />
        </noscript>
    }
}

/// Prints the page (the print stylesheet keeps only the ticket). `false` when the browser
/// refused: the ticket stays on the screen either way.
fn print() -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().print().is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}

/// After `IDLE_SECONDS` without a touch, a key or typing, anything other than the start
/// screen in Lithuanian starts again (the next person must not see the last one's ticket or
/// code). Browser only.
fn idle_reset(i18n: leptos_i18n::I18nContext<Locale>, slug: String) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Once per page load: the kiosk's own links may re-render this page in place.
        use std::sync::atomic::{AtomicBool, Ordering};
        static INSTALLED: AtomicBool = AtomicBool::new(false);
        if INSTALLED.swap(true, Ordering::Relaxed) {
            return;
        }
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        use std::cell::Cell;
        use std::rc::Rc;
        let last = Rc::new(Cell::new(js_sys::Date::now()));
        let doc = document();
        for kind in ["pointerdown", "keydown", "input", "touchstart"] {
            let last = last.clone();
            let on = Closure::<dyn Fn()>::new(move || last.set(js_sys::Date::now()));
            let _ = doc.add_event_listener_with_callback(kind, on.as_ref().unchecked_ref());
            on.forget();
        }
        let start = format!("/kiosk/{slug}");
        let tick = Closure::<dyn Fn()>::new(move || {
            if js_sys::Date::now() - last.get() < IDLE_SECONDS * 1000.0 {
                return;
            }
            let doc = document();
            let href = window().location().href().unwrap_or_default();
            let at_start =
                window().location().search().is_ok_and(|s| s.is_empty()) && href.contains(&start);
            let lithuanian = i18n.get_locale_untracked() == Locale::lt;
            let typed = doc
                .query_selector("#visit_code")
                .ok()
                .flatten()
                .and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok())
                .and_then(|v| v.as_string())
                .is_some_and(|v| !v.is_empty());
            if at_start && lithuanian && !typed {
                last.set(js_sys::Date::now());
                return;
            }
            if let Some(form) = doc
                .get_element_by_id("kiosk-reset")
                .and_then(|f| f.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
            {
                last.set(js_sys::Date::now());
                let _ = form.submit();
            }
        });
        let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            1000,
        );
        tick.forget();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (i18n, slug);
}
