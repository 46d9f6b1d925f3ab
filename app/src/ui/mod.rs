//! Reusable widgets.
pub mod form;
pub mod layout;
pub mod page_title;
