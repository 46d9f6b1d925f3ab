//! `/account`: the logged-in person's page. On the first e-mail login it is the contact form
//! (R-AC-3); afterwards it shows the details, lets the phone be changed (R-AC-4: names only by
//! an officer) and logs out — here or on every other device.
use crate::accounts::{
    my_account, session_info, AccountInfo, CancelEmailChange, ConfirmEmailChange, DeleteAccount,
    Device, EndDevice, Level, Logout, LogoutOtherDevices, Me, Preferences, RequestEmailChange,
    SaveContact, SavePreferences, SessionView,
};
use crate::i18n::use_i18n;
use crate::identity::Role;
use crate::pages::login::ServerTrouble;
use crate::tr::{t, t_string};
use crate::ui::form::{entered_or, entered_value, form_error, ErrorSummary, PostForm};
use crate::ui::inputs::{CodeInput, EmailInput, NameInputs, PhoneInput};
use crate::ui::note::StatusNote;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    // The session first (it makes the CSRF token), then the devices and preferences.
    let session = crate::ui::data::load(
        || (),
        |_| async {
            let session = session_info(true).await;
            let logged_in = matches!(&session, Ok(SessionView { me: Some(_), .. }));
            let info = if logged_in {
                my_account().await.ok()
            } else {
                None
            };
            session.map(|s| (s, info))
        },
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.title).to_string()) />
        <Suspense>
            {move || {
                session
                    .get()
                    .map(|s| match s {
                        Ok(
                            (SessionView { me: Some(me), csrf, recovery_codes, .. }, _),
                        ) if me.needs_contact() => {
                            view! {
                                <RecoveryCodes codes=recovery_codes />
                                <FirstContact me csrf />
                            }
                                .into_any()
                        }
                        Ok(
                            (
                                SessionView {
                                    me: Some(me),
                                    csrf,
                                    recovery_codes,
                                    pending_email_change,
                                    ..
                                },
                                info,
                            ),
                        ) => {
                            view! {
                                <RecoveryCodes codes=recovery_codes />
                                <Details me csrf pending_email_change info />
                            }
                                .into_any()
                        }
                        Ok(_) => {
                            view! {
                                <p>{t!(i18n, account.error.not_logged_in)}</p>
                                <p>
                                    <a class="button" href="/login">
                                        {t!(i18n, nav.login)}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                        Err(_) => view! { <ServerTrouble /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// R-AC-3: names and phone, checked as they are typed; the e-mail is the login address.
#[component]
fn FirstContact(me: Me, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveContact::PATH);
    let first = entered_value(error, "first_name");
    let surname = entered_value(error, "surname");
    let phone = entered_value(error, "phone");
    let email = me.email.clone().unwrap_or_default();
    view! {
        <p class="lead">{t!(i18n, account.contact_intro)}</p>
        <ErrorSummary error focus="first_name" />
        <PostForm action=SaveContact::PATH csrf>
            <NameInputs first surname error own=true />
            <PhoneInput value=phone error />
            <p>
                <strong>{t!(i18n, field.email)}</strong>
                ": "
                {email}
            </p>
            <button class="button" type="submit">
                {t!(i18n, account.save)}
            </button>
        </PostForm>
    }
}

#[component]
fn Details(
    me: Me,
    csrf: String,
    pending_email_change: Option<String>,
    info: Option<AccountInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save_error = form_error(SaveContact::PATH);
    let logout_error = Signal::derive(move || {
        form_error(Logout::PATH)
            .get()
            .or_else(|| form_error(LogoutOtherDevices::PATH).get())
    });
    let done = move || query.with(|q| q.get("done"));
    let others_done = move || done().as_deref() == Some("others");
    let saved = move || done().as_deref() == Some("contact");
    let email_changed = move || done().as_deref() == Some("email");
    let phone = entered_or(save_error, "phone", me.phone.clone());
    let name = format!(
        "{} {}",
        me.first_name.clone().unwrap_or_default(),
        me.surname.clone().unwrap_or_default()
    );
    let level = match me.level {
        Level::Email => t_string!(i18n, account.level_email).to_string(),
        Level::Eid => t_string!(i18n, account.level_eid).to_string(),
    };
    let csrf2 = csrf.clone();
    let csrf3 = csrf.clone();
    let csrf4 = csrf.clone();
    let csrf5 = csrf.clone();
    let csrf6 = csrf.clone();
    let csrf7 = csrf.clone();
    let has_phone = me.phone.is_some();
    let applicant = me.role == Role::Applicant;
    let (devices, preferences) = match info {
        Some(i) => (i.devices, Some(i.preferences)),
        None => (Vec::new(), None),
    };
    let device_done = move || done().as_deref() == Some("device");
    view! {
        <StatusNote show=Signal::derive(saved)>{t!(i18n, account.saved)}</StatusNote>
        <dl class="facts">
            <dt>{t!(i18n, account.name)}</dt>
            <dd>{name}</dd>
            <dt>{t!(i18n, field.email)}</dt>
            <dd>{me.email.clone().unwrap_or_default()}</dd>
            <dt>{t!(i18n, field.phone)}</dt>
            <dd>{me.phone.clone().unwrap_or_default()}</dd>
            <dt>{t!(i18n, account.level)}</dt>
            <dd>{level}</dd>
            {(me.role != Role::Applicant)
                .then(|| {
                    view! {
                        <dt>{t!(i18n, account.role)}</dt>
                        <dd>{crate::locale::role_name(i18n.get_locale_untracked(), me.role)}</dd>
                        <dt>{t!(i18n, account.offices)}</dt>
                        <dd>{me.offices.join(", ")}</dd>
                    }
                })}
        </dl>
        <p class="hint">{t!(i18n, account.names_by_officer)}</p>
        <StaffLinks role=me.role />

        <h2>{t!(i18n, account.change_phone)}</h2>
        <ErrorSummary error=save_error focus="phone" />
        <PostForm action=SaveContact::PATH csrf>
            <PhoneInput value=phone error=save_error />
            <button class="button" type="submit">
                {t!(i18n, account.save)}
            </button>
        </PostForm>

        <h2>{t!(i18n, account.change_email)}</h2>
        <StatusNote show=Signal::derive(
            email_changed,
        )>{t!(i18n, account.email_changed)}</StatusNote>
        <ChangeEmail csrf=csrf4 pending=pending_email_change />

        {preferences.map(|p| view! { <NoticePreferences prefs=p has_phone csrf=csrf5 /> })}

        <h2>{t!(i18n, account.devices)}</h2>
        <ErrorSummary error=logout_error focus="logout" />
        <StatusNote show=Signal::derive(device_done)>{t!(i18n, account.device_done)}</StatusNote>
        <Devices devices csrf=csrf6 />
        <StatusNote show=Signal::derive(others_done)>{t!(i18n, account.others_done)}</StatusNote>
        <div class="actions">
            // Logging out reloads the whole app: nothing of the session stays in memory.
            <PostForm action=Logout::PATH csrf=csrf2>
                <button class="button" id="logout" type="submit">
                    {t!(i18n, account.logout)}
                </button>
            </PostForm>
            <PostForm action=LogoutOtherDevices::PATH csrf=csrf3>
                <button class="button secondary" type="submit">
                    {t!(i18n, account.logout_others)}
                </button>
            </PostForm>
        </div>

        <h2>{t!(i18n, account.my_data)}</h2>
        <p>{t!(i18n, account.my_data_intro)}</p>
        // A plain link: the browser downloads the file (works without JavaScript).
        <p>
            <a
                class="button secondary"
                href="/account/data"
                download="vartai-my-data.json"
                rel="external"
            >
                {t!(i18n, account.download)}
            </a>
        </p>

        <h2>{t!(i18n, account.delete_title)}</h2>
        {if applicant {
            view! { <DeleteAccountForm csrf=csrf7 /> }.into_any()
        } else {
            view! { <p>{t!(i18n, account.delete_staff)}</p> }.into_any()
        }}
    }
}

/// Where a staff member's work is, by role.
#[component]
fn StaffLinks(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let officer = role.handles_cases();
    let admin = role == Role::OfficeAdmin;
    if role == Role::Applicant {
        return Some(
            view! {
                <p class="actions">
                    <a class="button secondary" href="/applications">
                        {t!(i18n, nav.applications)}
                    </a>
                    " "
                    <a class="button secondary" href="/my-documents">
                        {t!(i18n, held.title)}
                    </a>
                </p>
            }
            .into_any(),
        );
    }
    officer.then(|| {
        view! {
            <nav class="panel" aria-labelledby="staff-tools">
                <h2 id="staff-tools">{t!(i18n, account.staff_tools)}</h2>
                <ul class="checklist">
                    <li>
                        <a href="/staff/cases">{t!(i18n, case.list_title)}</a>
                    </li>
                    <li>
                        <a href="/staff/visits">{t!(i18n, visit.desk.title)}</a>
                    </li>
                    <li>
                        <a href="/staff/queue">{t!(i18n, queue.desk.title)}</a>
                    </li>
                    <li>
                        <a href="/staff/lost">{t!(i18n, held.lost_reports_title)}</a>
                    </li>
                    <li>
                        <a href="/staff/people">{t!(i18n, staff.people_title)}</a>
                    </li>
                    {admin
                        .then(|| {
                            view! {
                                <li>
                                    <a href="/admin/staff">{t!(i18n, staff.admin_title)}</a>
                                </li>
                                <li>
                                    <a href="/admin/office">{t!(i18n, setup.title)}</a>
                                </li>
                                <li>
                                    <a href="/admin/audit">{t!(i18n, staff.audit_title)}</a>
                                </li>
                            }
                        })}
                </ul>
            </nav>
        }
        .into_any()
    })
}

/// The person's logins, newest activity first, each with "log out there".
#[component]
fn Devices(devices: Vec<Device>, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="devices">
            {devices
                .into_iter()
                .map(|d| {
                    let csrf = csrf.clone();
                    let browser = if d.browser.is_empty() {
                        t_string!(i18n, account.unknown_browser).to_string()
                    } else {
                        d.browser.clone()
                    };
                    view! {
                        <li>
                            <strong>{browser}</strong>
                            {d
                                .this_device
                                .then(|| {
                                    view! {
                                        " ("
                                        {t!(i18n, account.this_device)}
                                        ")"
                                    }
                                })}
                            <dl class="facts">
                                <dt>{t!(i18n, account.since)}</dt>
                                <dd>{d.since}</dd>
                                <dt>{t!(i18n, account.last_seen)}</dt>
                                <dd>{d.last_seen}</dd>
                                <dt>{t!(i18n, account.address)}</dt>
                                <dd>{d.client}</dd>
                            </dl>
                            {(!d.this_device)
                                .then(|| {
                                    view! {
                                        <PostForm action=EndDevice::PATH csrf>
                                            <input type="hidden" name="id" value=d.id />
                                            <button class="button secondary" type="submit">
                                                {t!(i18n, account.end_device)}
                                            </button>
                                        </PostForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Where notices go and in which language (issue #4.7).
#[component]
fn NoticePreferences(prefs: Preferences, has_phone: bool, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = form_error(SavePreferences::PATH);
    let saved = move || query.with(|q| q.get("done")).as_deref() == Some("preferences");
    view! {
        <h2>{t!(i18n, account.preferences)}</h2>
        <p>{t!(i18n, account.preferences_intro)}</p>
        <StatusNote show=Signal::derive(saved)>{t!(i18n, account.preferences_saved)}</StatusNote>
        <ErrorSummary error focus="language" />
        <PostForm action=SavePreferences::PATH csrf>
            <fieldset>
                <legend>{t!(i18n, account.preferences)}</legend>
                <label class="check">
                    <input type="checkbox" name="email" value="on" checked=prefs.email />
                    {t!(i18n, account.notify_email)}
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        id="phone"
                        name="sms"
                        value="on"
                        checked=prefs.sms
                        disabled=!has_phone
                    />
                    {t!(i18n, account.notify_sms)}
                </label>
            </fieldset>
            <label for="language">{t!(i18n, account.notices_language)}</label>
            <select id="language" name="locale">
                {crate::locale::LOCALES
                    .iter()
                    .map(|(_, code, name)| {
                        view! {
                            <option value=*code selected=prefs.locale == *code lang=*code>
                                {*name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button class="button" type="submit">
                {t!(i18n, account.save)}
            </button>
        </PostForm>
    }
}

/// "Delete my account", behind a box to tick.
#[component]
fn DeleteAccountForm(csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(DeleteAccount::PATH);
    view! {
        <p>{t!(i18n, account.delete_intro)}</p>
        <ErrorSummary error focus="confirm" />
        <PostForm action=DeleteAccount::PATH csrf>
            <label class="check">
                <input type="checkbox" id="confirm" name="confirm" value="yes" />
                {t!(i18n, account.delete_confirm)}
            </label>
            <button class="button danger" type="submit">
                {t!(i18n, account.delete)}
            </button>
        </PostForm>
    }
}

/// The recovery codes made at enrolment, shown once (issue #4.5).
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!codes.is_empty()).then(|| {
        view! {
            <section class="panel recovery" aria-labelledby="recovery-title">
                <h2 id="recovery-title">{t!(i18n, account.recovery_title)}</h2>
                <p>{t!(i18n, account.recovery_intro)}</p>
                <ul class="codes">
                    {codes
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    <code>{c}</code>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// R-AC-4: a new e-mail address, confirmed by a code sent to it.
#[component]
fn ChangeEmail(csrf: String, pending: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    match pending {
        None => {
            let error = form_error(RequestEmailChange::PATH);
            view! {
                <ErrorSummary error focus="email" />
                <PostForm action=RequestEmailChange::PATH csrf>
                    <EmailInput
                        error
                        label=Signal::derive(move || t_string!(i18n, account.new_email).to_string())
                        hint=Signal::derive(move || {
                            t_string!(i18n, account.new_email_hint).to_string()
                        })
                    />
                    <button class="button" type="submit">
                        {t!(i18n, login.send_code)}
                    </button>
                </PostForm>
            }
            .into_any()
        }
        Some(to) => {
            let error = form_error(ConfirmEmailChange::PATH);
            let csrf2 = csrf.clone();
            view! {
                <p>{t!(i18n, account.email_code_sent, email = move || to.clone())}</p>
                <ErrorSummary error focus="login_code" />
                <PostForm action=ConfirmEmailChange::PATH csrf>
                    <CodeInput error />
                    <button class="button" type="submit">
                        {t!(i18n, account.confirm)}
                    </button>
                </PostForm>
                <PostForm action=CancelEmailChange::PATH csrf=csrf2>
                    <button class="button secondary" type="submit">
                        {t!(i18n, account.cancel)}
                    </button>
                </PostForm>
            }
            .into_any()
        }
    }
}
