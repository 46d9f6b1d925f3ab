//! Typed ids in server-function arguments (issue #24.2): one type per table, so an application's
//! id cannot be passed where a case's is expected.
//!
//! An id comes from a form field or a link, so it is read leniently: text that is not a positive
//! whole number is kept as "no such id", and [`ApplicationId::get`] (and the others') answers
//! 404 Not Found for it — the same answer as for a number that names nothing of the caller's. A
//! field that is missing altogether is still a 400 that names it.
use crate::error::AppError;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(Option<i64>);

        impl $name {
            /// The id, or 404 for text that cannot be one.
            pub fn get(self) -> Result<i64, AppError> {
                self.0.ok_or(AppError::NotFound)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name((id > 0).then_some(id))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.0.unwrap_or(0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(Lenient).map($name)
            }
        }
    };
}

typed_id!(
    /// `applications.id`.
    ApplicationId
);
typed_id!(
    /// `cases.id` (a submitted application's case).
    CaseId
);
typed_id!(
    /// `held_documents.id` (a residence card or other document a person holds).
    HeldDocumentId
);

/// Reads a number or a text as a positive id; anything else is "no such id".
struct Lenient;

impl<'de> de::Visitor<'de> for Lenient {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<i64>, E> {
        Ok(v.trim().parse::<i64>().ok().filter(|id| *id > 0))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<i64>, E> {
        Ok((v > 0).then_some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<i64>, E> {
        Ok(i64::try_from(v).ok().filter(|id| *id > 0))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Form {
        id: CaseId,
    }

    /// A form body (`application/x-www-form-urlencoded`): every value arrives as text.
    fn from_form(body: &str) -> Result<CaseId, String> {
        let fields: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let json = serde_json::Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect(),
        );
        serde_json::from_value::<Form>(json)
            .map(|f| f.id)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn an_id_is_read_from_text_or_a_number() {
        assert_eq!(from_form("id=42").unwrap().get().unwrap(), 42);
        assert_eq!(from_form("id=%2042%20").unwrap().get().unwrap(), 42);
        let n: Form = serde_json::from_str(r#"{"id": 7}"#).unwrap();
        assert_eq!(n.id.get().unwrap(), 7);
    }

    #[test]
    fn text_that_is_no_id_is_not_found_not_a_bad_request() {
        for bad in [
            "id=abc",
            "id=",
            "id=0",
            "id=-3",
            "id=1.5",
            "id=99999999999999999999",
        ] {
            let id = from_form(bad).unwrap();
            assert!(matches!(id.get(), Err(AppError::NotFound)), "{bad}");
        }
        let n: Form = serde_json::from_str(r#"{"id": null}"#).unwrap();
        assert!(n.id.get().is_err());
    }

    #[test]
    fn a_missing_id_is_still_refused() {
        assert!(from_form("other=1").unwrap_err().contains("id"));
    }

    #[test]
    fn ids_round_trip() {
        let id = ApplicationId::from(12);
        let text = serde_json::to_string(&id).unwrap();
        assert_eq!(text, "12");
        assert_eq!(serde_json::from_str::<ApplicationId>(&text).unwrap(), id);
        assert!(ApplicationId::from(0).get().is_err());
    }
}
