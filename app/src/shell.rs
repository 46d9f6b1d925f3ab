//! The HTML document (server only renders it) and the router.
use crate::i18n::I18nContextProvider;
use crate::pages;
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet};
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
                <AutoReload options=options.clone() />
                <HydrationScripts options />
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
        <Stylesheet id="vartai" href="/pkg/vartai.css" />
        <I18nContextProvider cookie_options=locale_cookie()>
            <Router>
                <Layout>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::home::Home ssr=SsrMode::Async />
                        <Route path=path!("/services") view=pages::services::ServiceList />
                        <Route path=path!("/services/:slug") view=pages::lazy::service() />
                        <Route
                            path=path!("/visit")
                            view=pages::offices::OfficesPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/queue") view=pages::lazy::queue() ssr=SsrMode::Async />
                        <Route
                            path=path!("/display/:office")
                            view=pages::lazy::display()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/kiosk/:office")
                            view=pages::lazy::kiosk()
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/login") view=pages::lazy::login() ssr=SsrMode::Async />
                        <Route
                            path=path!("/login/code")
                            view=pages::lazy::login_code()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/login/totp")
                            view=pages::lazy::second_factor()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/account")
                            view=pages::lazy::account()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases")
                            view=pages::lazy::worklist()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:id")
                            view=pages::lazy::case()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/queue")
                            view=pages::lazy::queue_desk()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/visits")
                            view=pages::lazy::office_day()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/lost")
                            view=pages::lazy::lost_reports()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/my-documents")
                            view=pages::lazy::my_documents()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/people")
                            view=pages::lazy::people()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/staff")
                            view=pages::lazy::staff_admin()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/office")
                            view=pages::lazy::office_setup()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/admin/audit")
                            view=pages::lazy::audit()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/dev/mailbox")
                            view=pages::lazy::mailbox()
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/renewal") view=pages::lazy::renewal() />
                        <Route
                            path=path!("/applications")
                            view=pages::lazy::applications()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id")
                            view=pages::lazy::application_page()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/check")
                            view=pages::lazy::application_check()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/documents")
                            view=pages::lazy::application_documents()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/visit")
                            view=pages::lazy::application_visit()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/invitation")
                            view=pages::lazy::application_invitation()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/receipt")
                            view=pages::lazy::application_receipt()
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/applications/:id/:section")
                            view=pages::lazy::application_section()
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
