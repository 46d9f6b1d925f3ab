//! The officers' back office (issue #6): `/staff/cases` (the worklist of their offices,
//! filtered, the nearest legal deadline first) and `/staff/cases/:id` (a case: the applicant's
//! answers and documents, the checklist, the timeline and the actions the rules allow today).
//! Filters are a GET form and actions POST forms, so all of it works without JavaScript.
mod case;
mod worklist;

pub use case::CasePage;
pub use worklist::{procedure_name, WorklistPage};
