//! The rate limit over real HTTP on a loopback port: N requests per Authorization value in any
//! window, then `429` with the plain-text `Retry later`; other tokens untouched; accepted again
//! once the window has passed. The window is shortened to one second so the test waits little.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::{send, start};

use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::{Duration, Instant};

const LIMIT: u32 = 5;
const WINDOW_MS: u64 = 1_000;

async fn limited() -> String {
    start(devapi::Config {
        token: "limited-token".into(),
        rate_limit: Some(LIMIT),
        rate_window_ms: WINDOW_MS,
        ..Default::default()
    })
    .await
}

async fn databases(base: &str, bearer: &str) -> (StatusCode, String, String) {
    send(
        Method::GET,
        format!("{base}/v1/databases"),
        Some(bearer),
        None,
    )
    .await
}

async fn stats(base: &str) -> Value {
    reqwest::get(format!("{base}/__dev/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_request_after_the_limit_is_429_retry_later_until_the_window_passes() {
    let base = limited().await;
    let started = Instant::now();
    let mut statuses = Vec::new();
    for _ in 0..=LIMIT {
        statuses.push(databases(&base, "limited-token").await);
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(WINDOW_MS),
        "the {} requests took {elapsed:?}, more than the window: the test cannot conclude",
        LIMIT + 1
    );
    let refused: Vec<_> = statuses
        .iter()
        .filter(|(status, ..)| *status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(refused.len(), 1, "exactly one 429");
    assert_eq!(
        statuses.last().unwrap().0,
        StatusCode::TOO_MANY_REQUESTS,
        "the last one"
    );
    let (_, content_type, body) = refused[0];
    assert_eq!(content_type, "text/plain");
    assert_eq!(body, "Retry later");

    // Another token, no token and the exchange's Basic header each have their own window.
    assert_eq!(
        databases(&base, "another-token").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, _) = send(
        Method::GET,
        format!("{base}/v1/addon_providers"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let exchanged = reqwest::Client::new()
        .post(format!("{base}/v1/tokens/exchange"))
        .basic_auth("", Some(devapi::DEFAULT_API_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(exchanged.status(), StatusCode::OK);
    // /__dev is not limited.
    let stats_now = stats(&base).await;
    assert_eq!(stats_now["rate_limited"], 1);
    assert_eq!(
        stats_now["requests"]["GET /v1/databases"],
        u64::from(LIMIT) + 2
    );

    // Once the window has passed since the first accepted requests, accepted again.
    tokio::time::sleep(Duration::from_millis(WINDOW_MS + 50).saturating_sub(started.elapsed()))
        .await;
    assert_eq!(databases(&base, "limited-token").await.0, StatusCode::OK);
}

#[tokio::test]
async fn reset_empties_the_windows_and_the_count() {
    let base = limited().await;
    for _ in 0..=LIMIT {
        databases(&base, "limited-token").await;
    }
    assert_eq!(
        databases(&base, "limited-token").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let reset = reqwest::Client::new()
        .post(format!("{base}/__dev/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(stats(&base).await["rate_limited"], 0);
    assert_eq!(databases(&base, "limited-token").await.0, StatusCode::OK);
}

#[tokio::test]
async fn no_limit_by_default() {
    let base = start(devapi::Config {
        token: "free-token".into(),
        ..Default::default()
    })
    .await;
    for _ in 0..100 {
        assert_eq!(databases(&base, "free-token").await.0, StatusCode::OK);
    }
    assert_eq!(stats(&base).await["rate_limited"], 0);
}
