use super::*;

/// R-SV-5 — reports a document lost, at any hour. In one transaction the document becomes
/// invalid, the report is audited and the holder's confirmation is queued; there is no way
/// back (a found document stays invalid). `confirm=yes` says the person understood that.
#[server(endpoint = "held/lost")]
pub async fn report_lost(
    id: crate::ids::HeldDocumentId,
    csrf: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let mut conn = db.pool.acquire().await?;
    let doc = crate::held::ssr::document_of(&mut conn, auth.user_id, id).await?;
    if confirm.as_deref() != Some("yes") {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Confirm, RuleErrorKind::Required)],
            entered: Vec::new(),
        });
    }
    drop(conn);
    let now = now_ms();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE held_documents SET status = 'lost', lost_at = $2 WHERE id = $1 AND status = 'valid'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await
    ?
    .rows_affected();
    if done == 1 {
        let detail =
            serde_json::json!({ "document": id, "kind": doc.kind.as_str(), "number": doc.number });
        audit
            .record(&mut tx, Action::DocumentLost, Some(auth.user_id), detail)
            .await?;
        let at = crate::ssr::local_time(now);
        crate::applications::ssr::notify(
            &mut tx,
            auth.user_id,
            &format!("document-lost:{id}"),
            |l| crate::held::ssr::texts::lost(l, &doc, &at),
        )
        .await?;
    }
    crate::ssr::outbox::commit_and_send(tx).await?;
    leptos_axum::redirect(&format!("/my-documents?done=lost#doc-{id}"));
    Ok(())
}
