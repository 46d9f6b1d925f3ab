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

/// The case's line in a worklist answer (`cases/list`), if it is listed.
pub fn listed(list: &Value, id: i64) -> Option<Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
}
