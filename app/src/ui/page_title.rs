use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to "<page> · Vartai" and renders the page's one `<h1>`.
///
/// The server writes `<title>` after the whole page has rendered; with `SsrMode::Async` the
/// router may already have disposed of this component's first render by then, so the title
/// falls back to the text it had when it was created instead of reading a dead signal (which
/// panicked in about 1 of 150 concurrent requests and dropped the connection).
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let first = text.get_untracked();
    view! {
        <Title text=move || {
            format!("{} · Vartai", text.try_get().unwrap_or_else(|| first.clone()))
        } />
        <h1>{move || text.get()}</h1>
    }
}
