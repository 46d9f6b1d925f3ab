//! `/applications/:id/invitation` — R-SV-1: an approved invitation, printable (issue #5).
use super::receipt::ReceiptRow;
use super::texts::question_label;
use super::{id_param, load_application_with};
use crate::applications::ApplicationView;
use crate::error::AppError;
use crate::i18n::{use_i18n, Locale};
use crate::rules::application::answer;
use crate::rules::Field;
use crate::tr::{t, t_string, td_string, TextsPreload};
use crate::ui::day;
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::{Loaded, Refusal};
use leptos::prelude::*;

/// `/applications/:id/invitation` — R-SV-1: an approved invitation, printable, in Lithuanian
/// and English whatever the reader's language (the form the border guard and the consulate
/// read).
#[component]
pub fn InvitationPage() -> impl IntoView {
    let id = id_param();
    let data = load_application_with(id, &[Locale::lt, Locale::en]);
    let ok = Callback::new(|(_, app): (String, ApplicationView)| {
        if !approved_invitation(&app) {
            return view! { <Refusal error=AppError::NotFound /> }.into_any();
        }
        view! { <Invitation app /> }.into_any()
    });
    view! {
        <TextsPreload locale=Locale::lt />
        <TextsPreload locale=Locale::en />
        <Loaded data ok />
    }
}

/// R-SV-1 — an invitation whose approval can be printed.
pub fn approved_invitation(app: &ApplicationView) -> bool {
    app.kind == crate::rules::application::ApplicationType::Invitation
        && app
            .case
            .as_ref()
            .is_some_and(|c| c.stage == crate::rules::case::Stage::Approved)
}

#[component]
fn Invitation(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let a = &app.form.answers;
    let get = |f: Field| answer(a, f).unwrap_or("").to_string();
    let case = app.case.clone();
    let names = |first: Field, last: Field| format!("{} {}", get(first), get(last));
    let citizenship = get(Field::InviteeCitizenship);
    let rows: Vec<ReceiptRow> = vec![
        (
            |l| td_string!(l, invite.number).to_string(),
            app.reference.clone(),
        ),
        (
            |l| td_string!(l, invite.approved_on).to_string(),
            case.as_ref()
                .and_then(|c| c.decided_on)
                .map(day)
                .unwrap_or_default(),
        ),
        (
            |l| td_string!(l, invite.valid_until).to_string(),
            case.as_ref()
                .and_then(|c| c.valid_until)
                .map(day)
                .unwrap_or_default(),
        ),
        (
            |l| td_string!(l, invite.inviting).to_string(),
            names(Field::FirstName, Field::Surname),
        ),
        (
            |l| crate::locale::field_name(l, Field::PersonalCode),
            get(Field::PersonalCode),
        ),
        (|l| question_label(l, Field::InviterStatus), {
            let status = get(Field::InviterStatus);
            format!(
                "{} / {}",
                super::texts::option_label(Locale::lt, &status),
                super::texts::option_label(Locale::en, &status)
            )
        }),
        (
            |l| question_label(l, Field::InviterPermit),
            get(Field::InviterPermit),
        ),
        (
            |l| question_label(l, Field::InviterAddress),
            get(Field::InviterAddress),
        ),
        (
            |l| td_string!(l, invite.invited).to_string(),
            names(Field::InviteeFirstName, Field::InviteeSurname),
        ),
        (
            |l| question_label(l, Field::InviteeBirthDate),
            get(Field::InviteeBirthDate),
        ),
        (
            |l| question_label(l, Field::InviteeCitizenship),
            format!(
                "{} / {}",
                super::texts::country_name(Locale::lt, &citizenship),
                super::texts::country_name(Locale::en, &citizenship)
            ),
        ),
        (
            |l| question_label(l, Field::VisitPurpose),
            get(Field::VisitPurpose),
        ),
    ];
    view! {
        <article class="receipt invitation">
            <PageTitle text=Signal::derive(move || t_string!(i18n, invite.title).to_string()) />
            <p class="receipt-kind">
                <span lang="lt">{td_string!(Locale::lt, invite.document)}</span>
                <br />
                <span lang="en" class="translation">
                    {td_string!(Locale::en, invite.document)}
                </span>
            </p>
            <dl class="facts">
                {rows
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(label, value)| {
                        view! {
                            <dt>
                                <span lang="lt">{label(Locale::lt)}</span>
                                " / "
                                <span lang="en" class="translation">
                                    {label(Locale::en)}
                                </span>
                            </dt>
                            <dd>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="hint">
                <span lang="lt">{td_string!(Locale::lt, invite.note)}</span>
                <br />
                <span lang="en" class="translation">
                    {td_string!(Locale::en, invite.note)}
                </span>
            </p>
            <p class="no-print">
                <button class="button" type="button" on:click=move |_| super::receipt::print_page()>
                    {t!(i18n, apply.print)}
                </button>
            </p>
        </article>
    }
}
