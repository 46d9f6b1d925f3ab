//! Rate limits counted in the database, so every server instance shares them.
use crate::error::AppError;
use crate::ssr::Db;

/// Counts one hit in `bucket`'s current fixed window, shared by every server instance through
/// the database; refuses when the window already had `max`.
pub async fn rate_limit(
    db: &Db,
    bucket: &str,
    max: i64,
    window_ms: i64,
    now: i64,
) -> Result<(), AppError> {
    let window_start = now - now.rem_euclid(window_ms);
    let hits = count_hit(db, bucket, window_start).await?;
    if hits > max {
        let minutes = (window_start + window_ms - now + 59_999) / 60_000;
        return Err(AppError::TooMany {
            retry_after_minutes: u32::try_from(minutes.max(1)).unwrap_or(60),
        });
    }
    Ok(())
}

/// The hits counted so far in `bucket`'s window starting at `window_start` (0 if none).
pub async fn hits(db: &Db, bucket: &str, window_start: i64) -> Result<i64, AppError> {
    let n: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2")
            .bind(bucket)
            .bind(window_start)
            .fetch_optional(&db.pool)
            .await?;
    Ok(n.unwrap_or(0))
}

/// Counts one hit in `bucket`'s window starting at `window_start`; returns the new count.
pub async fn count_hit(db: &Db, bucket: &str, window_start: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await
    .map_err(AppError::internal)
}
