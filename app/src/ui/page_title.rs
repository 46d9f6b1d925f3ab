use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to "<page> · Vartai" and renders the page's one `<h1>`.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <Title text=move || format!("{} · Vartai", text.get()) />
        <h1>{move || text.get()}</h1>
    }
}
