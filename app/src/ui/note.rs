//! Short notes at the top of a page.
use leptos::prelude::*;

/// The confirmation after a form did its work ("saved", "logged out there"): a status note,
/// announced politely (`role="status"`), shown while `show` is true (usually the `done` of the
/// URL the server sent the browser back to).
#[component]
pub fn StatusNote(#[prop(into)] show: Signal<bool>, children: ChildrenFn) -> impl IntoView {
    move || {
        show.get().then(|| {
            view! {
                <p class="status-note" role="status">
                    {children()}
                </p>
            }
        })
    }
}
