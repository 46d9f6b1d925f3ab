//! The hydrate entry: the browser half of Vartai. Everything else lives in `app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (app::pages::lazy): the chunk of a page loaded directly is fetched first.
    leptos::mount::hydrate_lazy(app::App);
}
