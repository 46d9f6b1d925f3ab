//! `/account`: the account page's data, ending a device's session, the language and channel
//! preferences. One server function per file.
use super::Level;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod end_device;
mod overview;
mod save_preferences;
pub use end_device::*;
pub use overview::*;
pub use save_preferences::*;

/// One device (login) in the person's devices list (issue #4.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The handle that ends it (`end_device`); never the session cookie.
    pub id: String,
    pub this_device: bool,
    /// "Firefox on Android", from the User-Agent header.
    pub browser: String,
    pub client: String,
    pub level: Level,
    /// Lithuanian local time, `YYYY-MM-DD HH:MM`.
    pub since: String,
    pub last_seen: String,
}

/// Where and in which language this person's notices go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// One of the five interface locales.
    pub locale: String,
    pub email: bool,
    pub sms: bool,
}

/// What the account page shows beyond `SessionView`: the devices and the preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub devices: Vec<Device>,
    pub preferences: Preferences,
}
