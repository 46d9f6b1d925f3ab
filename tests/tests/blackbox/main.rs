//! The black-box tests, one binary for all areas (one link instead of nineteen; the test threads
//! share one process, so more of them wait on servers at once). Each module is one area.
mod accounts;
mod api_arguments;
mod applications;
mod case_offices;
mod cases;
mod demo_eid;
mod documents;
mod eid;
mod foundation;
mod held;
mod kiosk;
mod my_account;
mod office_setup;
mod offline;
mod outbox;
mod personal_code_oracle;
mod queue;
mod rules_api;
mod sessions;
mod staff;
mod staff_tools;
mod visits;
mod waitlist;
