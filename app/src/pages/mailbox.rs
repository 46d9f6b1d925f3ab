use crate::i18n::use_i18n;
use crate::mailbox::{list_mailbox, Delivery};
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;

/// `/dev/mailbox`: the e-mails of a demo installation (Accounts issue #4.6).
#[component]
pub fn MailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mail = crate::ui::data::load(|| (), |_| list_mailbox());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, mailbox.title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match mail.await {
                    Ok(Some(items)) if items.is_empty() => {
                        view! {
                            <p class="lead">{t!(i18n, mailbox.intro)}</p>
                            <p>{t!(i18n, mailbox.empty)}</p>
                        }
                            .into_any()
                    }
                    Ok(Some(items)) => {
                        view! {
                            <p class="lead">{t!(i18n, mailbox.intro)}</p>
                            <ul class="mailbox">
                                {items
                                    .into_iter()
                                    .map(|m| {
                                        let state = match m.delivery {
                                            Delivery::Pending => t_string!(i18n, mailbox.pending),
                                            Delivery::Delivered => t_string!(i18n, mailbox.delivered),
                                            Delivery::Failed => t_string!(i18n, mailbox.failed),
                                        };
                                        view! {
                                            <li class="panel" id=format!("mail-{}", m.id)>
                                                <h2>{m.subject}</h2>
                                                <dl>
                                                    <dt>{t!(i18n, mailbox.to)}</dt>
                                                    <dd>{m.recipient}</dd>
                                                    <dt>{t!(i18n, mailbox.when)}</dt>
                                                    <dd>{format!("{} UTC", m.created)}</dd>
                                                    <dt>{t!(i18n, mailbox.state)}</dt>
                                                    <dd>{state}</dd>
                                                </dl>
                                                <pre class="mail-body">{m.body}</pre>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    _ => view! { <p>{t!(i18n, mailbox.unavailable)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
