//! The hydrate entry: the browser half of Vartai. Everything else lives in `app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        // The interface texts of the page's language (and any other the page shows, such as
        // the bilingual receipt's) come first: hydration renders them (app::tr). Without them
        // the page stays as the server sent it, readable and usable without script.
        if let Err(e) = app::tr::load_page_tables().await {
            leptos::logging::error!(
                "the interface texts did not load, the page is not hydrated: {e}"
            );
            return;
        }
        // Lazy routes (app::pages::routes): the chunk of a page loaded directly is fetched first.
        leptos::mount::hydrate_lazy(app::App);
    });
}

/// Slack in the read-only data for `cargo leptos --split`: the splitter moves each lazy route's
/// data into its chunk, but when realigning the pieces makes the data segment longer than it was,
/// it gives up and keeps all of it in the main module (wasm_split_cli_support, "Overlong
/// segment"). This block is never read, so it is not copied anywhere; it only lengthens the
/// original segment enough for the realignment to fit.
#[used]
static SPLIT_SLACK: [u8; 4096] = [0xA5; 4096];
