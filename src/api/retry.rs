//! When a read is tried again: the decision and the waits, as pure functions. Writes are never
//! retried automatically: a POST whose answer was lost may have been carried out.

use crate::api::ApiError;

/// Tries in all for one read, the first included.
pub const MAX_ATTEMPTS: u32 = 3;

/// Whether a failed read is worth another try: rate limited (429), unavailable (503), no answer
/// or no answer in time. Other errors would fail the same way again.
pub fn worth_retrying(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::RateLimited(_)
            | ApiError::Unavailable(_)
            | ApiError::Network(_)
            | ApiError::Timeout(_)
    )
}

/// Whether to try again after the `attempt`-th try (1-based) failed with `error`.
pub fn should_retry(error: &ApiError, attempt: u32) -> bool {
    attempt < MAX_ATTEMPTS && worth_retrying(error)
}

/// How long to wait before the next try, after the `attempt`-th (1-based): 0.5 s, then 1.5 s;
/// longer after a 429, which asks to slow down (the API allows 60 requests a minute).
pub fn delay_ms(error: &ApiError, attempt: u32) -> u32 {
    let base = match attempt {
        0 | 1 => 500,
        2 => 1_500,
        _ => 4_000,
    };
    if matches!(error, ApiError::RateLimited(_)) {
        base * 2
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retried_and_only_twice() {
        let unavailable = ApiError::Unavailable("upstream".into());
        assert!(should_retry(&unavailable, 1));
        assert!(should_retry(&unavailable, 2));
        assert!(!should_retry(&unavailable, 3));
        for transient in [
            ApiError::RateLimited("Retry later".into()),
            ApiError::Network("Failed to fetch".into()),
            ApiError::Timeout(20),
        ] {
            assert!(should_retry(&transient, 1), "{transient:?}");
        }
        for permanent in [
            ApiError::NotFound("Database not found".into()),
            ApiError::Unauthorized("no".into()),
            ApiError::Server {
                status: 500,
                message: "x".into(),
            },
            ApiError::Validation(Default::default()),
            ApiError::Decode("x".into()),
            ApiError::BadRequest("x".into()),
        ] {
            assert!(!should_retry(&permanent, 1), "{permanent:?}");
        }
    }

    #[test]
    fn waits_grow_and_slow_down_after_a_429() {
        let network = ApiError::Network("x".into());
        assert_eq!(delay_ms(&network, 1), 500);
        assert_eq!(delay_ms(&network, 2), 1_500);
        assert_eq!(delay_ms(&ApiError::RateLimited("x".into()), 1), 1_000);
        assert!(delay_ms(&network, 9) <= 4_000);
    }
}
