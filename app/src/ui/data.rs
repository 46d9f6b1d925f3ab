//! A page's data loaded on the server and handed to the browser: the resources every page
//! uses, with the one codec they share.
//!
//! Issue #23.2: leptos's default codec for a resource decodes the server's answer with
//! `serde_json::from_str`, while a server function's answer is decoded with
//! `serde_json::from_slice` (server_fn's `JsonEncoding`). Those are two readers, so the WASM
//! carried two copies of every page type's JSON decoder, one for the first load (the data
//! written into the page) and one for the browser's own calls. This codec reads the page's copy
//! as bytes too, so each type's decoder is compiled once. The text on the wire is unchanged.
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, decoded from bytes like a server function's answer.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's data: loaded with the page on the server, refetched in the browser when `source`
/// changes. A blocking one (read before any of the page is sent) is
/// `Data::new_with_options(source, fetcher, true)`.
pub type Data<T> = Resource<T, Json>;

/// `Resource::new` with the shared codec.
#[track_caller]
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's copy is the same JSON leptos's default codec writes, and reads back.
    #[test]
    fn the_page_copy_is_plain_json_and_reads_back() {
        let value: Result<(String, Vec<u32>), String> = Ok(("csrf".into(), vec![1, 2]));
        let text = <Json as Encoder<_>>::encode(&value).unwrap();
        assert_eq!(text, r#"{"Ok":["csrf",[1,2]]}"#);
        let back: Result<(String, Vec<u32>), String> = <Json as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
        assert!(<Json as Decoder<Vec<u32>>>::decode("[1,").is_err());
    }
}
