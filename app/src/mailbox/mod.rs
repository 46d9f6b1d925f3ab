//! The demo mailbox (`/dev/mailbox`, Accounts issue #4.6): with no mail server configured, a
//! newcomer reads here the e-mails Vartai would have sent — login codes among them. Only in
//! demo mode; anywhere else the page is a 404 and the server function refuses.
mod list_mailbox;

pub use list_mailbox::{list_mailbox, ListMailbox};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Pending,
    Delivered,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxItem {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// When it was enqueued, UTC, `YYYY-MM-DD HH:MM`.
    pub created: String,
    pub delivery: Delivery,
}
