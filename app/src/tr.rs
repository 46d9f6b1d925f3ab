//! The interface texts, as data (issue #23.1): a reader's browser downloads only their language.
//!
//! Pages call `t!(i18n, apply.uploaded)` (a view that follows the language), `t_string!` (the
//! text now) and `td_string!(locale, key)` (a given language), with `{{ placeholders }}` filled
//! by name: `t!(i18n, queue.window, from = move || f.clone(), to = move || t.clone())`. A key that
//! does not exist, a placeholder left out or one the text does not have is a compile error
//! (`app/build/strings.rs` generates a key per text and a struct per text with placeholders).
//!
//! Where the texts live:
//! - the server has all five languages compiled in (`TABLES`);
//! - the browser fetches the page's language (`/strings/<code>-<hash>.txt`, content-hashed and
//!   cached for a year, preloaded by the page's head) before it hydrates, and another language
//!   only when the reader switches to it (`load`), so a new text costs the WASM nothing. A page
//!   that shows another language besides the reader's (the bilingual receipt and invitation,
//!   R-FL-3, R-SV-1) preloads that table too (`TextsPreload`) and loads it before it renders
//!   when reached by a link inside the app (`load_all`).
pub use crate::i18n::Locale;

include!(concat!(env!("OUT_DIR"), "/strings/mod.rs"));

/// A text's place in every table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(pub usize);

/// A locale's row in `TABLES` and `FILES`.
pub fn index(locale: Locale) -> usize {
    match locale {
        Locale::en => 0,
        Locale::lt => 1,
        Locale::uk => 2,
        Locale::be => 3,
        Locale::ru => 4,
    }
}

/// The path the table of `locale` is served at (and fetched from).
pub fn file_path(locale: Locale) -> String {
    format!("/strings/{}", FILES[index(locale)])
}

/// The text of `key` in `locale`.
#[cfg(not(feature = "hydrate"))]
pub fn text(locale: Locale, key: Key) -> &'static str {
    TABLES[index(locale)][key.0]
}

/// The body of a table file by its served name (`uk-0123456789abcdef.txt`), for the server.
#[cfg(feature = "ssr")]
pub fn file_body(name: &str) -> Option<&'static str> {
    const BODIES: [&str; 5] = [
        include_str!(concat!(env!("OUT_DIR"), "/strings/en.txt")),
        include_str!(concat!(env!("OUT_DIR"), "/strings/lt.txt")),
        include_str!(concat!(env!("OUT_DIR"), "/strings/uk.txt")),
        include_str!(concat!(env!("OUT_DIR"), "/strings/be.txt")),
        include_str!(concat!(env!("OUT_DIR"), "/strings/ru.txt")),
    ];
    FILES.iter().position(|f| *f == name).map(|i| BODIES[i])
}

#[cfg(feature = "hydrate")]
static LOADED: [std::sync::OnceLock<Vec<&'static str>>; 5] =
    [const { std::sync::OnceLock::new() }; 5];

/// The text of `key` in `locale`; in the browser, from the tables loaded so far (the page's
/// language is loaded before anything renders, see `load`).
#[cfg(feature = "hydrate")]
pub fn text(locale: Locale, key: Key) -> &'static str {
    LOADED[index(locale)]
        .get()
        .or_else(|| LOADED.iter().find_map(|t| t.get()))
        .and_then(|t| t.get(key.0))
        .copied()
        .unwrap_or("")
}

/// Fetches the table of `locale` (once; usually from the browser's cache or the page's preload).
#[cfg(feature = "hydrate")]
pub async fn load(locale: Locale) -> Result<(), String> {
    let slot = &LOADED[index(locale)];
    if slot.get().is_some() {
        return Ok(());
    }
    let path = file_path(locale);
    let response = gloo_net::http::Request::get(&path)
        .send()
        .await
        .map_err(|e| format!("{path}: {e}"))?;
    if !response.ok() {
        return Err(format!("{path}: {}", response.status()));
    }
    let body = response.text().await.map_err(|e| format!("{path}: {e}"))?;
    // Kept for the page's life: every text is a slice of it.
    let body: &'static str = Box::leak(body.into_boxed_str());
    let table: Vec<&'static str> = body.split('\0').collect();
    if table.len() != LEN {
        return Err(format!("{path}: {} texts, expected {LEN}", table.len()));
    }
    let _ = slot.set(table);
    Ok(())
}

