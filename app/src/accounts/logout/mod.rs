//! Logging out: this device, or every other device of the person. One server function per
//! file.
use crate::error::AppError;
use leptos::prelude::*;

mod logout_other_devices;
mod this_device;
pub use logout_other_devices::*;
pub use this_device::*;
