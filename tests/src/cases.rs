//! Case handling steps the black-box tests share (issue #6).
use crate::browser::{Answer, Browser};
use serde_json::Value;

/// An officer's action on a case (`cases/act`), with the action's own fields.
pub async fn act(
    b: &Browser,
    csrf: &str,
    id: i64,
    action: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let id = id.to_string();
    let mut form = vec![("id", id.as_str()), ("action", action), ("csrf", csrf)];
    form.extend_from_slice(fields);
    b.call("cases/act", &form).await
}

/// The approval of a case (`approve`), its permit valid until `valid_until`: the step most
/// decision tests repeat with other days.
pub async fn approve(b: &Browser, csrf: &str, id: i64, valid_until: &str) -> Answer {
    act(b, csrf, id, "approve", &[("valid_until", valid_until)]).await
}

/// An officer's request for `documents` (their kinds: `doc_<kind>` ticked) by `due_date`, with
/// the message the applicant reads (`request_documents`, which stops the legal clock).
pub async fn request_documents(
    b: &Browser,
    csrf: &str,
    id: i64,
    documents: &[&str],
    due_date: &str,
    message: &str,
) -> Answer {
    let ticked: Vec<String> = documents.iter().map(|d| format!("doc_{d}")).collect();
    let mut fields: Vec<(&str, &str)> = ticked.iter().map(|d| (d.as_str(), "1")).collect();
    fields.extend([("due_date", due_date), ("message", message)]);
    act(b, csrf, id, "request_documents", &fields).await
}

/// The case's line in a worklist answer (`cases/list`), if it is listed.
pub fn listed(list: &Value, id: i64) -> Option<Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
}
