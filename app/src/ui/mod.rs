//! Reusable widgets.
pub mod data;
pub mod filters;
pub mod form;
pub mod inputs;
pub mod layout;
pub mod live;
pub mod note;
pub mod page_title;
pub mod refusal;
pub mod table;

/// A date as the pages show it: ISO `YYYY-MM-DD`, unambiguous in every language.
pub fn day(d: jiff::civil::Date) -> String {
    d.to_string()
}
