//! The interface texts as data (issue #23.1): the browser downloads only its reader's language.
//!
//! From `locales/*.json` this writes, into `OUT_DIR/strings/`:
//! - `<code>.txt` per locale: every text in one fixed order, separated by NUL. The server serves
//!   it under a content-hashed name (`/strings/uk-0123456789abcdef.txt`, cached for a year) and
//!   the WASM fetches the page's language before it hydrates (`app::tr`);
//! - `mod.rs`: a key per text (`keys::apply::uploaded`, its place in the order); a struct per text
//!   with `{{ placeholders }}` whose fields are those placeholders, so a call that forgets one or
//!   names one that is not there does not compile; the plural forms of a `_one`/`_other` family
//!   behind one key; the file names; and, outside the browser, the five tables as Rust arrays.
//!
//! A text missing in a locale, or a placeholder another language uses that English lacks, is a
//! build error; a plural form a language lacks is its `_other` form.
use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

/// The locales in `crate::i18n::Locale`'s order; English is the fallback.
pub const LOCALES: [&str; 5] = ["en", "lt", "uk", "be", "ru"];
/// CLDR plural categories, in the order the generated code lists them.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One text of the interface, as the generated code sees it.
enum Entry {
    Plain {
        slot: usize,
        vars: BTreeSet<String>,
    },
    /// A plural family: the slot of each category present in some locale (`other` always).
    Plural {
        slots: BTreeMap<&'static str, usize>,
        vars: BTreeSet<String>,
    },
}

pub fn generate(locales_dir: &Path, out: &Path) -> Result<(), Box<dyn Error>> {
    let mut flat: Vec<BTreeMap<String, String>> = Vec::new();
    for code in LOCALES {
        let path = locales_dir.join(format!("{code}.json"));
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut map = BTreeMap::new();
        flatten(&json, "", &mut map).map_err(|e| format!("{}: {e}", path.display()))?;
        flat.push(map);
    }
    let english = &flat[0];

    // The keys the code names: a plural family `a.b_one`, `a.b_other` is the one key `a.b`.
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut order: Vec<(String, Option<&'static str>)> = Vec::new(); // (key, category) per slot
    let mut families: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for map in &flat {
        for key in map.keys() {
            if let Some((base, cat)) = plural_split(key) {
                families.entry(base.to_string()).or_default().insert(cat);
            }
        }
    }
    for key in english.keys() {
        if let Some((base, _)) = plural_split(key) {
            if entries.contains_key(base) {
                continue;
            }
            let cats = &families[base];
            if !cats.contains("other") {
                return Err(format!("{base}: a plural needs an `_other` form").into());
            }
            let mut slots = BTreeMap::new();
            for cat in CATEGORIES.iter().filter(|c| cats.contains(*c)) {
                slots.insert(*cat, order.len());
                order.push((base.to_string(), Some(*cat)));
            }
            // Every form in every language may use a placeholder: the call gives them all.
            let mut vars: BTreeSet<String> = flat
                .iter()
                .flat_map(|m| {
                    CATEGORIES
                        .iter()
                        .filter_map(move |c| m.get(&format!("{base}_{c}")))
                })
                .flat_map(|t| vars_of(t))
                .collect();
            vars.insert("count".to_string());
            entries.insert(base.to_string(), Entry::Plural { slots, vars });
        } else {
            let vars: BTreeSet<String> = flat
                .iter()
                .filter_map(|m| m.get(key))
                .flat_map(|t| vars_of(t))
                .collect();
            entries.insert(key.clone(), Entry::Plain { slot: order.len(), vars });
            order.push((key.clone(), None));
        }
    }

    // Each locale's table, in slot order, with English where a text is missing; the same
    // placeholders everywhere.
    std::fs::create_dir_all(out)?;
    let mut tables: Vec<Vec<String>> = Vec::new();
    let mut files = Vec::new();
    for (code, map) in LOCALES.iter().zip(&flat) {
        let mut table = Vec::with_capacity(order.len());
        for (key, cat) in &order {
            let text = match cat {
                None => map
                    .get(key)
                    .ok_or_else(|| {
                        format!("{code}.json has no `{key}` (every text in every language)")
                    })?
                    .clone(),
                Some(cat) => {
                    let own = format!("{key}_{cat}");
                    let other = format!("{key}_other");
                    map.get(&own)
                        .or_else(|| map.get(&other))
                        .ok_or_else(|| format!("{code}.json has no `{other}`"))?
                        .clone()
                }
            };
            let expected = match &entries[key] {
                Entry::Plain { vars, .. } | Entry::Plural { vars, .. } => vars,
            };
            // A language may leave a placeholder out (its grammar may not need it); English
            // names every one the code passes.
            let found = vars_of(&text);
            if code == &"en" && cat.is_none() && &found != expected {
                return Err(format!(
                    "en.json `{key}`: placeholders {found:?}, other languages use {expected:?}"
                )
                .into());
            }
            if text.contains('\0') {
                return Err(format!("{code}.json `{key}`: a NUL character").into());
            }
            table.push(text);
        }
        let body = table.join("\0");
        let name = format!("{code}-{:016x}.txt", fnv1a(body.as_bytes()));
        std::fs::write(out.join(format!("{code}.txt")), &body)?;
        files.push(name);
        tables.push(table);
    }

    let mut code = String::new();
    writeln!(
        code,
        "// @generated by app/build/strings.rs from locales/*.json: do not edit."
    )?;
    writeln!(code, "/// How many texts a table holds.")?;
    writeln!(code, "pub const LEN: usize = {};", order.len())?;
    writeln!(
        code,
        "/// Each locale's table file (content-hashed), in `Locale` order."
    )?;
    writeln!(code, "pub const FILES: [&str; 5] = {files:?};")?;
    code.push_str("/// Every text's key, by its path in the locale files.\n");
    code.push_str(
        "#[allow(non_camel_case_types, non_upper_case_globals, dead_code)]\npub mod keys {\n",
    );
    write_keys(&mut code, &entries)?;
    code.push_str("}\n");
    // The server renders every language: its tables are compiled in.
    code.push_str("#[cfg(not(feature = \"hydrate\"))]\npub static TABLES: [[&str; LEN]; 5] = [\n");
    for table in &tables {
        writeln!(code, "    {table:?},")?;
    }
    code.push_str("];\n");
    std::fs::write(out.join("mod.rs"), code)?;
    Ok(())
}

/// `a.b.c` → texts, for every string leaf.
fn flatten(
    value: &serde_json::Value,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, &key, out)?;
            }
            Ok(())
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
            Ok(())
        }
        other => Err(format!("`{prefix}` is {other}, not a text")),
    }
}

