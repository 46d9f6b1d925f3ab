//! *Today* in Europe/Vilnius, the same on both sides of hydration. The server takes it from
//! its clock and writes it into `<html data-today>`; the browser reads it back from there, so
//! the WASM never computes a different day than the page it hydrates (and a pinned test
//! clock holds in the browser too).
use jiff::civil::Date;

/// The date the page was rendered for.
pub fn use_today() -> Date {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::clock().today()
    }
    #[cfg(not(feature = "ssr"))]
    {
        // Outside a browser and a server (unit tests of the pure pages) any fixed day will do.
        from_document().unwrap_or(Date::constant(2026, 1, 1))
    }
}

#[cfg(not(feature = "ssr"))]
fn from_document() -> Option<Date> {
    #[cfg(feature = "hydrate")]
    {
        let text = web_sys::window()?
            .document()?
            .document_element()?
            .get_attribute("data-today")?;
        // The strict reader, not jiff's `FromStr`: that one is jiff's whole ISO 8601 parser.
        rules::error::parse_date(rules::error::Field::Date, &text)
            .ok()
            .or_else(|| {
                // Not rendered by our server: the browser's own calendar date.
                let now = js_sys::Date::new_0();
                Date::new(
                    now.get_full_year() as i16,
                    (now.get_month() + 1) as i8,
                    now.get_date() as i8,
                )
                .ok()
            })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