/// Before hydration: the tables of the page's language (`<html lang>`) and of every language
/// the page preloads (`TextsPreload`).
#[cfg(feature = "hydrate")]
pub async fn load_page_tables() -> Result<(), String> {
    use leptos::wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    let mut wanted = vec![document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| crate::locale::parse_locale(&code))
        .unwrap_or(Locale::en)];
    if let Ok(links) = document.query_selector_all("link[rel=preload][href^='/strings/']") {
        for i in 0..links.length() {
            let href = links
                .item(i)
                .and_then(|n| n.dyn_into::<leptos::web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("href"));
            let locale = crate::locale::LOCALES
                .iter()
                .map(|(l, _, _)| *l)
                .find(|l| href.as_deref() == Some(file_path(*l).as_str()));
            if let Some(l) = locale.filter(|l| !wanted.contains(l)) {
                wanted.push(l);
            }
        }
    }
    for locale in wanted {
        load(locale).await?;
    }
    Ok(())
}

/// Loads the tables of `locales` in the browser (a page that shows those languages besides
/// the reader's awaits this before it renders); nothing to do on the server. `Send`, so a
/// resource may await it (the browser's fetch is not, but the browser has one thread).
pub fn load_all(locales: &'static [Locale]) -> impl std::future::Future<Output = ()> + Send {
    #[cfg(feature = "hydrate")]
    {
        send_wrapper::SendWrapper::new(async move {
            for locale in locales {
                if let Err(e) = load(*locale).await {
                    leptos::logging::error!("the interface texts did not load: {e}");
                }
            }
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locales;
        std::future::ready(())
    }
}

pub use preload::TextsPreload;

mod preload {
    use super::{file_path, Locale};
    use leptos::prelude::*;
    use leptos_meta::Link;

    /// The page's head asks the browser for the table of `locale` while the WASM downloads
    /// (the WASM's fetch then finds it in the cache), and tells the WASM to load it before
    /// hydrating.
    #[component]
    pub fn TextsPreload(locale: Locale) -> impl IntoView {
        view! { <Link rel="preload" href=file_path(locale) as_="fetch" crossorigin="anonymous" /> }
    }
}

/// `{{ name }}` → the argument of that name (a placeholder without one stays as written).
pub fn fill(template: &str, args: &[(&str, &dyn core::fmt::Display)]) -> String {
    use core::fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = rest[start + 2..start + len].trim();
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A placeholder's stand-in where the page puts markup (a link) in its place: the text is
/// filled with it, then cut around it (`around`).
pub const SLOT: char = '\u{1}';

/// The text before and after `SLOT` (all of it before when there is none).
pub fn around(text: String) -> (String, String) {
    match text.split_once(SLOT) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (text, String::new()),
    }
}

/// CLDR plural categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// A plural's number (`count`): shown as written, its category chosen by the language.
pub trait Count: core::fmt::Display {
    fn n(&self) -> u64;
}

macro_rules! count_from {
    ($($t:ty),*) => {$(impl Count for $t { fn n(&self) -> u64 { u64::from(*self) } })*};
}
count_from!(u8, u16, u32);
impl Count for u64 {
    fn n(&self) -> u64 {
        *self
    }
}
impl Count for usize {
    fn n(&self) -> u64 {
        *self as u64
    }
}
impl Count for i32 {
    fn n(&self) -> u64 {
        u64::from(self.unsigned_abs())
    }
}
impl Count for i64 {
    fn n(&self) -> u64 {
        self.unsigned_abs()
    }
}
impl<T: Count + ?Sized> Count for &T {
    fn n(&self) -> u64 {
        (**self).n()
    }
}

/// The CLDR cardinal plural category of a whole number `n` (plural rules of CLDR 46 for the
/// integer operands; the categories that only fractions take, Lithuanian `many`, Ukrainian,
/// Belarusian and Russian `other`, never arise from a count).
pub fn plural(locale: Locale, n: u64) -> Plural {
    let (n10, n100) = (n % 10, n % 100);
    match locale {
        Locale::en => {
            if n == 1 {
                Plural::One
            } else {
                Plural::Other
            }
        }
        Locale::lt => {
            if (11..=19).contains(&n100) {
                Plural::Other
            } else if n10 == 1 {
                Plural::One
            } else if n10 >= 2 {
                Plural::Few
            } else {
                Plural::Other
            }
        }
        Locale::uk | Locale::be | Locale::ru => {
            if n10 == 1 && n100 != 11 {
                Plural::One
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                Plural::Few
            } else {
                Plural::Many
            }
        }
    }
}

/// A text of the interface as a view that follows the reader's language:
/// `t!(i18n, key)`, `t!(i18n, key, name = move || value, ..)`.
macro_rules! t {
    ($i18n:expr, $($key:ident).+ $(,)?) => {{
        let i18n = $i18n;
        move || $crate::tr::text(i18n.get_locale(), $crate::tr::keys::$($key)::+)
    }};
    ($i18n:expr, $($key:ident).+, $($name:ident $(= $value:expr)?),+ $(,)?) => {{
        let i18n = $i18n;
        $($(let $name = $value;)?)+
        move || $crate::tr::keys::$($key)::+ { $($name: $name()),+ }.text(i18n.get_locale())
    }};
}

/// A text of the interface in the reader's language now: `t_string!(i18n, key, name = value)`.
macro_rules! t_string {
    ($i18n:expr, $($key:ident).+ $(,)?) => {
        $crate::tr::text($i18n.get_locale(), $crate::tr::keys::$($key)::+)
    };
    ($i18n:expr, $($key:ident).+, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        $crate::tr::keys::$($key)::+ { $($name: &$crate::tr::arg!($name $(, $value)?)),+ }
            .text($i18n.get_locale())
    };
}

/// A text of the interface in a given language: `td_string!(locale, key, name = value)`.
/// In the browser that language's table must be loaded: the page's is, and a page that shows
/// another asks for it (`TextsPreload`, `load_all`).
macro_rules! td_string {
    ($locale:expr, $($key:ident).+ $(,)?) => {
        $crate::tr::text($locale, $crate::tr::keys::$($key)::+)
    };
    ($locale:expr, $($key:ident).+, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        $crate::tr::keys::$($key)::+ { $($name: &$crate::tr::arg!($name $(, $value)?)),+ }
            .text($locale)
    };
}

/// A placeholder's value as written at the call: `name` alone is the variable of that name.
/// (The strings macros borrow it, so the caller keeps it.)
macro_rules! arg {
    ($name:ident) => {
        $name
    };
    ($name:ident, $value:expr) => {
        $value
    };
}

pub(crate) use {arg, t, t_string, td_string};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill(
                "{{ from }}–{{to}} at {{ office }}",
                &[("to", &"17:30"), ("from", &"08:30")]
            ),
            "08:30–17:30 at {{ office }}"
        );
        assert_eq!(fill("no braces {", &[]), "no braces {");
        assert_eq!(fill("open {{ end", &[("end", &1)]), "open {{ end");
    }

    #[test]
    fn the_tables_hold_what_the_locale_files_say() {
        // Each table file is the compiled-in table, in the same order.
        for (i, l) in [Locale::en, Locale::lt, Locale::uk, Locale::be, Locale::ru]
            .into_iter()
            .enumerate()
        {
            assert_eq!(index(l), i);
            let body = file_body(FILES[i]).expect("a served table");
            assert_eq!(body.split('\0').collect::<Vec<_>>(), TABLES[i].to_vec());
            assert!(FILES[i].starts_with(crate::locale::locale_code(l)));
        }
        assert_eq!(file_body("en.txt"), None);
        assert_eq!(file_body("../Cargo.toml"), None);
        let en = keys::renewal::today { date: "2026-11-23" }.text(Locale::en);
        assert!(en.contains("2026-11-23") && !en.contains("{{"), "{en}");
        assert_ne!(
            td_string!(Locale::lt, invite.document),
            td_string!(Locale::en, invite.document)
        );
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let days = |l, n: u32| keys::count::days { count: n }.text(l);
        assert_eq!(days(Locale::en, 1), "1 day");
        assert_eq!(days(Locale::en, 21), "21 days");
        let uk: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 112]
            .map(|n| days(Locale::uk, n))
            .to_vec();
        assert_eq!(
            uk,
            [
                "1 день",
                "2 дні",
                "5 днів",
                "11 днів",
                "21 день",
                "22 дні",
                "25 днів",
                "112 днів"
            ]
        );
    }

    /// The hand-written rules agree with CLDR's own (ICU, which leptos_i18n compiles in on the
    /// server) for every count up to 10,000.
    #[test]
    fn plural_rules_agree_with_icu() {
        use leptos_i18n::reexports::icu::locid::Locale as IcuLocale;
        use leptos_i18n::reexports::icu::plurals::{PluralCategory, PluralRules};
        for l in [Locale::en, Locale::lt, Locale::uk, Locale::be, Locale::ru] {
            let code = crate::locale::locale_code(l);
            let icu_locale: IcuLocale = code.parse().unwrap();
            let rules = PluralRules::try_new_cardinal(icu_locale.into()).unwrap();
            for n in 0..10_000u64 {
                let icu = match rules.category_for(n) {
                    PluralCategory::Zero => Plural::Zero,
                    PluralCategory::One => Plural::One,
                    PluralCategory::Two => Plural::Two,
                    PluralCategory::Few => Plural::Few,
                    PluralCategory::Many => Plural::Many,
                    PluralCategory::Other => Plural::Other,
                };
                assert_eq!(plural(l, n), icu, "{code} {n}");
            }
        }
    }
}
