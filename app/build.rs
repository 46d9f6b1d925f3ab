//! Generates the `i18n` module from `locales/*.json` and the server's `letters` module from
//! `letters/*.json` (leptos_i18n): every key is checked at compile time, so a missing
//! translation or a misspelt key is a build error, not a blank.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::{Path, PathBuf};

#[path = "build/strings.rs"]
mod strings;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=letters");
    println!("cargo::rerun-if-changed=build");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    // The interface texts (`locales/`), compiled into the server and the WASM bundle.
    generate(config()?, out_dir.join("i18n"))?;
    // The same texts as data, one table per language, for the browser (and `app::tr`).
    strings::generate(Path::new("locales"), &out_dir.join("strings"))?;
    // The texts of e-mails and SMS (`letters/`): only the server sends them, so they live in a
    // module of their own that the WASM bundle never includes (see `app::letters`).
    generate(config()?.locales_path("letters"), out_dir.join("letters"))?;
    Ok(())
}

/// The five locales: English is the fallback; the order below is the order of the switcher.
fn config() -> Result<Config, Box<dyn Error>> {
    Ok(Config::new("en")?
        .add_locale("lt")?
        .add_locale("uk")?
        .add_locale("be")?
        .add_locale("ru")?
        .parse_options(ParseOptions::default().interpolate_display(true)))
}

fn generate(cfg: Config, out: PathBuf) -> Result<(), Box<dyn Error>> {
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
