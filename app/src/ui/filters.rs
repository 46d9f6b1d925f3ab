//! The filters above a staff list: a plain GET form (it works without JavaScript) of labelled
//! choices, each a `<select>` whose `id` is `f-<name>`.
use crate::i18n::use_i18n;
use crate::staff::OfficeRef;
use crate::tr::t_string;
use leptos::prelude::*;

/// One choice of a filter form: a labelled `<select>` of `(value, label, selected)` options,
/// after a first option with the empty value (`any`, "any office") when it has one.
#[component]
pub fn FilterSelect(
    /// The query parameter; the select's id is `f-<name>`.
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional_no_strip, into)] any: Option<Signal<String>>,
    options: Vec<(String, Signal<String>, bool)>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let label_for = id.clone();
    // The "any" option is the list's first, so the select's HTML is as if written out.
    let options = any
        .map(|any| (String::new(), any, false))
        .into_iter()
        .chain(options);
    view! {
        <div class="field">
            <label for=label_for>{move || label.get()}</label>
            <select id=id name=name>
                {options
                    .map(|(value, text, selected)| {
                        view! {
                            <option value=value selected=selected>
                                {move || text.get()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The office filter (`office`, id `f-office`) of a staff list: the offices the person works
/// in, `selected` chosen; with `any`, a first choice for all of them.
#[component]
pub fn OfficeFilter(
    offices: Vec<OfficeRef>,
    selected: Option<i64>,
    #[prop(optional_no_strip, into)] any: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = offices
        .into_iter()
        .map(|o| {
            (
                o.id.to_string(),
                Signal::stored(o.name),
                Some(o.id) == selected,
            )
        })
        .collect();
    view! {
        <FilterSelect
            name="office"
            label=Signal::derive(move || t_string!(i18n, field.office).to_string())
            any
            options
        />
    }
}
