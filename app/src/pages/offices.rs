use crate::i18n::{use_i18n, Locale};
use crate::offices::{list_offices, Office};
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The translated name of a service code.
pub fn service_name(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "submit_documents" => t_string!(i18n, service.submit_documents).to_string(),
        "collect_document" => t_string!(i18n, service.collect_document).to_string(),
        "consultation" => t_string!(i18n, service.consultation).to_string(),
        other => other.to_string(),
    }
}

/// The translated name of an ISO weekday (1 = Monday).
pub fn weekday_name(i18n: I18nContext<Locale>, weekday: u8) -> String {
    match weekday {
        1 => t_string!(i18n, weekday.mon),
        2 => t_string!(i18n, weekday.tue),
        3 => t_string!(i18n, weekday.wed),
        4 => t_string!(i18n, weekday.thu),
        5 => t_string!(i18n, weekday.fri),
        6 => t_string!(i18n, weekday.sat),
        _ => t_string!(i18n, weekday.sun),
    }
    .to_string()
}

#[component]
pub fn OfficesPage() -> impl IntoView {
    let i18n = use_i18n();
    let directory = crate::ui::data::load(|| (), |_| list_offices());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, offices.title).to_string()) />
        <p class="lead">{t!(i18n, offices.intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match directory.await {
                    Ok(dir) if !dir.offices.is_empty() => {
                        view! {
                            <div class="office-list">
                                {dir
                                    .offices
                                    .into_iter()
                                    .map(|o| view! { <OfficeCard office=o /> })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                    _ => view! { <p>{t!(i18n, offices.none)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OfficeCard(office: Office) -> impl IntoView {
    let i18n = use_i18n();
    let desks = office.desks;
    let hours = office.hours.clone();
    view! {
        <section class="panel office" id=format!("office-{}", office.slug)>
            <h2>{office.name.clone()}</h2>
            <dl class="facts">
                <dt>{t!(i18n, offices.address)}</dt>
                <dd>
                    {office.address.clone()}
                    {office
                        .map_url
                        .clone()
                        .map(|url| {
                            view! {
                                " · "
                                <a href=url rel="noopener">
                                    {t!(i18n, offices.map)}
                                </a>
                            }
                        })}
                </dd>
                <dt>{t!(i18n, offices.services)}</dt>
                <dd>
                    {office
                        .services
                        .iter()
                        .map(|s| service_name(i18n, s))
                        .collect::<Vec<_>>()
                        .join(", ")} " · " {t!(i18n, offices.desks, count = move || desks)}
                </dd>
            </dl>
            <table class="hours">
                <caption>{t!(i18n, offices.hours)}</caption>
                <tbody>
                    {(1u8..=7)
                        .map(|wd| {
                            let day = hours.iter().find(|h| h.weekday == wd).cloned();
                            view! {
                                <tr>
                                    <th scope="row">{move || weekday_name(i18n, wd)}</th>
                                    <td>
                                        {match day {
                                            Some(h) => format!("{}–{}", h.opens, h.closes).into_any(),
                                            None => view! { {t!(i18n, offices.closed)} }.into_any(),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
