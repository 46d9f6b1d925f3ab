//! Who a person is to the portal, shared by pages and the server: how they proved it (`Level`),
//! what they may do (`Role`) and what pages show of them (`Me`). Below every feature: the
//! server's caller guard (`ssr::auth::Caller`) and every page read these.
use serde::{Deserialize, Serialize};

/// How the person proved who they are (R-AC-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    /// E-mail code: a level-1 unidentified user.
    Email,
    /// National e-ID: an identified user with a personal code.
    Eid,
}

impl Level {
    /// As stored (`user_sessions.level`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Email => "email",
            Level::Eid => "eid",
        }
    }

    pub fn parse(s: &str) -> Level {
        if s == "eid" {
            Level::Eid
        } else {
            Level::Email
        }
    }
}

/// The logged-in person as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub surname: Option<String>,
    pub phone: Option<String>,
    pub level: Level,
    pub role: Role,
    /// The offices a staff member works for (names, in display order).
    pub offices: Vec<String>,
}

impl Me {
    /// R-AC-3: the contact form is still to be filled.
    pub fn needs_contact(&self) -> bool {
        self.first_name.is_none()
    }
}

/// What a person may do (`users.role`; `server user add --role`). Sent and stored as its
/// snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Applies, books, takes tickets: everyone who logs in with an e-mail code or the e-ID.
    Applicant,
    /// Handles cases and serves the queue at their offices.
    Officer,
    /// An officer who also manages their offices' staff, kiosks and settings.
    OfficeAdmin,
    /// An office's ticket kiosk (a device account).
    Kiosk,
    /// An office's waiting-room display (a device account).
    Display,
}

impl Role {
    /// Those who handle cases, the visit day and the queue desk.
    pub const CASE_HANDLERS: &'static [Role] = &[Role::Officer, Role::OfficeAdmin];
    /// Those who manage an office.
    pub const ADMINS: &'static [Role] = &[Role::OfficeAdmin];
    /// The roles an office admin may give (as `server user add`, without "applicant").
    pub const STAFF: &'static [Role] =
        &[Role::Officer, Role::OfficeAdmin, Role::Kiosk, Role::Display];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Officer => "officer",
            Role::OfficeAdmin => "office_admin",
            Role::Kiosk => "kiosk",
            Role::Display => "display",
        }
    }

    /// A stored or typed role name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Applicant,
            Role::Officer,
            Role::OfficeAdmin,
            Role::Kiosk,
            Role::Display,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// Everyone but an applicant: a login needs the second factor (issue #21.3).
    pub fn is_staff(self) -> bool {
        self != Role::Applicant
    }

    /// Handles cases (`CASE_HANDLERS`).
    pub fn handles_cases(self) -> bool {
        Role::CASE_HANDLERS.contains(&self)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// "First Surname" from the parts a person has given (empty before the contact form).
pub fn full_name(first_name: Option<String>, surname: Option<String>) -> String {
    [first_name, surname]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn roles_read_back_what_they_write() {
        for r in [
            Role::Applicant,
            Role::Officer,
            Role::OfficeAdmin,
            Role::Kiosk,
            Role::Display,
        ] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{r}\""));
        }
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(Role::parse("Officer"), None);
        assert!(Role::Officer.handles_cases() && !Role::Kiosk.handles_cases());
        assert!(!Role::Applicant.is_staff() && Role::Display.is_staff());
    }
}
