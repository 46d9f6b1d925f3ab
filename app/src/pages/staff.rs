//! Staff pages (issue #4): `/staff/people` (officers correct an applicant's names, R-AC-4),
//! `/admin/staff` (office admins manage their offices' staff) and `/admin/audit` (the audit
//! log). Searches are plain GET forms and changes plain POST forms, so all of it works without
//! JavaScript; the server checks the role on every call.
use crate::accounts::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::identity::Role;
use crate::rules::Field;
use crate::staff::{
    find_person, search_audit, staff_overview, AddStaff, AuditPage, Person, RemoveStaff, SetNames,
    StaffList,
};
use crate::tr::{t, t_string};
use crate::ui::form::{entered_or, form_error, ErrorSummary, PostForm};
use crate::ui::inputs::{EmailInput, NameInputs};
use crate::ui::note::StatusNote;
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::{Loaded, Refusal};
use crate::ui::table::ScrollTable;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// `/staff/people?q=…`: find an applicant by e-mail or personal code; correct their names.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let data = crate::ui::data::load(q, |q| async move {
        let session = session_info(true).await.map_err(|_| AppError::Server)?;
        let person = find_person(q).await?;
        Ok::<_, AppError>((session.csrf, person))
    });
    let done = move || query.with(|q| q.get("done")).as_deref() == Some("names");
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, staff.people_title).to_string()) />
        <form class="stack" method="get" action="/staff/people" role="search">
            <label for="search">{t!(i18n, staff.search_label)}</label>
            <p class="hint" id="search-hint">
                {t!(i18n, staff.search_hint)}
            </p>
            <input
                type="text"
                id="search"
                name="q"
                value=q
                autocomplete="off"
                aria-describedby="search-hint"
            />
            <button class="button" type="submit">
                {t!(i18n, staff.search)}
            </button>
        </form>
        <StatusNote show=Signal::derive(done)>{t!(i18n, staff.names_saved)}</StatusNote>
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((csrf, Some(person))) => {
                            view! { <PersonCard person csrf q=q() /> }.into_any()
                        }
                        Ok((_, None)) if q().trim().is_empty() => ().into_any(),
                        Ok((_, None)) => view! { <p>{t!(i18n, staff.nobody)}</p> }.into_any(),
                        Err(AppError::Invalid { errors, .. }) => {
                            let error = Signal::stored(
                                Some(AppError::Invalid {
                                    errors,
                                    entered: Vec::new(),
                                }),
                            );
                            view! { <ErrorSummary error focus="search" /> }.into_any()
                        }
                        Err(error) => view! { <Refusal error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn PersonCard(person: Person, csrf: String, q: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SetNames::PATH);
    let first = entered_or(error, "first_name", person.first_name.clone());
    let surname = entered_or(error, "surname", person.surname.clone());
    let level = if person.identified {
        t_string!(i18n, account.level_eid).to_string()
    } else {
        t_string!(i18n, account.level_email).to_string()
    };
    view! {
        <section class="panel" aria-labelledby="person-title">
            <h2 id="person-title">
                {format!(
                    "{} {}",
                    person.first_name.clone().unwrap_or_default(),
                    person.surname.clone().unwrap_or_default(),
                )}
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, field.email)}</dt>
                <dd>{person.email.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, field.phone)}</dt>
                <dd>{person.phone.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, account.level)}</dt>
                <dd>{level}</dd>
                <dt>{t!(i18n, staff.since)}</dt>
                <dd>{person.since.clone()}</dd>
            </dl>
            <h3>{t!(i18n, staff.correct_names)}</h3>
            <p class="hint">{t!(i18n, staff.correct_names_hint)}</p>
            <ErrorSummary error focus="first_name" />
            <PostForm action=SetNames::PATH csrf>
                <input type="hidden" name="person" value=person.id.to_string() />
                <input type="hidden" name="q" value=q />
                <NameInputs first surname error />
                <button class="button" type="submit">
                    {t!(i18n, account.save)}
                </button>
            </PostForm>
        </section>
    }
}

