//! The notice area on the home page ("Information for people fleeing the war in Ukraine", …).
//! Notices live in the database with a text per locale so an admin can edit them later.
mod list_notices;

pub use list_notices::{list_notices, ListNotices};

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Notice {
    pub slug: String,
    pub title: String,
    pub body: String,
}
