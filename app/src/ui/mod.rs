//! Reusable widgets.
pub mod form;
pub mod layout;
pub mod live;
pub mod page_title;

/// A date as the pages show it: ISO `YYYY-MM-DD`, unambiguous in every language.
pub fn day(d: jiff::civil::Date) -> String {
    d.to_string()
}