/// `/admin/staff`: the staff of the admin's offices; add a person, take one off an office.
#[component]
pub fn StaffAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = crate::ui::data::load(
        || (),
        |_| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            let list = staff_overview().await?;
            Ok::<_, AppError>((session.csrf, list))
        },
    );
    let done = move |what: &'static str| {
        Signal::derive(move || query.with(|q| q.get("done")).as_deref() == Some(what))
    };
    let ok = Callback::new(|(csrf, list): (String, StaffList)| {
        view! { <StaffTable list csrf /> }.into_any()
    });
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, staff.admin_title).to_string()) />
        <StatusNote show=done("added")>{t!(i18n, staff.added)}</StatusNote>
        <StatusNote show=done("removed")>{t!(i18n, staff.removed)}</StatusNote>
        <Loaded data ok />
    }
}

#[component]
fn StaffTable(list: StaffList, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let add_error = form_error(AddStaff::PATH);
    let remove_error = form_error(RemoveStaff::PATH);
    let csrf2 = csrf.clone();
    let offices = list.offices.clone();
    let head = view! {
        <th scope="col">{t!(i18n, field.email)}</th>
        <th scope="col">{t!(i18n, account.role)}</th>
        <th scope="col">{t!(i18n, account.offices)}</th>
        <th scope="col">{t!(i18n, staff.second_factor)}</th>
    }
    .into_any();
    view! {
        <ErrorSummary error=remove_error focus="staff" />
        // Focusable, so a keyboard can scroll a table wider than the phone.
        <ScrollTable
            id="staff"
            caption=Signal::derive(move || t_string!(i18n, staff.members).to_string())
            region=true
            head
        >
            {list
                .members
                .into_iter()
                .map(|m| {
                    let csrf = csrf.clone();
                    let mine: Vec<i64> = list.offices.iter().map(|o| o.id).collect();
                    let enrolled = if m.enrolled {
                        t_string!(i18n, staff.enrolled).to_string()
                    } else {
                        t_string!(i18n, staff.not_enrolled).to_string()
                    };
                    view! {
                        <tr>
                            <td>
                                {m.email.clone().unwrap_or_default()} <br />
                                <span class="tag">{m.name.clone()}</span>
                            </td>
                            <td>{crate::locale::role_name(locale, m.role)}</td>
                            <td>
                                <ul class="checklist">
                                    {m
                                        .offices
                                        .into_iter()
                                        .map(|o| {
                                            let removable = !m.is_me && mine.contains(&o.id);
                                            let csrf = csrf.clone();
                                            let label = format!(
                                                "{} ({})",
                                                t_string!(i18n, staff.remove),
                                                o.name,
                                            );
                                            view! {
                                                <li>
                                                    {o.name.clone()}
                                                    {removable
                                                        .then(|| {
                                                            view! {
                                                                <PostForm action=RemoveStaff::PATH csrf>
                                                                    <input type="hidden" name="user" value=m.id.to_string() />
                                                                    <input type="hidden" name="office" value=o.id.to_string() />
                                                                    <button
                                                                        class="button secondary"
                                                                        type="submit"
                                                                        aria-label=label
                                                                    >
                                                                        {t!(i18n, staff.remove)}
                                                                    </button>
                                                                </PostForm>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </td>
                            <td>{enrolled}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </ScrollTable>

        <h2>{t!(i18n, staff.add_title)}</h2>
        <p class="hint">{t!(i18n, staff.add_hint)}</p>
        <ErrorSummary error=add_error focus="email" />
        <PostForm action=AddStaff::PATH csrf=csrf2>
            <EmailInput
                error=add_error
                autocomplete="off"
                label=Signal::derive(move || t_string!(i18n, field.email).to_string())
            />
            <label for="role">{t!(i18n, field.role)}</label>
            <select id="role" name="role">
                {Role::STAFF
                    .iter()
                    .map(|&r| {
                        view! {
                            <option value=r.as_str()>{crate::locale::role_name(locale, r)}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="office">{t!(i18n, staff.office)}</label>
            <select id="office" name="office">
                {offices
                    .into_iter()
                    .map(|o| view! { <option value=o.id.to_string()>{o.name}</option> })
                    .collect_view()}
            </select>
            <button class="button" type="submit">
                {t!(i18n, staff.add)}
            </button>
        </PostForm>
    }
}

/// `/admin/audit?actor=…&subject=…&action=…&from=…&to=…&before=…`: the audit log, newest first.
#[component]
pub fn AuditPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let data = crate::ui::data::load(
        move || {
            (
                get("actor"),
                get("subject"),
                get("action"),
                get("from"),
                get("to"),
                get("before").parse::<i64>().ok(),
            )
        },
        |(actor, subject, action, from, to, before)| {
            search_audit(actor, subject, action, from, to, before)
        },
    );
    // The id is the rule field's name, so the error summary's links land on the input.
    let filter =
        move |name: &'static str, field: Field, label: Signal<String>, kind: &'static str| {
            let id = field.as_str();
            view! {
                <div class="stack">
                    <label for=id>{label}</label>
                    <input type=kind id=id name=name value=move || get(name) autocomplete="off" />
                </div>
            }
        };
    let field_label = move |field: Field| {
        Signal::derive(move || crate::locale::field_name(i18n.get_locale(), field))
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, staff.audit_title).to_string()) />
        <form class="filters" method="get" action="/admin/audit" role="search">
            {filter(
                "actor",
                Field::Email,
                Signal::derive(move || t_string!(i18n, staff.who).to_string()),
                "email",
            )}
            {filter(
                "subject",
                Field::Search,
                Signal::derive(move || t_string!(i18n, staff.whom).to_string()),
                "email",
            )}
            {filter("action", Field::Action, field_label(Field::Action), "text")}
            {filter("from", Field::From, field_label(Field::From), "date")}
            {filter("to", Field::To, field_label(Field::To), "date")}
            <button class="button" type="submit">
                {t!(i18n, staff.search)}
            </button>
        </form>
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(page) => view! { <AuditTable page /> }.into_any(),
                        Err(e @ AppError::Invalid { .. }) => {
                            view! { <ErrorSummary error=Signal::stored(Some(e)) focus="email" /> }
                                .into_any()
                        }
                        Err(error) => view! { <Refusal error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AuditTable(page: AuditPage) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let older = page.older.map(|before| {
        let mut params: Vec<(String, String)> = query.with_untracked(|q| {
            ["actor", "subject", "action", "from", "to"]
                .iter()
                .filter_map(|k| q.get(k).map(|v| (k.to_string(), v)))
                .collect()
        });
        params.push(("before".into(), before.to_string()));
        let qs: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .collect();
        format!("/admin/audit?{}", qs.join("&"))
    });
    let empty = page.entries.is_empty();
    view! {
        {empty.then(|| view! { <p>{t!(i18n, staff.audit_empty)}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-caption">
            <table>
                <caption id="audit-caption">{t!(i18n, staff.audit_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, staff.when)}</th>
                        <th scope="col">{t!(i18n, staff.who)}</th>
                        <th scope="col">{t!(i18n, field.action)}</th>
                        <th scope="col">{t!(i18n, staff.whom)}</th>
                        <th scope="col">{t!(i18n, staff.detail)}</th>
                        <th scope="col">{t!(i18n, account.address)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .entries
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{e.at}</td>
                                    <td>{e.actor}</td>
                                    <td>
                                        <code>{e.action}</code>
                                    </td>
                                    <td>{e.subject}</td>
                                    <td>{e.detail}</td>
                                    <td>{e.client}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {older
            .map(|href| {
                view! {
                    <p>
                        <a href=href>{t!(i18n, staff.older)}</a>
                    </p>
                }
            })}
    }
}
