//! Tables of records on the staff pages.
use leptos::prelude::*;

/// A table in a box that scrolls sideways when it is wider than a phone: `head` is its row of
/// column heads (`<th scope="col">`), `children` its body rows. With `region`, the box takes
/// the focus, so a keyboard can scroll it, and is labelled by the caption (`<id>-caption`);
/// otherwise the caption is for screen readers only.
#[component]
pub fn ScrollTable(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    /// The box is a focusable region labelled by the (shown) caption.
    #[prop(optional)]
    region: bool,
    head: AnyView,
    children: Children,
) -> impl IntoView {
    let caption_id = region.then(|| format!("{id}-caption"));
    let text = move || caption.get();
    let caption = match caption_id.clone() {
        Some(caption_id) => view! { <caption id=caption_id>{text}</caption> }.into_any(),
        None => view! { <caption class="visually-hidden">{text}</caption> }.into_any(),
    };
    view! {
        <div
            class="table-scroll"
            tabindex=region.then_some("0")
            role=region.then_some("region")
            aria-labelledby=caption_id
        >
            <table id=id>
                {caption} <thead>
                    <tr>{head}</tr>
                </thead> <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
