use super::Notice;
use leptos::prelude::*;

/// Active notices in the asked locale, falling back to English for a notice not yet translated.
#[server(endpoint = "notices/list")]
pub async fn list_notices(locale: String) -> Result<Vec<Notice>, crate::error::ShellError> {
    use crate::ssr::db;

    let locale = crate::locale::parse_locale(&locale)
        .map(crate::locale::locale_code)
        .unwrap_or("en");
    let db = db()?;
    let rows: Vec<Notice> = sqlx::query_as(
        "SELECT n.slug, COALESCE(t.title, e.title) AS title, COALESCE(t.body, e.body) AS body \
         FROM notices n \
         JOIN notice_texts e ON e.notice_id = n.id AND e.locale = 'en' \
         LEFT JOIN notice_texts t ON t.notice_id = n.id AND t.locale = $1 \
         WHERE n.active ORDER BY n.position, n.id",
    )
    .bind(locale)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}
