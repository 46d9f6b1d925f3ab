//! The public renewal calculator (R-DL-1): type the permit's expiry date and see the window,
//! which procedures are open today and the fee — computed in the browser as you type, and by
//! the server from the same functions when the form is submitted without JavaScript.
use crate::i18n::use_i18n;
use crate::locale::error_message;
use crate::rules::{
    fee, parse_date, renewal_status, FeeAction, Field, Permit, Procedure, RenewalStatus,
};
use crate::today::use_today;
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RenewalPage() -> impl IntoView {
    let i18n = use_i18n();
    let today = use_today();
    let query = use_query_map();
    // The typed text, seeded from `?expires=` so the no-JS submission renders the same result.
    let expires = RwSignal::new(query.with_untracked(|q| q.get("expires").unwrap_or_default()));
    let outcome = Memo::new(move |_| {
        let text = expires.get();
        if text.trim().is_empty() {
            return None;
        }
        Some(parse_date(Field::Expires, text.trim()).map(|d| renewal_status(d, today)))
    });
    let error = move || match outcome.get() {
        Some(Err(e)) => Some(error_message(i18n.get_locale(), &e)),
        _ => None,
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, renewal.title).to_string()) />
        <p class="lead">{t!(i18n, renewal.intro)}</p>
        <p>{t!(i18n, renewal.today, date = move || today.to_string())}</p>
        <form class="calc" method="get" action="/renewal">
            <label for="expires">{t!(i18n, renewal.expires)}</label>
            <p class="hint" id="expires-hint">
                {t!(i18n, renewal.hint)}
            </p>
            {move || {
                error()
                    .map(|e| {
                        view! {
                            <p class="field-error" id="expires-error">
                                {e}
                            </p>
                        }
                    })
            }}
            <input
                type="date"
                id="expires"
                name="expires"
                required
                aria-describedby=move || {
                    if error().is_some() { "expires-hint expires-error" } else { "expires-hint" }
                }
                aria-invalid=move || error().is_some().to_string()
                value=move || expires.get()
                on:input=move |ev| expires.set(event_target_value(&ev))
            />
            <button class="button" type="submit">
                {t!(i18n, renewal.check)}
            </button>
        </form>
        <div class="result" aria-live="polite" id="renewal-result">
            {move || match outcome.get() {
                Some(Ok(status)) => Some(view! { <RenewalResult status=status /> }),
                _ => None,
            }}
        </div>
    }
}

#[component]
fn RenewalResult(status: RenewalStatus) -> impl IntoView {
    let i18n = use_i18n();
    let w = status.window;
    let state = move |open: bool| {
        if open {
            view! { <span class="open">{t!(i18n, renewal.open)}</span> }.into_any()
        } else if status.too_early {
            view! { <span class="closed">{t!(i18n, renewal.not_yet)}</span> }.into_any()
        } else {
            view! { <span class="closed">{t!(i18n, renewal.closed)}</span> }.into_any()
        }
    };
    let amount = |procedure| {
        fee(Permit::Trp, FeeAction::Change, procedure)
            .map(|q| q.amount_eur)
            .unwrap_or(0)
    };
    let general_fee = amount(Procedure::General);
    let urgent_fee = amount(Procedure::Urgent);
    view! {
        <dl class="facts" id="renewal-window">
            <dt>{t!(i18n, renewal.earliest)}</dt>
            <dd>
                <time datetime=w.earliest.to_string()>{w.earliest.to_string()}</time>
            </dd>
            <dt>{t!(i18n, renewal.latest_general)}</dt>
            <dd>
                <time datetime=w.latest_general.to_string()>{w.latest_general.to_string()}</time>
                " — "
                {state(status.general_open)}
            </dd>
            <dt>{t!(i18n, renewal.latest_urgent)}</dt>
            <dd>
                <time datetime=w.latest_urgent.to_string()>{w.latest_urgent.to_string()}</time>
                " — "
                {state(status.urgent_open)}
            </dd>
        </dl>
        {status
            .too_early
            .then(|| {
                view! {
                    <p>{t!(i18n, renewal.too_early, date = move || w.earliest.to_string())}</p>
                }
            })}
        {status.too_late.then(|| view! { <p class="closed">{t!(i18n, renewal.too_late)}</p> })}
        <p>
            {t!(i18n, renewal.fee_general, amount = move || general_fee)} <br />
            {t!(i18n, renewal.fee_urgent, amount = move || urgent_fee)}
        </p>
    }
}
