//! `/applications/:id/receipt` — the printable receipt, Lithuanian beside the reader's
//! language (R-FL-3).
use super::{id_param, load_application_with};
use crate::applications::{ApplicationView, Status};
use crate::error::AppError;
use crate::i18n::{use_i18n, Locale};
use crate::names::kind_name;
use crate::rules::application::answer;
use crate::rules::Field;
use crate::tr::{t, t_string, TextsPreload};
use crate::ui::day;
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::{Loaded, Refusal};
use leptos::prelude::*;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let id = id_param();
    let data = load_application_with(id, &[Locale::lt]);
    let ok = Callback::new(|(_, app): (String, ApplicationView)| {
        if app.status != Status::Submitted {
            return view! { <Refusal error=AppError::NotFound /> }.into_any();
        }
        view! { <Receipt app /> }.into_any()
    });
    view! {
        <TextsPreload locale=Locale::lt />
        <Loaded data ok />
    }
}

/// A receipt line: its label in any locale, and the value.
pub(super) type ReceiptRow = (fn(Locale) -> String, String);

/// R-FL-3 — every line in Lithuanian and, when the reader's language is another, in that
/// language beside it.
#[component]
fn Receipt(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = app.kind;
    let both = move |f: fn(Locale) -> String| {
        move || {
            let l = i18n.get_locale();
            let lt = f(Locale::lt);
            if l == Locale::lt {
                view! { <span lang="lt">{lt}</span> }.into_any()
            } else {
                let other = f(l);
                let code = crate::locale::locale_code(l);
                view! {
                    <span lang="lt">{lt}</span>
                    <br />
                    <span lang=code class="translation">
                        {other}
                    </span>
                }
                .into_any()
            }
        }
    };
    let terms = app.submitted.clone();
    let rows: Vec<ReceiptRow> = {
        let mut rows: Vec<ReceiptRow> = vec![(
            |l| crate::tr::td_string!(l, field.reference).to_string(),
            app.reference.clone(),
        )];
        if let Some(t) = &terms {
            rows.push((
                |l| crate::tr::td_string!(l, apply.submitted_on).to_string(),
                day(t.submitted_on),
            ));
            if let Some(d) = t.decision_due {
                rows.push((
                    |l| crate::tr::td_string!(l, apply.decision_due).to_string(),
                    day(d),
                ));
            }
            rows.push((
                |l| crate::tr::td_string!(l, apply.appear_by).to_string(),
                day(t.appear_by),
            ));
            if let Some(fee) = t.fee_eur {
                rows.push((
                    |l| crate::tr::td_string!(l, apply.pay.amount).to_string(),
                    format!("{fee}.00 EUR"),
                ));
            }
        }
        rows
    };
    let applicant = [Field::FirstName, Field::Surname]
        .into_iter()
        .filter_map(|f| answer(&app.form.answers, f))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="receipt">
            <PageTitle text=Signal::derive(move || t_string!(i18n, apply.receipt).to_string()) />
            <p class="receipt-kind">
                <span lang="lt">{kind_name(Locale::lt, kind)}</span>
                {move || {
                    let l = i18n.get_locale();
                    (l != Locale::lt)
                        .then(|| {
                            view! {
                                <br />
                                <span lang=crate::locale::locale_code(l) class="translation">
                                    {kind_name(l, kind)}
                                </span>
                            }
                        })
                }}
            </p>
            <dl class="facts">
                <dt>
                    {both(|l| {
                        crate::locale::field_name(l, Field::FirstName) + " / "
                            + &crate::locale::field_name(l, Field::Surname)
                    })}
                </dt>
                <dd>{applicant}</dd>
                {rows
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <dt>{both(label)}</dt>
                            <dd>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="no-print">
                <button class="button" type="button" on:click=move |_| print_page()>
                    {t!(i18n, apply.print)}
                </button>
            </p>
        </div>
    }
}

/// Opens the browser's print dialogue (the button is there with JavaScript; without it, the
/// browser's own Print does the same).
pub(super) fn print_page() {
    #[cfg(feature = "hydrate")]
    let _ = window().print();
}
