use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Issue #6.2 — an officer acts on a case of their offices. `action` is a
/// `rules::case::Action` name; the other fields depend on it:
///
/// | action | fields |
/// |---|---|
/// | `assign` | `officer` (an officer of the case's office) |
/// | `confirm_fee` | — (R-SV-6) |
/// | `request_documents` | `doc_<kind>` for each document asked for, `due_date`, `message` (R-DL-3) |
/// | `urgent_notice` | — (R-DL-4: the refund is computed) |
/// | `approve` | `valid_until` |
/// | `refuse` | `reason` |
/// | `extend` | `valid_until` (at most 3 months more, R-DL-6) |
/// | `formalise` | — (R-DL-5: the production deadline is computed) |
/// | `produced` | — (R-SV-4: "ready for collection at office X") |
/// | `collected` | — (R-IP-3) |
/// | `transfer` | `office` (the slug of another office that takes documents in; R-DL-7) |
/// | `file_received` | — (R-DL-7: the receiving office has the file; open revocation proceedings count from today) |
/// | `open_revocation` | `reason`: the grounds (R-DL-7: decided within 14 days) |
/// | `revoke` | `reason` (R-DL-7: a card handed over becomes invalid) |
/// | `keep_decision` | `message` to the applicant (R-DL-7: the decision stands) |
///
/// The rules decide whether the action is possible today (`rules::case::check_action`). The
/// change is one transaction: a write conditional on the stage read (two officers acting at
/// once: the second is refused), a timeline event, an audit entry and the applicant's notice
/// (R-SV-7) in the outbox.
#[server(endpoint = "cases/act")]
pub async fn case_act(
    id: crate::ids::CaseId,
    action: String,
    csrf: String,
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::ssr::{load_case, requests_of};
    use super::texts;
    use crate::applications::ssr::event_with;
    use crate::identity::Role;
    use crate::rules::application::answer;
    use crate::rules::case::{
        check_action, check_documents_due, check_extension, check_reason, check_valid_until,
        urgent_refund, Action,
    };
    use crate::rules::held::produced_kind;
    use crate::rules::{
        case_transfer_deadline, fee, formalisation_deadline, parse_date, DocumentKind, Field,
        LithuanianCalendar, Procedure, RuleError, RuleErrorKind,
    };
    use crate::ssr::auth::{clip, now_ms, office_ids, Action as Audited, Caller};

    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::CASE_HANDLERS).await?;
    let mine = office_ids(&db, auth.user_id).await?;
    let id = id.get()?;
    let today = crate::ssr::clock().today();
    let entered: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !k.starts_with("__"))
        .map(|(k, v)| (k.clone(), v.chars().take(4000).collect()))
        .collect();
    let invalid = |errors: Vec<RuleError>| AppError::Invalid { errors, entered: entered.clone() };
    let action = Action::parse(action.trim()).ok_or_else(|| {
        invalid(vec![RuleError::new(
            Field::Action,
            RuleErrorKind::UnknownAction,
        )])
    })?;
    let field = |name: &str| fields.get(name).map(|v| v.trim()).unwrap_or("");

    let mut conn = db.pool.acquire().await?;
    let case = load_case(&mut conn, id)
        .await?
        .filter(|c| c.office.as_ref().is_some_and(|o| mine.contains(&o.id)))
        .ok_or(AppError::NotFound)?;
    // Issue #21.5: nobody handles their own application (or their child's, filed by them).
    if case.user_id == auth.user_id {
        let detail = serde_json::json!({ "case": id, "action": action.as_str() });
        return Err(audit
            .refused(
                &mut conn,
                Audited::AuthzOwnCase,
                Some(case.user_id),
                detail,
                AppError::Forbidden,
            )
            .await);
    }
    let requests = requests_of(&mut conn, id).await?;
    let facts = case.facts(&requests, today);
    let cal = LithuanianCalendar;
    check_action(&cal, &facts, action).map_err(|e| invalid(vec![e]))?;

    // The action's own input.
    let mut errors = Vec::new();
    let date_of =
        |name: &str, f: Field, errors: &mut Vec<RuleError>| match parse_date(f, field(name)) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(if field(name).is_empty() {
                    RuleError::new(f, RuleErrorKind::Required)
                } else {
                    e
                });
                None
            }
        };
    let mut officer = None;
    let mut due = None;
    let mut valid_until = None;
    let mut requested: Vec<DocumentKind> = Vec::new();
    let mut to_office = None;
    match action {
        Action::Assign => {
            let wanted: Option<i64> = field("officer").parse().ok();
            let office = case.office.as_ref().map(|o| o.id).unwrap_or_default();
            let ok: Option<i64> = match wanted {
                Some(w) => sqlx::query_scalar(
                    "SELECT u.id FROM users u JOIN staff_offices s ON s.user_id = u.id \
                     WHERE u.id = $1 AND s.office_id = $2 AND u.role IN ('officer', 'office_admin')",
                )
                .bind(w)
                .bind(office)
                .fetch_optional(&mut *conn)
                .await
                ?,
                None => None,
            };
            match ok {
                Some(o) => officer = Some(o),
                None => errors.push(RuleError::new(Field::Officer, RuleErrorKind::Required)),
            }
        }
        Action::RequestDocuments => {
            requested = DocumentKind::ALL
                .into_iter()
                .filter(|k| {
                    *k != DocumentKind::Application
                        && !field(&format!("doc_{}", k.as_str())).is_empty()
                })
                .collect();
            if requested.is_empty() {
                errors.push(RuleError::new(Field::Documents, RuleErrorKind::Required));
            }
            due = date_of("due_date", Field::DueDate, &mut errors);
            if let Some(d) = due {
                if let Err(e) = check_documents_due(today, d) {
                    errors.push(e);
                }
            }
            if let Err(e) = check_reason(Field::Message, field("message")) {
                errors.push(e);
            }
        }
        Action::Approve => {
            valid_until = date_of("valid_until", Field::ValidUntil, &mut errors);
            if let Some(d) = valid_until {
                if let Err(e) = check_valid_until(today, d) {
                    errors.push(e);
                }
            }
        }
        Action::Extend => {
            valid_until = date_of("valid_until", Field::ValidUntil, &mut errors);
            if let (Some(d), Some(current)) = (valid_until, case.valid_until) {
                if let Err(e) = check_extension(current, d) {
                    errors.push(e);
                }
            }
        }
        Action::Refuse | Action::OpenRevocation | Action::Revoke => {
            if let Err(e) = check_reason(Field::Reason, field("reason")) {
                errors.push(e);
            }
        }
        Action::KeepDecision => {
            if let Err(e) = check_reason(Field::Message, field("message")) {
                errors.push(e);
            }
        }
        // R-DL-7: to another office that takes documents in.
        Action::Transfer => {
            let wanted = field("office");
            let current = case.office.as_ref().map(|o| o.id);
            match super::ssr::intake_offices(&mut conn)
                .await?
                .into_iter()
                .find(|o| o.slug == wanted)
            {
                None => errors.push(RuleError::new(Field::Office, RuleErrorKind::Required)),
                Some(o) if Some(o.id) == current => {
                    errors.push(RuleError::new(Field::Office, RuleErrorKind::SameOffice))
                }
                Some(o) => to_office = Some(o),
            }
        }
        // R-SV-2: the card handed over becomes a held document, by its number.
        Action::Collected => {
            let n = field("document_number");
            if n.is_empty() {
                errors.push(RuleError::new(
                    Field::DocumentNumber,
                    RuleErrorKind::Required,
                ));
            } else if n.chars().count() > 20 || !n.chars().all(|c| c.is_ascii_alphanumeric()) {
                errors.push(RuleError::new(
                    Field::DocumentNumber,
                    RuleErrorKind::InvalidFormat,
                ));
            } else if let Some(kind) = produced_kind(case.kind) {
                if crate::held::ssr::number_taken(&mut conn, kind, n).await? {
                    errors.push(RuleError::new(
                        Field::DocumentNumber,
                        RuleErrorKind::NumberTaken,
                    ));
                }
            }
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    drop(conn);

    let now = now_ms();
    let stage = case.stage.as_str();
    let reference = case.reference.clone();
    let office = case.office.clone();
    let mut tx = db.begin().await?;
    // Each write is conditional on what was checked: a second officer acting at the same
    // moment changes nothing and is told so.
    let update = |sql: &'static str| sqlx::query(sql).bind(id).bind(stage).bind(now);
    let file_due = case_transfer_deadline(&cal, today, case.procedure);
    let written = match action {
        // The receiving office takes the case over now (an officer there assigns it); the
        // paper file is sent within the R-DL-7 term and its arrival confirmed there.
        Action::Transfer => update(
            "UPDATE applications SET transfer_from = office_id, office_id = $4, \
             transfer_due = $5, file_received_on = NULL, assigned_to = NULL, updated_at = $3 \
             WHERE id = $1 AND stage = $2 AND office_id = $6 \
             AND (transfer_due IS NULL OR file_received_on IS NOT NULL)",
        )
        .bind(to_office.as_ref().map(|o| o.id))
        .bind(crate::ssr::Day(file_due))
        .bind(case.office.as_ref().map(|o| o.id))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        // R-DL-7: open revocation proceedings count their 14 days from the file's arrival.
        Action::FileReceived => update(
            "UPDATE applications SET file_received_on = $4, updated_at = $3, \
             revocation_from = CASE WHEN revocation_opened_on IS NULL THEN NULL ELSE $4 END \
             WHERE id = $1 AND stage = $2 AND transfer_due IS NOT NULL \
             AND file_received_on IS NULL",
        )
        .bind(crate::ssr::Day(today))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Assign => update(
            "UPDATE applications SET assigned_to = $4, updated_at = $3 \
             WHERE id = $1 AND stage = $2",
        )
        .bind(officer)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::ConfirmFee => update(
            "UPDATE applications SET fee_confirmed_at = $3, fee_confirmed_by = $4, \
             updated_at = $3 WHERE id = $1 AND stage = $2 AND fee_confirmed_at IS NULL",
        )
        .bind(auth.user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::RequestDocuments => {
            let n = update(
                "UPDATE applications SET stage = 'documents_requested', updated_at = $3 \
                 WHERE id = $1 AND stage = $2",
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                let kinds: Vec<&str> = requested.iter().map(|k| k.as_str()).collect();
                sqlx::query(
                    "INSERT INTO clock_stops (application_id, notice_sent, sent_at, due, \
                     documents, message, sent_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(crate::ssr::Day(today))
                .bind(now)
                .bind(due.map(crate::ssr::Day))
                .bind(serde_json::to_string(&kinds)?)
                .bind(field("message"))
                .bind(auth.user_id)
                .execute(&mut *tx)
                .await?;
            }
            n
        }
        Action::UrgentNotice => {
            // R-DL-4: from now on the general procedure's term; the difference is refunded.
            let general = case
                .kind
                .permit()
                .zip(case.kind.fee_action())
                .and_then(|(p, a)| fee(p, a, Procedure::General).ok())
                .map(|q| q.amount_eur)
                .unwrap_or(0);
            let refund = urgent_refund(case.fee_eur.unwrap_or(0), general);
            let mut general_case = case.clone();
            general_case.procedure = Procedure::General;
            let due = general_case.closed_deadline(&requests);
            update(
                "UPDATE applications SET procedure = 'general', refund_eur = $4, \
                 decision_due = $5, updated_at = $3 \
                 WHERE id = $1 AND stage = $2 AND procedure = 'urgent'",
            )
            .bind(i64::from(refund))
            .bind(due.map(crate::ssr::Day))
            .execute(&mut *tx)
            .await?
            .rows_affected()
        }
        Action::Approve => update(
            "UPDATE applications SET stage = 'approved', decided_on = $4, valid_until = $5, \
             updated_at = $3 WHERE id = $1 AND stage = $2",
        )
        .bind(crate::ssr::Day(today))
        .bind(valid_until.map(crate::ssr::Day))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Refuse => update(
            "UPDATE applications SET stage = 'refused', decided_on = $4, refusal_reason = $5, \
             updated_at = $3 WHERE id = $1 AND stage = $2",
        )
        .bind(crate::ssr::Day(today))
        .bind(field("reason"))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::OpenRevocation => update(
            "UPDATE applications SET revocation_opened_on = $4, revocation_from = $4, \
             revocation_grounds = $5, updated_at = $3 WHERE id = $1 AND stage = $2 \
             AND revocation_opened_on IS NULL AND revoked_on IS NULL",
        )
        .bind(crate::ssr::Day(today))
        .bind(field("reason"))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        // R-DL-7 + R-SV-5: the card handed over on this decision is invalid in the same
        // transaction (its holder sees it at once; no more expiry reminders).
        Action::Revoke => {
            let n = update(
                "UPDATE applications SET revoked_on = $4, revocation_reason = $5, \
                 updated_at = $3 WHERE id = $1 AND stage = $2 \
                 AND revocation_opened_on IS NOT NULL AND revoked_on IS NULL",
            )
            .bind(crate::ssr::Day(today))
            .bind(field("reason"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query(
                    "UPDATE held_documents SET revoked_on = $2 \
                     WHERE application_id = $1 AND revoked_on IS NULL",
                )
                .bind(id)
                .bind(crate::ssr::Day(today))
                .execute(&mut *tx)
                .await?;
            }
            n
        }
        Action::KeepDecision => update(
            "UPDATE applications SET revocation_opened_on = NULL, revocation_from = NULL, \
             revocation_grounds = NULL, updated_at = $3 WHERE id = $1 AND stage = $2 \
             AND revocation_opened_on IS NOT NULL AND revoked_on IS NULL",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Extend => update(
            "UPDATE applications SET valid_until = $4, updated_at = $3 \
             WHERE id = $1 AND stage = $2 AND valid_until = $5",
        )
        .bind(valid_until.map(crate::ssr::Day))
        .bind(case.valid_until.map(crate::ssr::Day))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Formalise => update(
            "UPDATE applications SET stage = 'formalising', produce_by = $4, updated_at = $3 \
             WHERE id = $1 AND stage = $2",
        )
        .bind(crate::ssr::Day(formalisation_deadline(
            &cal,
            today,
            case.procedure,
        )))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Produced => update(
            "UPDATE applications SET stage = 'produced', produced_on = $4, updated_at = $3 \
             WHERE id = $1 AND stage = $2",
        )
        .bind(crate::ssr::Day(today))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Action::Collected => {
            let n = update(
                "UPDATE applications SET stage = 'collected', updated_at = $3 \
                 WHERE id = $1 AND stage = $2",
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if let (1, Some(kind)) = (n, produced_kind(case.kind)) {
                let holder = [Field::FirstName, Field::Surname]
                    .into_iter()
                    .filter_map(|f| answer(&case.answers, f))
                    .collect::<Vec<_>>()
                    .join(" ");
                let child = (answer(&case.answers, Field::ForWhom) == Some("child"))
                    .then(|| answer(&case.answers, Field::BirthDate))
                    .flatten()
                    .and_then(|b| b.parse().ok());
                crate::held::ssr::insert_document(
                    &mut tx,
                    &crate::held::ssr::NewDocument {
                        user_id: case.user_id,
                        holder_name: &holder,
                        child_birth_date: child,
                        kind,
                        number: field("document_number"),
                        issued_on: case.produced_on.unwrap_or(today),
                        valid_until: case
                            .valid_until
                            .unwrap_or_else(|| crate::rules::add_months(today, 12)),
                        certificates_valid_until: None,
                        application_id: Some(id),
                        source: "collected",
                    },
                )
                .await?;
            }
            n
        }
    };
    if written != 1 {
        tx.rollback().await?;
        return Err(invalid(vec![RuleError::new(
            Field::Action,
            RuleErrorKind::ActionNotAllowed,
        )]));
    }
    // The timeline: the officer's words where the applicant needs them.
    let detail = match action {
        Action::RequestDocuments => field("message").to_string(),
        Action::Refuse | Action::OpenRevocation | Action::Revoke => field("reason").to_string(),
        Action::KeepDecision => field("message").to_string(),
        Action::Approve | Action::Extend => valid_until.map(|d| d.to_string()).unwrap_or_default(),
        Action::Assign => officer.map(|o| o.to_string()).unwrap_or_default(),
        Action::Collected => field("document_number").to_string(),
        Action::Transfer => format!(
            "{} → {} ({file_due})",
            office.as_ref().map(|o| o.name.as_str()).unwrap_or(""),
            to_office.as_ref().map(|o| o.name.as_str()).unwrap_or("")
        ),
        _ => String::new(),
    };
    event_with(&mut tx, id, Some(auth.user_id), action.as_str(), &detail).await?;
    audit
        .record(
            &mut tx,
            Audited::Case(action),
            Some(case.user_id),
            serde_json::json!({ "case": id, "reference": reference, "detail": clip(&detail, 300) }),
        )
        .await?;
    // R-SV-7, R-SV-4, R-DL-3, R-DL-4: the applicant is told, in their language.
    let after = load_case(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let requests_after = requests_of(&mut tx, id).await?;
    let status = after.status(requests_after, today);
    let notice: Option<Box<super::texts::Texts>> = match action {
        Action::RequestDocuments => {
            let docs = requested.clone();
            let message = field("message").to_string();
            let due = due.unwrap_or(today);
            let r = reference.clone();
            Some(Box::new(move |l| {
                texts::documents_requested(l, &r, &docs, due, &message)
            }))
        }
        Action::UrgentNotice => {
            let r = reference.clone();
            let refund = after.refund_eur.unwrap_or(0);
            let deadline = status.live.map(|d| d.deadline);
            Some(Box::new(move |l| {
                texts::urgent_notice(l, &r, refund, deadline)
            }))
        }
        Action::Approve => {
            let r = reference.clone();
            let until = valid_until.unwrap_or(today);
            let office = office.clone();
            Some(Box::new(move |l| {
                texts::approved(l, &r, until, office.as_ref())
            }))
        }
        Action::Refuse => {
            let r = reference.clone();
            let reason = field("reason").to_string();
            Some(Box::new(move |l| texts::refused(l, &r, &reason)))
        }
        Action::Extend => {
            let r = reference.clone();
            let until = valid_until.unwrap_or(today);
            Some(Box::new(move |l| texts::extended(l, &r, until)))
        }
        Action::Produced => {
            let r = reference.clone();
            let office = office.clone();
            Some(Box::new(move |l| texts::produced(l, &r, office.as_ref())))
        }
        // R-DL-7: the proceedings and their outcome, with the officer's words.
        Action::OpenRevocation | Action::Revoke | Action::KeepDecision => {
            let r = reference.clone();
            let words = detail.clone();
            let due = crate::rules::revocation_deadline(today);
            Some(Box::new(move |l| {
                use texts::RevocationLetter as L;
                let kind = match action {
                    Action::OpenRevocation => L::Opened { grounds: &words, due },
                    Action::Revoke => L::Revoked { reason: &words },
                    _ => L::Kept { reason: &words },
                };
                texts::revocation(l, &r, kind)
            }))
        }
        // R-IP-3: from now on the applicant deals with (and collects at) the new office.
        Action::Transfer => {
            let r = reference.clone();
            let to = to_office.clone();
            Some(Box::new(move |l| texts::transferred(l, &r, to.as_ref())))
        }
        _ => None,
    };
    if let Some(texts) = notice {
        super::texts::notify_case(
            &mut tx,
            case.user_id,
            &format!("case-{}:{id}:{now}", action.as_str()),
            texts,
        )
        .await?;
    }
    crate::ssr::outbox::commit_and_send(tx).await?;
    // A case sent to another office is that office's now: back to the worklist.
    if action == Action::Transfer && !mine.contains(&to_office.map(|o| o.id).unwrap_or(0)) {
        leptos_axum::redirect("/staff/cases?done=transfer");
    } else {
        leptos_axum::redirect(&format!("/staff/cases/{id}?done={}", action.as_str()));
    }
    Ok(())
}
