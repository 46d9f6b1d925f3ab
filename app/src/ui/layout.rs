//! Header (brand, language switcher, navigation), main area and footer.
use crate::i18n::use_i18n;
use crate::locale::LOCALES;
use crate::tr::{t, t_string, TextsPreload};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Set only in the browser once the WASM has taken over: end-to-end tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // The waiting-room display and the kiosk fill the screen: no site header, menu or footer.
    let location = use_location();
    let screen = move || {
        location
            .pathname
            .with(|p| p.starts_with("/display/") || p.starts_with("/kiosk/"))
            .to_string()
    };
    view! {
        <TextsPreload locale=i18n.get_locale_untracked() />
        <a class="skip" href="#main">
            {t!(i18n, site.skip)}
        </a>
        <header
            class="site-header"
            data-hydrated=move || hydrated.get().to_string()
            data-screen=screen
        >
            <div class="bar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">
                        "V"
                    </span>
                    <span>{t!(i18n, site.name)}</span>
                </a>
                <HeaderMenus />
            </div>
        </header>
        <DemoBanner />
        <main id="main" tabindex="-1" data-screen=screen>
            {children()}
        </main>
        <footer class="site-footer" data-screen=screen>
            <p>{t!(i18n, site.footer)}</p>
        </footer>
    }
}

/// Issue #21.2: a demo installation says so on every page, where anyone can read its login
/// codes (the demo mailbox) and log in as a made-up person (the test e-ID). Rendered on the
/// server as it is (no resource, so it is there without JavaScript too); the browser keeps what
/// the server sent.
#[component]
fn DemoBanner() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    let demo = use_context::<crate::ssr::DemoMode>().is_some_and(|d| d.0);
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    let demo = {
        static SERVED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *SERVED.get_or_init(|| {
            document()
                .query_selector("p.demo-banner")
                .ok()
                .flatten()
                .is_some()
        })
    };
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let demo = false;
    demo.then(|| {
        view! {
            <p class="demo-banner" role="note">
                {t!(i18n, site.demo_banner)}
                " "
                <a href="/dev/mailbox">{t!(i18n, site.demo_mailbox)}</a>
            </p>
        }
    })
}

/// Issue #23.5: the header is one row on a phone, so the page's heading and first action are
/// in the first screen: the language (the current one named, the five behind it) and the menu
/// are each a `<details>`, which opens and closes without JavaScript and with the keyboard. On a
/// wide screen the menu's links stand in the row itself (style/main.css). With JavaScript, a
/// menu closes again once the page changes or a language is chosen.
#[component]
fn HeaderMenus() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let language = NodeRef::<leptos::html::Details>::new();
    let menu = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        location.pathname.track();
        i18n.get_locale();
        for details in [language, menu] {
            if let Some(d) = details.get() {
                let _ = d.remove_attribute("open");
            }
        }
    });
    let current = move || {
        let locale = i18n.get_locale();
        LOCALES
            .into_iter()
            .find(|(l, _, _)| *l == locale)
            .unwrap_or(LOCALES[0])
    };
    view! {
        <div class="header-menus">
            <details class="lang-menu" node_ref=language>
                <summary>
                    <span class="visually-hidden">{t!(i18n, lang.label)} ": "</span>
                    <span lang=move || current().1>{move || current().2}</span>
                </summary>
                <LanguageSwitcher />
            </details>
            <details class="menu" node_ref=menu>
                <summary>{t!(i18n, nav.menu)}</summary>
                <Nav />
            </details>
        </div>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current = move |href: &'static str| {
        let path = location.pathname.get();
        let here = if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        };
        here.then_some("page")
    };
    view! {
        <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
            <ul>
                <li>
                    <a href="/" aria-current=move || current("/")>
                        {t!(i18n, nav.home)}
                    </a>
                </li>
                <li>
                    <a href="/services" aria-current=move || current("/services")>
                        {t!(i18n, nav.services)}
                    </a>
                </li>
                <li>
                    <a href="/visit" aria-current=move || current("/visit")>
                        {t!(i18n, nav.visit)}
                    </a>
                </li>
                <li>
                    <a href="/queue" aria-current=move || current("/queue")>
                        {t!(i18n, nav.queue)}
                    </a>
                </li>
                <li>
                    <AccountLink current=Signal::derive(move || {
                        current("/login").or_else(|| current("/account"))
                    }) />
                </li>
            </ul>
        </nav>
    }
}

/// "Log in", or "My account" once logged in. The session is read before the page is sent
/// (a blocking resource), so the right link is there without JavaScript too.
#[component]
fn AccountLink(current: Signal<Option<&'static str>>) -> impl IntoView {
    let i18n = use_i18n();
    // Logging in and out always ends with a full page load, so this is asked once per page.
    let session = crate::ui::data::Data::new_with_options(
        || (),
        |_| crate::accounts::session_info(false),
        true,
    );
    let logged_in = move || {
        session
            .get()
            .is_some_and(|s| s.is_ok_and(|s| s.me.is_some()))
    };
    view! {
        <Transition fallback=move || {
            view! {
                <a href="/login" aria-current=move || current.get()>
                    {t!(i18n, nav.login)}
                </a>
            }
        }>
            {move || {
                if logged_in() {
                    view! {
                        <a href="/account" aria-current=move || current.get()>
                            {t!(i18n, nav.account)}
                        </a>
                    }
                        .into_any()
                } else {
                    view! {
                        <a href="/login" aria-current=move || current.get()>
                            {t!(i18n, nav.login)}
                        </a>
                    }
                        .into_any()
                }
            }}
        </Transition>
    }
}

/// One button per language, each named in its own language. Without JavaScript the form posts
/// to `/lang`, which sets the cookie and sends the reader back to the same page; once hydrated,
/// a click fetches that language's texts (once) and switches in place.
#[component]
pub fn LanguageSwitcher(
    /// The id of the group's hidden label, unique on the page (the kiosk has a second switcher).
    #[prop(default = "lang-label")]
    label_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    view! {
        <form class="lang" method="post" action="/lang">
            <input type="hidden" name="next" value=next />
            <span class="visually-hidden" id=label_id>
                {t!(i18n, lang.label)}
            </span>
            <div class="lang-buttons" role="group" aria-labelledby=label_id>
                {LOCALES
                    .into_iter()
                    .map(|(locale, code, name)| {
                        view! {
                            <button
                                type="submit"
                                name="lang"
                                value=code
                                lang=code
                                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    switch_to(i18n, locale);
                                }
                            >
                                {name}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </form>
    }
}

/// Switches the page to `locale` in place once its table of texts is here (fetched now unless
/// already loaded: `crate::tr`). Without it nothing changes, and the reader may click again.
fn switch_to(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, locale: crate::i18n::Locale) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match crate::tr::load(locale).await {
            Ok(()) => {
                remember_locale(locale);
                i18n.set_locale(locale);
            }
            Err(e) => leptos::logging::error!("the interface texts did not load: {e}"),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (i18n, locale);
}

/// Writes the language cookie the server reads (the same one `/lang` sets without JavaScript):
/// for the whole site, a year. leptos_i18n writes it only on the server (its "cookie" feature
/// would bring a cookie library and the `time` crate into the WASM for this one line).
#[cfg(feature = "hydrate")]
fn remember_locale(locale: crate::i18n::Locale) {
    use leptos::wasm_bindgen::JsCast;
    let code = crate::locale::locale_code(locale);
    if let Ok(doc) = document().dyn_into::<leptos::web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&format!(
            "{}={code}; path=/; max-age=31536000; samesite=lax",
            crate::locale::LOCALE_COOKIE
        ));
    }
}
