//! The routes of pages loaded on demand (issue #2: WASM budget). Their code is split out of the main WASM
//! module by `cargo leptos build --split` and fetched when the route is first entered — or,
//! on a page loaded directly, before hydration (`hydrate_lazy`). The server renders them like
//! any other page. Everyone downloads the main module; only people who log in (and staff) fetch
//! these.
//!
//! A page moves here when it is big and most visitors never open it at the start of a visit:
//! the home page, the services list, offices and queue stay in the main module; a service's
//! own page (with its document checklists), the renewal calculator, the login, account, staff
//! and mailbox pages are fetched when needed.
use super::*;
use leptos::prelude::*;
use leptos_router::{lazy_route, Lazy, LazyRoute};

/// `/login`
pub struct LoginRoute;

#[lazy_route]
impl LazyRoute for LoginRoute {
    fn data() -> Self {
        LoginRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <login::LoginPage /> }.into_any()
    }
}

/// `/login/code`
pub struct LoginCodeRoute;

#[lazy_route]
impl LazyRoute for LoginCodeRoute {
    fn data() -> Self {
        LoginCodeRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <login::LoginCodePage /> }.into_any()
    }
}

/// `/login/totp`
pub struct SecondFactorRoute;

#[lazy_route]
impl LazyRoute for SecondFactorRoute {
    fn data() -> Self {
        SecondFactorRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <login::SecondFactorPage /> }.into_any()
    }
}

/// `/account`
pub struct AccountRoute;

#[lazy_route]
impl LazyRoute for AccountRoute {
    fn data() -> Self {
        AccountRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <account::AccountPage /> }.into_any()
    }
}

/// `/staff/people`
pub struct PeopleRoute;

#[lazy_route]
impl LazyRoute for PeopleRoute {
    fn data() -> Self {
        PeopleRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <staff::PeoplePage /> }.into_any()
    }
}

/// `/staff/cases`
pub struct WorklistRoute;

#[lazy_route]
impl LazyRoute for WorklistRoute {
    fn data() -> Self {
        WorklistRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <cases::WorklistPage /> }.into_any()
    }
}

/// `/staff/cases/:id`
pub struct CaseRoute;

#[lazy_route]
impl LazyRoute for CaseRoute {
    fn data() -> Self {
        CaseRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <cases::CasePage /> }.into_any()
    }
}

/// `/my-documents`
pub struct MyDocumentsRoute;

#[lazy_route]
impl LazyRoute for MyDocumentsRoute {
    fn data() -> Self {
        MyDocumentsRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <my_documents::MyDocumentsPage /> }.into_any()
    }
}

/// `/staff/lost`
pub struct LostReportsRoute;

#[lazy_route]
impl LazyRoute for LostReportsRoute {
    fn data() -> Self {
        LostReportsRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <my_documents::LostReportsPage /> }.into_any()
    }
}

/// `/admin/staff`
pub struct StaffAdminRoute;

#[lazy_route]
impl LazyRoute for StaffAdminRoute {
    fn data() -> Self {
        StaffAdminRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <staff::StaffAdminPage /> }.into_any()
    }
}

/// `/admin/audit`
pub struct AuditRoute;

#[lazy_route]
impl LazyRoute for AuditRoute {
    fn data() -> Self {
        AuditRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <staff::AuditPageView /> }.into_any()
    }
}

/// `/dev/mailbox`
pub struct MailboxRoute;

#[lazy_route]
impl LazyRoute for MailboxRoute {
    fn data() -> Self {
        MailboxRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <mailbox::MailboxPage /> }.into_any()
    }
}

/// The route's view (`<Route view=pages::routes::login() />`).
pub fn login() -> Lazy<LoginRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::login_code() />`).
pub fn login_code() -> Lazy<LoginCodeRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::second_factor() />`).
pub fn second_factor() -> Lazy<SecondFactorRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::account() />`).
pub fn account() -> Lazy<AccountRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::people() />`).
pub fn people() -> Lazy<PeopleRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::worklist() />`).
pub fn worklist() -> Lazy<WorklistRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::case() />`).
pub fn case() -> Lazy<CaseRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::my_documents() />`).
pub fn my_documents() -> Lazy<MyDocumentsRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::lost_reports() />`).
pub fn lost_reports() -> Lazy<LostReportsRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::staff_admin() />`).
pub fn staff_admin() -> Lazy<StaffAdminRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::audit() />`).
pub fn audit() -> Lazy<AuditRoute> {
    Lazy::new()
}

/// The route's view (`<Route view=pages::routes::mailbox() />`).
pub fn mailbox() -> Lazy<MailboxRoute> {
    Lazy::new()
}

/// `/services/:slug`
pub struct ServiceRoute;

#[lazy_route]
impl LazyRoute for ServiceRoute {
    fn data() -> Self {
        ServiceRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <services::ServicePage /> }.into_any()
    }
}

/// The route's view (`<Route view=pages::routes::service() />`).
pub fn service() -> Lazy<ServiceRoute> {
    Lazy::new()
}

