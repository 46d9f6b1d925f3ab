//! Reusable widgets.
pub mod layout;
pub mod page_title;
