//! One module per page.
pub mod account;
pub mod apply;
pub mod apply_docs;
pub mod apply_form;
pub(crate) mod apply_text;
pub mod home;
pub mod lazy;
pub mod login;
pub mod mailbox;
pub mod not_found;
pub mod offices;
pub mod queue;
pub mod renewal;
pub mod services;
pub(crate) mod services_docs;
pub mod staff;
