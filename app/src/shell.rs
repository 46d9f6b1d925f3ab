//! The HTML document (server only renders it) and the router.
use crate::i18n::I18nContextProvider;
use crate::pages;
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. The server calls it for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_page_csp();
    view! {
        <!DOCTYPE html>
        <html data-today=crate::today::use_today().to_string()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5394" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                // Issue #23.6: the service worker, for a bad line (public/sw.js).
                <script src="/sw-register.js" defer></script>
                // `/pkg/<build>/vartai.css` in a release site (issue #23.4), a directory the
                // browser cannot know: written here, by the server, and never hydrated.
                <HashedStylesheet options=options.clone() id="vartai" />
                <AutoReload options=options.clone() />
                // Issue #23.3: the page hydrates when the browser is idle, and its WASM hints go
                // out at low priority, so they do not hold back the first paint of the text the
                // server already sent (Lighthouse put 85 % of the LCP in "render delay"). Every
                // form works before hydration (plain method/action).
                <HydrationScripts options defer=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language cookie as the in-place switcher writes it: for the whole site (without a path
/// the browser scopes it to the page's folder, so a choice made on `/kiosk/vilnius` or
/// `/applications/7/fee` would not reach the next page), kept for a year like `/lang` keeps it.
fn locale_cookie() -> leptos_i18n::context::CookieOptions<crate::i18n::Locale> {
    leptos_i18n::context::CookieOptions::default()
        .path("/")
        .max_age(365_i64 * 24 * 3600 * 1000)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider cookie_options=locale_cookie()>
            <Router>
                <Layout>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::home::Home ssr=SsrMode::Async />
                        <Route path=path!("/services") view=pages::services::ServiceList />
                        <Route path=path!("/services/:slug") view=pages::routes::service() />
                        <Route
                            path=path!("/visit")
                            view=pages::offices::OfficesPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/queue")
                            view=pages::routes::queue()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/display/:office")
                            view=pages::routes::display()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/kiosk/:office")
                            view=pages::routes::kiosk()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/login")
                            view=pages::routes::login()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/login/code")
                            view=pages::routes::login_code()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/login/totp")
                            view=pages::routes::second_factor()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/account")
                            view=pages::routes::account()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases")
                            view=pages::routes::worklist()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:id")
                            view=pages::routes::case()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/queue")
                            view=pages::routes::queue_desk()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/visits")
                            view=pages::routes::office_day()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/lost")
                            view=pages::routes::lost_reports()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/my-documents")
                            view=pages::routes::my_documents()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/people")
                            view=pages::routes::people()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/staff")
                            view=pages::routes::staff_admin()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/office")
                            view=pages::routes::office_setup()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/audit")
                            view=pages::routes::audit()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/dev/mailbox")
                            view=pages::routes::mailbox()
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/renewal") view=pages::routes::renewal() />
                        <Route path=path!("/offline") view=pages::offline::OfflinePage />
                        <Route
                            path=path!("/applications")
                            view=pages::routes::applications()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id")
                            view=pages::routes::application_page()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/check")
                            view=pages::routes::application_check()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/documents")
                            view=pages::routes::application_documents()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/visit")
                            view=pages::routes::application_visit()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/invitation")
                            view=pages::routes::application_invitation()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/receipt")
                            view=pages::routes::application_receipt()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/:section")
                            view=pages::routes::application_section()
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
