use super::*;

/// Issue #8.6, #8.8 — calls the first waiting ticket to `desk`. Two desks pressing at once
/// never get the same ticket. Answers the label called (none when nobody waits).
#[server(endpoint = "queue/call-next")]
pub async fn call_next(
    office: String,
    desk: String,
    csrf: String,
) -> Result<Option<String>, AppError> {
    use crate::ssr::auth::now_ms;
    let (officer, db, id) = officer_of(&office, &csrf).await?;
    let desk = check_desk(&desk)?;
    let today = crate::ssr::clock().today();
    let called = crate::queue::ssr::call_next(&db, id, today, &desk, officer, now_ms()).await?;
    let label = called.map(|(_, label)| label);
    if label.is_some() {
        crate::queue::live::announce(id).await;
    }
    leptos_axum::redirect(&format!(
        "/staff/queue?office={id}&desk={}&called={}",
        urlencoding(&desk),
        label.as_deref().unwrap_or("")
    ));
    Ok(label)
}