/// `/renewal`
pub struct RenewalRoute;

#[lazy_route]
impl LazyRoute for RenewalRoute {
    fn data() -> Self {
        RenewalRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <renewal::RenewalPage /> }.into_any()
    }
}

/// The route's view (`<Route view=pages::routes::renewal() />`).
pub fn renewal() -> Lazy<RenewalRoute> {
    Lazy::new()
}

/// `/applications`
pub struct ApplicationsRoute;

#[lazy_route]
impl LazyRoute for ApplicationsRoute {
    fn data() -> Self {
        ApplicationsRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::mine::ApplicationsPage /> }.into_any()
    }
}

/// The route's view.
pub fn applications() -> Lazy<ApplicationsRoute> {
    Lazy::new()
}

/// `/applications/:id`
pub struct ApplicationRoute;

#[lazy_route]
impl LazyRoute for ApplicationRoute {
    fn data() -> Self {
        ApplicationRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::mine::ApplicationPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_page() -> Lazy<ApplicationRoute> {
    Lazy::new()
}

/// `/applications/:id/:section`
pub struct SectionRoute;

#[lazy_route]
impl LazyRoute for SectionRoute {
    fn data() -> Self {
        SectionRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::section::SectionPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_section() -> Lazy<SectionRoute> {
    Lazy::new()
}

/// `/applications/:id/check`
pub struct CheckRoute;

#[lazy_route]
impl LazyRoute for CheckRoute {
    fn data() -> Self {
        CheckRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::check::CheckPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_check() -> Lazy<CheckRoute> {
    Lazy::new()
}

/// `/applications/:id/receipt`
pub struct ReceiptRoute;

#[lazy_route]
impl LazyRoute for ReceiptRoute {
    fn data() -> Self {
        ReceiptRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::receipt::ReceiptPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_receipt() -> Lazy<ReceiptRoute> {
    Lazy::new()
}

/// `/applications/:id/invitation`
pub struct InvitationRoute;

#[lazy_route]
impl LazyRoute for InvitationRoute {
    fn data() -> Self {
        InvitationRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::invitation::InvitationPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_invitation() -> Lazy<InvitationRoute> {
    Lazy::new()
}

/// `/admin/office`
pub struct OfficeSetupRoute;

#[lazy_route]
impl LazyRoute for OfficeSetupRoute {
    fn data() -> Self {
        OfficeSetupRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <office_setup::OfficeSetupPage /> }.into_any()
    }
}

/// The route's view.
pub fn office_setup() -> Lazy<OfficeSetupRoute> {
    Lazy::new()
}

/// `/staff/visits`
pub struct OfficeDayRoute;

#[lazy_route]
impl LazyRoute for OfficeDayRoute {
    fn data() -> Self {
        OfficeDayRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <visit_desk::OfficeDayPage /> }.into_any()
    }
}

/// The route's view.
pub fn office_day() -> Lazy<OfficeDayRoute> {
    Lazy::new()
}

/// `/applications/:id/visit`
pub struct VisitRoute;

#[lazy_route]
impl LazyRoute for VisitRoute {
    fn data() -> Self {
        VisitRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <visit::VisitPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_visit() -> Lazy<VisitRoute> {
    Lazy::new()
}

/// `/applications/:id/documents`
pub struct DocumentsRoute;

#[lazy_route]
impl LazyRoute for DocumentsRoute {
    fn data() -> Self {
        DocumentsRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <applications::documents::DocumentsPage /> }.into_any()
    }
}

/// The route's view.
pub fn application_documents() -> Lazy<DocumentsRoute> {
    Lazy::new()
}

/// `/queue`
pub struct QueueRoute;

#[lazy_route]
impl LazyRoute for QueueRoute {
    fn data() -> Self {
        QueueRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <queue::QueuePage /> }.into_any()
    }
}

/// The route's view.
pub fn queue() -> Lazy<QueueRoute> {
    Lazy::new()
}

/// `/display/:office`
pub struct DisplayRoute;

#[lazy_route]
impl LazyRoute for DisplayRoute {
    fn data() -> Self {
        DisplayRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <display::DisplayPage /> }.into_any()
    }
}

/// The route's view.
pub fn display() -> Lazy<DisplayRoute> {
    Lazy::new()
}

/// `/kiosk/:office`
pub struct KioskRoute;

#[lazy_route]
impl LazyRoute for KioskRoute {
    fn data() -> Self {
        KioskRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <kiosk::KioskPage /> }.into_any()
    }
}

/// The route's view.
pub fn kiosk() -> Lazy<KioskRoute> {
    Lazy::new()
}

/// `/staff/queue`
pub struct QueueDeskRoute;

#[lazy_route]
impl LazyRoute for QueueDeskRoute {
    fn data() -> Self {
        QueueDeskRoute
    }

    fn view(this: Self) -> AnyView {
        let _ = this;
        view! { <queue_desk::QueueDeskPage /> }.into_any()
    }
}

/// The route's view.
pub fn queue_desk() -> Lazy<QueueDeskRoute> {
    Lazy::new()
}
