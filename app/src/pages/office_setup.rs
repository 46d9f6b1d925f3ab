//! `/admin/office` (issue #7.1): an office admin sets up an office for visits — address, phone
//! and map link, the hours of each weekday, closed days and days with other hours, and each
//! service's booking desks and application types. Plain POST forms: all of it works without
//! JavaScript, and on a 360 px screen.
use super::offices::{service_name, weekday_name};
use crate::accounts::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::names::kind_name;
use crate::offices::{
    office_setup, RemoveOfficeException, SaveOfficeDuration, SaveOfficeException, SaveOfficeHours,
    SaveOfficeService, SetupException, SetupOffice, SetupService,
};
use crate::queue::RevokeKiosk;
use crate::rules::application::ApplicationType;
use crate::rules::Field;
use crate::tr::{t, t_string};
use crate::ui::day;
use crate::ui::filters::OfficeFilter;
use crate::ui::form::{entered_of, form_error, ErrorSummary, FieldError, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Refusal;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn OfficeSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let chosen = move || query.with(|q| q.get("office")).unwrap_or_default();
    let data = crate::ui::data::load(chosen, |office| async move {
        let session = session_info(true).await.map_err(|_| AppError::Server)?;
        let setup = office_setup(office).await?;
        Ok::<_, AppError>((session.csrf, setup))
    });
    let done = move || query.with(|q| q.get("done"));
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, setup.title).to_string()) />
        <div role="status">
            {move || {
                done()
                    .map(|d| {
                        let text = move || match d.as_str() {
                            "exception" => t_string!(i18n, setup.done_exception).to_string(),
                            "exception_removed" => {
                                t_string!(i18n, setup.done_exception_removed).to_string()
                            }
                            "service" => t_string!(i18n, setup.done_service).to_string(),
                            "revoked" => t_string!(i18n, kiosk.revoked).to_string(),
                            "duration" => t_string!(i18n, setup.done_duration).to_string(),
                            _ => t_string!(i18n, setup.done_hours).to_string(),
                        };
                        view! { <p class="status-note">{text}</p> }
                    })
            }}
        </div>
        <ErrorSummary error=form_error(SaveOfficeHours::PATH) focus="address" />
        <ErrorSummary error=form_error(SaveOfficeException::PATH) focus="date" />
        <ErrorSummary error=form_error(SaveOfficeService::PATH) focus="desks" />
        <ErrorSummary error=form_error(SaveOfficeDuration::PATH) focus="duration" />
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((csrf, setup)) => {
                            let choice = (setup.offices.len() > 1)
                                .then(|| {
                                    let current = setup.office.as_ref().map(|o| o.id);
                                    view! {
                                        <form class="filters" method="get" action="/admin/office">
                                            <OfficeFilter
                                                offices=setup.offices.clone()
                                                selected=current
                                            />
                                            <button class="button secondary" type="submit">
                                                {t!(i18n, visit.desk.show)}
                                            </button>
                                        </form>
                                    }
                                });
                            let outside = setup.outside_hours;
                            let warning = (outside > 0)
                                .then(|| {
                                    view! {
                                        <p
                                            class="status-note warning"
                                            data-outside=outside.to_string()
                                        >
                                            {move || {
                                                t_string!(i18n, setup.outside_hours, count = outside)
                                                    .to_string()
                                            }}
                                            " "
                                            <a href="/staff/visits">{t!(i18n, visit.desk.title)}</a>
                                        </p>
                                    }
                                });
                            let body = setup
                                .office
                                .map(|o| view! { <Setup o csrf /> }.into_any())
                                .unwrap_or_else(|| {
                                    view! { <p class="status-note">{t!(i18n, setup.no_office)}</p> }
                                        .into_any()
                                });
                            view! {
                                {choice}
                                {warning}
                                {body}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Setup(o: SetupOffice, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = o.id;
    let exceptions = o
        .exceptions
        .iter()
        .cloned()
        .map(|e| view! { <ExceptionRow e id csrf=csrf.clone() /> })
        .collect_view();
    let no_exceptions = o.exceptions.is_empty();
    let services = o
        .services
        .iter()
        .cloned()
        .map(|s| view! { <ServiceForm s id csrf=csrf.clone() /> })
        .collect_view();
    view! {
        <h2>{o.name.clone()}</h2>
        <Week o=o.clone() csrf=csrf.clone() />
        <section class="panel" aria-labelledby="exceptions-title">
            <h2 id="exceptions-title">{t!(i18n, setup.exceptions_title)}</h2>
            <p class="hint">{t!(i18n, setup.exceptions_hint)}</p>
            {if no_exceptions {
                view! { <p>{t!(i18n, setup.no_exceptions)}</p> }.into_any()
            } else {
                view! { <ul class="checklist exceptions">{exceptions}</ul> }.into_any()
            }}
            <ExceptionForm id csrf=csrf.clone() />
        </section>
        <section class="panel" aria-labelledby="services-title">
            <h2 id="services-title">{t!(i18n, setup.services_title)}</h2>
            <p class="hint">{t!(i18n, setup.services_hint)}</p>
            {services}
        </section>
        <Kiosks o csrf />
    }
}

/// Issue #8.4 — the office's kiosks, each revocable, and how to add one.
#[component]
fn Kiosks(o: SetupOffice, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let url = format!("/kiosk/{}", o.slug);
    let none = o.kiosks.is_empty();
    let rows = o
        .kiosks
        .into_iter()
        .map(|k| {
            let registered = k.registered.clone();
            let seen = k.seen.clone().unwrap_or_else(|| "—".into());
            view! {
                <li data-kiosk=k.name.clone()>
                    <strong>{k.name.clone()}</strong>
                    " · "
                    {move || {
                        t_string!(
                            i18n, kiosk.seen, registered = registered.clone(), seen = seen.clone()
                        )
                            .to_string()
                    }}
                    <PostForm action=RevokeKiosk::PATH csrf=csrf.clone()>
                        <input type="hidden" name="device" value=k.id.to_string() />
                        <button class="button secondary" type="submit">
                            {t!(i18n, kiosk.revoke)}
                        </button>
                    </PostForm>
                </li>
            }
        })
        .collect_view();
    let link = url.clone();
    view! {
        <section class="panel" id="kiosks" aria-labelledby="kiosks-title">
            <h2 id="kiosks-title">{t!(i18n, kiosk.list_title)}</h2>
            <p class="hint">
                {move || {
                    let (before, after) = crate::tr::around(
                        t_string!(i18n, kiosk.list_intro, url = crate::tr::SLOT),
                    );
                    view! {
                        {before}
                        <a href=link.clone()>{url.clone()}</a>
                        {after}
                    }
                }}
            </p>
            {if none {
                view! { <p>{t!(i18n, kiosk.none)}</p> }.into_any()
            } else {
                view! { <ul class="checklist">{rows}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Week(o: SetupOffice, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveOfficeHours::PATH);
    // The weekday the server refused gets the field ids the error summary links to.
    let wrong_day: Option<u8> = entered_of(error, "weekday").and_then(|w| w.parse().ok());
    let text = move |name: &'static str, value: String| entered_of(error, name).unwrap_or(value);
    let rows = (1..=7u8)
        .map(|w| {
            let (opens, closes) = o.week.get(usize::from(w - 1)).cloned().unwrap_or_default();
            let opens = entered_of(error, &format!("opens_{w}")).unwrap_or(opens);
            let closes = entered_of(error, &format!("closes_{w}")).unwrap_or(closes);
            let named = wrong_day == Some(w);
            let (oid, cid) = if named {
                ("opens".to_string(), "closes".to_string())
            } else {
                (format!("opens-{w}"), format!("closes-{w}"))
            };
            let (ol, cl) = (oid.clone(), cid.clone());
            view! {
                <tr>
                    <th scope="row">{move || weekday_name(i18n, w)}</th>
                    <td>
                        <label class="visually-hidden" for=ol>
                            {move || weekday_name(i18n, w)}
                            " "
                            {move || crate::locale::field_name(i18n.get_locale(), Field::Opens)}
                        </label>
                        <input type="time" id=oid name=format!("opens_{w}") value=opens />
                    </td>
                    <td>
                        <label class="visually-hidden" for=cl>
                            {move || weekday_name(i18n, w)}
                            " "
                            {move || crate::locale::field_name(i18n.get_locale(), Field::Closes)}
                        </label>
                        <input type="time" id=cid name=format!("closes_{w}") value=closes />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let field = move |f: Field, name: &'static str, kind: &'static str, value: String| {
        let v = text(name, value);
        view! {
            <div class="field">
                <label for=f
                    .as_str()>{move || crate::locale::field_name(i18n.get_locale(), f)}</label>
                <FieldError field=f error live=Signal::stored(None) />
                <input type=kind id=f.as_str() name=name value=v />
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="week-title">
            <h2 id="week-title">{t!(i18n, setup.week_title)}</h2>
            <PostForm action=SaveOfficeHours::PATH csrf>
                <input type="hidden" name="office" value=o.id.to_string() />
                {field(Field::Address, "address", "text", o.address.clone())}
                {field(Field::Phone, "phone", "tel", o.phone.clone().unwrap_or_default())}
                {field(Field::MapUrl, "map_url", "url", o.map_url.clone().unwrap_or_default())}
                <p class="hint">{t!(i18n, setup.week_hint)}</p>
                <FieldError field=Field::Opens error live=Signal::stored(None) />
                <FieldError field=Field::Closes error live=Signal::stored(None) />
                <div class="table-scroll">
                    <table class="week">
                        <caption class="visually-hidden">{t!(i18n, setup.week_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, setup.weekday)}</th>
                                <th scope="col">
                                    {move || crate::locale::field_name(
                                        i18n.get_locale(),
                                        Field::Opens,
                                    )}
                                </th>
                                <th scope="col">
                                    {move || crate::locale::field_name(
                                        i18n.get_locale(),
                                        Field::Closes,
                                    )}
                                </th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <button class="button" type="submit">
                    {t!(i18n, setup.save_week)}
                </button>
            </PostForm>
        </section>
    }
}

#[component]
fn ExceptionRow(e: SetupException, id: i64, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = e.day;
    let booked = e.booked;
    let hours = e.hours.clone();
    view! {
        <li data-day=d.to_string()>
            <strong>
                {move || weekday_name(i18n, d.weekday().to_monday_one_offset() as u8)} " " {day(d)}
            </strong>
            ": "
            {move || match &hours {
                Some((o, c)) => {
                    t_string!(i18n, setup.other_hours, opens = o.clone(), closes = c.clone())
                        .to_string()
                }
                None => t_string!(i18n, setup.closed).to_string(),
            }}
            {(!e.note.is_empty()).then(|| format!(" ({})", e.note))}
            {(booked > 0)
                .then(|| {
                    view! {
                        " "
                        <span class="warning">
                            {move || {
                                t_string!(i18n, setup.booked_that_day, count = booked).to_string()
                            }}
                        </span>
                    }
                })}
            <PostForm action=RemoveOfficeException::PATH csrf>
                <input type="hidden" name="office" value=id.to_string() />
                <input type="hidden" name="day" value=d.to_string() />
                <button class="button secondary" type="submit">
                    {move || t_string!(i18n, setup.remove_exception, date = day(d)).to_string()}
                </button>
            </PostForm>
        </li>
    }
}

#[component]
fn ExceptionForm(id: i64, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveOfficeException::PATH);
    // The week's form uses the `opens`/`closes` ids while it shows an error of its own.
    let week_wrong = form_error(SaveOfficeHours::PATH).get_untracked().is_some();
    let field = move |f: Field, name: &'static str, kind: &'static str| {
        let v = entered_of(error, name).unwrap_or_default();
        let fid = if week_wrong && f != Field::Date {
            format!("ex-{}", f.as_str())
        } else {
            f.as_str().to_string()
        };
        let for_id = fid.clone();
        view! {
            <div class="field">
                <label for=for_id>{move || crate::locale::field_name(i18n.get_locale(), f)}</label>
                <FieldError field=f error live=Signal::stored(None) />
                <input type=kind id=fid name=name value=v required=f == Field::Date />
            </div>
        }
    };
    let note = entered_of(error, "note").unwrap_or_default();
    view! {
        <h3>{t!(i18n, setup.add_exception)}</h3>
        <PostForm action=SaveOfficeException::PATH csrf>
            <input type="hidden" name="office" value=id.to_string() />
            {field(Field::Date, "day", "date")}
            <p class="hint">{t!(i18n, setup.exception_hours_hint)}</p>
            {field(Field::Opens, "opens", "time")}
            {field(Field::Closes, "closes", "time")}
            <div class="field">
                <label for="message">{t!(i18n, setup.note)}</label>
                <FieldError field=Field::Message error live=Signal::stored(None) />
                <input type="text" id="message" name="note" maxlength="200" value=note />
            </div>
            <button class="button" type="submit">
                {t!(i18n, setup.save_exception)}
            </button>
        </PostForm>
    }
}

#[component]
fn ServiceForm(s: SetupService, id: i64, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveOfficeService::PATH);
    let code = s.code.clone();
    let mine = entered_of(error, "service").as_deref() == Some(code.as_str());
    let desks = if mine {
        entered_of(error, "desks").unwrap_or_else(|| s.desks.to_string())
    } else {
        s.desks.to_string()
    };
    let desks_id = if mine {
        "desks".to_string()
    } else {
        format!("desks-{code}")
    };
    let desks_for = desks_id.clone();
    let name_code = code.clone();
    let duration_csrf = csrf.clone();
    let kinds = ApplicationType::ALL
        .iter()
        .map(|k| {
            let k = *k;
            let checked = s.kinds.iter().any(|x| x == k.as_str());
            let cid = format!("kind-{code}-{}", k.as_str());
            let for_id = cid.clone();
            view! {
                <label class="check" for=for_id>
                    <input
                        type="checkbox"
                        id=cid
                        name=format!("kind_{}", k.as_str())
                        checked=checked
                    />
                    {move || kind_name(i18n.get_locale(), k)}
                </label>
            }
        })
        .collect_view();
    view! {
        <PostForm action=SaveOfficeService::PATH csrf>
            <fieldset class="field service-setup" data-service=code.clone()>
                <legend>{move || service_name(i18n, &name_code)}</legend>
                <input type="hidden" name="office" value=id.to_string() />
                <input type="hidden" name="service" value=code.clone() />
                <div class="field">
                    <label for=desks_for>
                        {move || crate::locale::field_name(i18n.get_locale(), Field::Desks)}
                    </label>
                    <p class="hint">{t!(i18n, setup.desks_hint)}</p>
                    {mine
                        .then(|| {
                            view! {
                                <FieldError field=Field::Desks error live=Signal::stored(None) />
                            }
                        })}
                    <input
                        type="number"
                        id=desks_id
                        name="desks"
                        min="0"
                        max="50"
                        inputmode="numeric"
                        value=desks
                        required
                    />
                </div>
                <p>{t!(i18n, setup.kinds)}</p>
                <div class="radios">{kinds}</div>
                <button class="button secondary" type="submit">
                    {t!(i18n, setup.save_service)}
                </button>
            </fieldset>
        </PostForm>
        <DurationForm s=s.clone() id csrf=duration_csrf />
    }
}

/// Issue #7.1 — how long one visit of the service lasts here, from a day on.
#[component]
fn DurationForm(s: SetupService, id: i64, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveOfficeDuration::PATH);
    let code = s.code.clone();
    let mine = entered_of(error, "service").as_deref() == Some(code.as_str());
    // Only the form the server refused uses the ids its error summary links to.
    let (minutes_id, from_id) = if mine {
        ("duration".to_string(), "from".to_string())
    } else {
        (format!("duration-{code}"), format!("from-{code}"))
    };
    let (minutes_for, from_for) = (minutes_id.clone(), from_id.clone());
    let value = |name: &str, usual: String| {
        if mine {
            entered_of(error, name).unwrap_or(usual)
        } else {
            usual
        }
    };
    let minutes = value("minutes", s.minutes.to_string());
    let earliest = s.earliest_change;
    let from = value("from", earliest.to_string());
    let (now, national) = (s.minutes, s.national_minutes);
    let changes = s
        .changes
        .iter()
        .map(|(d, m)| {
            let (d, m) = (*d, *m);
            view! {
                <li data-from=d
                    .to_string()>
                    {move || {
                        t_string!(i18n, setup.minutes_from, date = day(d), minutes = m).to_string()
                    }}
                </li>
            }
        })
        .collect_view();
    let errors = move |f: Field| {
        mine.then(|| view! { <FieldError field=f error live=Signal::stored(None) /> })
    };
    view! {
        <PostForm action=SaveOfficeDuration::PATH csrf>
            <fieldset class="field service-duration" data-service=code.clone()>
                <legend>{t!(i18n, setup.duration_title)}</legend>
                <p class="hint" data-minutes=now.to_string()>
                    {move || {
                        t_string!(i18n, setup.minutes_here, minutes = now, national = national)
                            .to_string()
                    }}
                </p>
                {(!s.changes.is_empty()).then(|| view! { <ul class="changes">{changes}</ul> })}
                <p class="hint">
                    {move || t_string!(i18n, setup.duration_hint, date = day(earliest)).to_string()}
                </p>
                <input type="hidden" name="office" value=id.to_string() />
                <input type="hidden" name="service" value=code.clone() />
                <div class="field">
                    <label for=minutes_for>
                        {move || crate::locale::field_name(i18n.get_locale(), Field::Duration)}
                    </label>
                    {errors(Field::Duration)}
                    <input
                        type="number"
                        id=minutes_id
                        name="minutes"
                        min="5"
                        max="240"
                        inputmode="numeric"
                        value=minutes
                        required
                    />
                </div>
                <div class="field">
                    <label for=from_for>{t!(i18n, setup.duration_from)}</label>
                    {errors(Field::From)}
                    <input type="date" id=from_id name="from" min=earliest.to_string() value=from />
                </div>
                <button class="button secondary" type="submit">
                    {t!(i18n, setup.save_duration)}
                </button>
            </fieldset>
        </PostForm>
    }
}