fn plural_split(key: &str) -> Option<(&str, &'static str)> {
    CATEGORIES.iter().find_map(|cat| {
        key.strip_suffix(cat)
            .and_then(|k| k.strip_suffix('_'))
            .map(|base| (base, *cat))
    })
}

/// The `{{ name }}` placeholders of a text.
pub fn vars_of(text: &str) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        vars.insert(rest[start + 2..start + len].trim().to_string());
        rest = &rest[start + len + 2..];
    }
    vars
}

/// FNV-1a, 64 bits: a stable name for a table's content (not a security measure).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The nested `keys` modules: a const per plain text, a struct per text with placeholders.
fn write_keys(code: &mut String, entries: &BTreeMap<String, Entry>) -> Result<(), Box<dyn Error>> {
    let mut tree = Tree::default();
    for (key, entry) in entries {
        tree.insert(key, entry);
    }
    tree.write(code, 1)
}

#[derive(Default)]
struct Tree<'a> {
    leaves: Vec<(&'a str, &'a Entry)>,
    children: BTreeMap<&'a str, Tree<'a>>,
}

impl<'a> Tree<'a> {
    fn insert(&mut self, key: &'a str, entry: &'a Entry) {
        match key.split_once('.') {
            None => self.leaves.push((key, entry)),
            Some((head, tail)) => self.children.entry(head).or_default().insert(tail, entry),
        }
    }

    fn write(&self, code: &mut String, depth: usize) -> Result<(), Box<dyn Error>> {
        let up = "super::".repeat(depth);
        for (name, entry) in &self.leaves {
            match entry {
                Entry::Plain { slot, vars } if vars.is_empty() => {
                    writeln!(code, "pub const {name}: {up}Key = {up}Key({slot});")?;
                }
                Entry::Plain { slot, vars } => {
                    write_struct(code, name, vars, &up)?;
                    writeln!(
                        code,
                        "    pub fn text(&self, l: {up}Locale) -> String {{ {up}fill({up}text(l, {up}Key({slot})), &[{}]) }}\n}}",
                        fields(vars)
                    )?;
                }
                Entry::Plural { slots, vars } => {
                    write_struct(code, name, vars, &up)?;
                    let arms: Vec<String> = slots
                        .iter()
                        .filter(|(cat, _)| **cat != "other")
                        .map(|(cat, slot)| format!("{up}Plural::{} => {slot},", capitalise(cat)))
                        .collect();
                    writeln!(
                        code,
                        "    pub fn text(&self, l: {up}Locale) -> String {{\n        let slot = match {up}plural(l, {up}Count::n(&self.count)) {{ {} _ => {} }};\n        {up}fill({up}text(l, {up}Key(slot)), &[{}])\n    }}\n}}",
                        arms.join(" "),
                        slots["other"],
                        fields(vars)
                    )?;
                }
            }
        }
        for (name, child) in &self.children {
            writeln!(code, "pub mod {name} {{")?;
            child.write(code, depth + 1)?;
            code.push_str("}\n");
        }
        Ok(())
    }
}

/// `pub struct name<T0, ..> { pub var: T0, .. }` and the head of its `impl` (`count` is a
/// plural's number; every other field is shown with `Display`).
fn write_struct(
    code: &mut String,
    name: &str,
    vars: &BTreeSet<String>,
    up: &str,
) -> Result<(), Box<dyn Error>> {
    let params: Vec<String> = (0..vars.len()).map(|i| format!("T{i}")).collect();
    let fields: Vec<String> = vars
        .iter()
        .zip(&params)
        .map(|(v, t)| format!("pub {v}: {t}"))
        .collect();
    let bounds: Vec<String> = vars
        .iter()
        .zip(&params)
        .map(|(v, t)| {
            if v == "count" {
                format!("{t}: {up}Count")
            } else {
                format!("{t}: ::core::fmt::Display")
            }
        })
        .collect();
    writeln!(
        code,
        "pub struct {name}<{}> {{ {} }}",
        params.join(", "),
        fields.join(", ")
    )?;
    writeln!(
        code,
        "impl<{}> {name}<{}> {{",
        bounds.join(", "),
        params.join(", ")
    )?;
    Ok(())
}

fn fields(vars: &BTreeSet<String>) -> String {
    vars.iter()
        .map(|v| format!("(\"{v}\", &self.{v} as &dyn ::core::fmt::Display)"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}
