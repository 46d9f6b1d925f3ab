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
                <LanguageSwitcher />
            </div>
            <Nav />
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
    let session = Resource::new_blocking(|| (), |_| crate::accounts::session_info(false));
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
            Ok(()) => i18n.set_locale(locale),
            Err(e) => leptos::logging::error!("the interface texts did not load: {e}"),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (i18n, locale);
}
