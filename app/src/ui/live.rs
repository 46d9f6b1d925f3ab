//! Following an office's queue live in the browser (issue #8.2, #8.5): an `EventSource` on
//! `/queue/live/{office}`, each event parsed into the shared `LiveQueue`. The browser
//! reconnects by itself after a network break; the server's first event after a reconnect is
//! the queue as it stands, so nothing is missed. Without JavaScript the signal stays `None` and
//! pages show what the server rendered.
use crate::queue::LiveQueue;
use leptos::prelude::*;

/// The live queue of `office_id`, `None` until the first event (and always on the server).
pub fn follow_queue(office_id: i64) -> ReadSignal<Option<LiveQueue>> {
    let (live, set_live) = signal(None::<LiveQueue>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        let Ok(source) = leptos::web_sys::EventSource::new(&format!("/queue/live/{office_id}"))
        else {
            return;
        };
        let on_queue = Closure::<dyn FnMut(leptos::web_sys::MessageEvent)>::new(
            move |e: leptos::web_sys::MessageEvent| {
                let parsed = e
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_slice::<LiveQueue>(text.as_bytes()).ok());
                if let Some(q) = parsed {
                    set_live.set(Some(q));
                }
            },
        );
        let _ = source.add_event_listener_with_callback("queue", on_queue.as_ref().unchecked_ref());
        let source = send_wrapper::SendWrapper::new((source, on_queue));
        on_cleanup(move || {
            let (source, on_queue) = source.take();
            source.close();
            drop(on_queue);
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (office_id, set_live);
    live
}
