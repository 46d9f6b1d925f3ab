use super::*;

/// R-SV-5 — the latest lost-document reports, for officers (documents are national: every
/// officer sees every report).
#[server(endpoint = "held/lost-reports")]
pub async fn lost_reports() -> Result<Vec<LostReport>, AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::Caller;
    let Caller { db, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    sqlx::query_as::<_, (String, String, String, i64)>(
        "SELECT kind, number, holder_name, lost_at FROM held_documents WHERE status = 'lost' \
         ORDER BY lost_at DESC, id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(kind, number, holder_name, lost_at)| {
        Ok(LostReport {
            at: crate::ssr::local_time(lost_at),
            kind: crate::rules::held::HeldKind::parse(&kind)
                .ok_or_else(|| AppError::internal("unknown kind"))?,
            number,
            holder_name,
        })
    })
    .collect()
}
