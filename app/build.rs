//! Generates the `i18n` module from `locales/*.json` (leptos_i18n): every key is checked at
//! compile time, so a missing translation or a misspelt key is a build error, not a blank.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // English is the fallback; the order below is the order of the language switcher.
    let cfg = Config::new("en")?
        .add_locale("lt")?
        .add_locale("uk")?
        .add_locale("be")?
        .add_locale("ru")?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
