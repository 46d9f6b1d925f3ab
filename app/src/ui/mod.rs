//! Reusable widgets.
pub mod form;
pub mod layout;
pub mod live;
pub mod page_title;
