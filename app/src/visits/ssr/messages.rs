//! What the applicant is told about a visit: the confirmation and the reminder the day before.
use super::*;

/// The confirmation of a booked (or moved) visit, in the caller's transaction: by the
/// applicant's channels and language, the e-mail with the calendar entry attached.
/// `lang` is the applicant's language (for the calendar entry's text) and `the_office` the
/// visit's office, both read before the transaction so it stays short.
pub async fn confirm_booking(
    conn: &mut sqlx::AnyConnection,
    to: &crate::applications::ssr::Recipient,
    the_office: &VisitOffice,
    reference: &str,
    visit: &ActiveVisit,
    moved: bool,
) -> Result<(), AppError> {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;
    let day = visit.day.to_string();
    let starts = visit.starts.clone();
    let until = ends(&starts, visit.minutes);
    let code = visit.code.clone();
    let texts = |l: Locale| {
        let subject = if moved {
            td_string!(
                l.letters(),
                visit.mail.moved_subject,
                date = day.clone(),
                time = starts.clone()
            )
        } else {
            td_string!(
                l.letters(),
                visit.mail.booked_subject,
                date = day.clone(),
                time = starts.clone()
            )
        }
        .to_string();
        let body = td_string!(
            l.letters(),
            visit.mail.body,
            date = day.clone(),
            time = starts.clone(),
            until = until.clone(),
            office = the_office.name.clone(),
            address = the_office.address.clone(),
            code = code.clone(),
            reference = reference.to_string()
        )
        .to_string();
        (subject, body)
    };
    let lang = to.lang;
    let calendar = ics(
        visit,
        the_office,
        &td_string!(lang, visit.ics.summary, office = the_office.name.clone()).to_string(),
        &td_string!(
            lang,
            visit.ics.description,
            reference = reference.to_string(),
            code = code.clone()
        )
        .to_string(),
    );
    crate::applications::ssr::notify_to(
        conn,
        to,
        &format!("visit:{code}:booked"),
        texts,
        Some((
            "visit.ics",
            "text/calendar; charset=utf-8; method=PUBLISH",
            &calendar,
        )),
    )
    .await
}

/// Issue #7.3 — the reminder the day before a visit, by the applicant's channels. Each visit
/// is claimed by one conditional write of `reminded_at`, so several instances running the job
/// send it once. Returns how many were sent.
pub async fn remind_tomorrow(db: &crate::ssr::Db, today: Date) -> Result<usize, AppError> {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;
    let tomorrow = add_days(today, 1);
    let rows: Vec<(i64, i64, String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT v.id, v.user_id, v.code, v.starts, v.minutes, v.office_id, a.reference \
         FROM visits v JOIN applications a ON a.id = v.application_id \
         WHERE v.status = 'active' AND v.held_until IS NULL AND v.day = $1 \
         AND v.reminded_at IS NULL",
    )
    .bind(Day(tomorrow))
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (id, user_id, code, starts, minutes, office_id, reference) in rows {
        let Some(mut tx) = db
            .claim_once(
                sqlx::query(
                    "UPDATE visits SET reminded_at = $2 WHERE id = $1 AND status = 'active' \
             AND held_until IS NULL AND reminded_at IS NULL",
                )
                .bind(id)
                .bind(crate::ssr::auth::now_ms()),
            )
            .await?
        else {
            continue;
        };
        let place = office(&mut tx, office_id).await?;
        let until = ends(&starts, minutes);
        let texts = |l: Locale| {
            (
                td_string!(
                    l.letters(),
                    visit.mail.reminder_subject,
                    time = starts.clone()
                )
                .to_string(),
                td_string!(
                    l.letters(),
                    visit.mail.body,
                    date = tomorrow.to_string(),
                    time = starts.clone(),
                    until = until.clone(),
                    office = place.name.clone(),
                    address = place.address.clone(),
                    code = code.clone(),
                    reference = reference.clone()
                )
                .to_string(),
            )
        };
        crate::applications::ssr::notify(
            &mut tx,
            user_id,
            &format!("visit:{code}:reminder"),
            texts,
        )
        .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
