//! The API-token exchange over real HTTP on a loopback port: `POST /v1/tokens/exchange` with
//! Basic auth gives an HS256 bearer that the protected routes accept until it expires or its
//! API token is revoked.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::start;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const API_TOKEN: &str = "tk-us-test-one";
const OTHER_API_TOKEN: &str = "tk-us-test-two";

async fn server(bearer_ttl: u64) -> String {
    start(devapi::Config {
        api_tokens: vec![API_TOKEN.into(), OTHER_API_TOKEN.into()],
        bearer_ttl,
        ..Default::default()
    })
    .await
}

/// The exchange with Basic auth `user:password`: status and body.
async fn exchange(base: &str, user: &str, password: &str) -> (StatusCode, Value) {
    let response = Client::new()
        .post(format!("{base}/v1/tokens/exchange"))
        .basic_auth(user, Some(password))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("www-authenticate").is_none());
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// A bearer for `api_token`, which must be accepted.
async fn bearer_for(base: &str, api_token: &str) -> String {
    let (status, body) = exchange(base, "", api_token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// `GET /v1/databases` with `bearer`: status and body.
async fn databases(base: &str, bearer: &str) -> (StatusCode, Value) {
    common::get_json(base, "/v1/databases", bearer).await
}

async fn dev_post(base: &str, path: &str, body: &str) -> StatusCode {
    Client::new()
        .post(format!("{base}{path}"))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn exchange_gives_an_hs256_jwt_valid_one_hour_that_lists_databases() {
    let base = start(devapi::Config::default()).await;
    let before = now();
    let token = bearer_for(&base, devapi::DEFAULT_API_TOKEN).await;
    let after = now();

    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert!(!token.contains('='), "base64url without padding");
    assert_eq!(
        decode(parts[0]),
        serde_json::json!({"alg": "HS256", "typ": "JWT"})
    );
    let claims = decode(parts[1]);
    assert_eq!(claims["sub"], "devapi");
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert!((before..=after).contains(&iat), "iat {iat}");
    assert_eq!(exp, iat + 3600);
    assert!(claims["jti"].is_string());
    assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 32);

    let (status, body) = databases(&base, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["databases"].as_array().unwrap().len(), 2);

    // Each exchange gives a new token; the static token keeps working beside them.
    let second = bearer_for(&base, devapi::DEFAULT_API_TOKEN).await;
    assert_ne!(second, token);
    let (status, _) = databases(&base, "dev-token").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_user_or_scheme_is_401() {
    let base = server(3600).await;
    let client = Client::new();
    let url = format!("{base}/v1/tokens/exchange");
    for request in [
        client.post(&url),
        client.post(&url).basic_auth("", Some("tk-us-wrong")),
        client.post(&url).basic_auth("", Some("")),
        client.post(&url).basic_auth("someone", Some(API_TOKEN)),
        client.post(&url).bearer_auth(API_TOKEN),
        client.post(&url).header("authorization", "Basic %%%"),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().get("www-authenticate").is_none());
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].is_string(), "{body}");
    }
    let (status, body) = exchange(&base, "", "tk-us-wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "Invalid API token");
    // Only POST.
    let get = client.get(&url).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn forged_or_foreign_bearers_are_401() {
    let base = server(3600).await;
    let token = bearer_for(&base, API_TOKEN).await;
    let parts: Vec<&str> = token.split('.').collect();

    // A later exp, same signature.
    let mut claims = decode(parts[1]);
    claims["exp"] = (claims["exp"].as_u64().unwrap() + 3600).into();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    // Another server's secret.
    let other = server(3600).await;
    let foreign = bearer_for(&other, API_TOKEN).await;
    // alg none, no signature.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    for bad in [forged.as_str(), foreign.as_str(), none.as_str(), "a.b.c"] {
        let (status, body) = databases(&base, bad).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert!(body["error"].is_string());
    }
}

#[tokio::test]
async fn an_expired_bearer_is_401_token_expired() {
    let base = server(1).await;
    let token = bearer_for(&base, API_TOKEN).await;
    let claims = decode(token.split('.').nth(1).unwrap());
    assert_eq!(
        claims["exp"].as_u64().unwrap(),
        claims["iat"].as_u64().unwrap() + 1
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, body) = databases(&base, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, serde_json::json!({"error": "Token expired"}));
    // A new exchange gives a fresh one.
    let fresh = bearer_for(&base, API_TOKEN).await;
    let (status, _) = databases(&base, &fresh).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn revoke_refuses_the_api_token_and_its_bearers_until_reset() {
    let base = server(3600).await;
    let revoked_bearer = bearer_for(&base, API_TOKEN).await;
    let other_bearer = bearer_for(&base, OTHER_API_TOKEN).await;

    assert_eq!(
        dev_post(&base, "/__dev/revoke", API_TOKEN).await,
        StatusCode::NO_CONTENT
    );
    let (status, body) = exchange(&base, "", API_TOKEN).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "Invalid API token");
    let (status, body) = databases(&base, &revoked_bearer).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].is_string());
    // The other API token and its bearer are untouched.
    let (status, _) = databases(&base, &other_bearer).await;
    assert_eq!(status, StatusCode::OK);
    bearer_for(&base, OTHER_API_TOKEN).await;
    // Revoking again, an unknown token or nothing.
    assert_eq!(
        dev_post(&base, "/__dev/revoke", API_TOKEN).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        dev_post(&base, "/__dev/revoke", " ").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Reset accepts the API token again; the bearer revoked with it stays refused.
    assert_eq!(
        dev_post(&base, "/__dev/reset", "").await,
        StatusCode::NO_CONTENT
    );
    let fresh = bearer_for(&base, API_TOKEN).await;
    let (status, _) = databases(&base, &fresh).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = databases(&base, &revoked_bearer).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = databases(&base, &other_bearer).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn stats_count_exchanges() {
    let base = server(3600).await;
    bearer_for(&base, API_TOKEN).await;
    exchange(&base, "", "tk-us-wrong").await;
    let stats: Value = reqwest::get(format!("{base}/__dev/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"]["POST /v1/tokens/exchange"], 2);
    assert_eq!(stats["total"], 2);
}

#[tokio::test]
async fn cors_preflight_of_the_exchange_allows_authorization() {
    let base = start(devapi::Config {
        cors_origins: vec!["http://127.0.0.1:8080".parse().unwrap()],
        ..Default::default()
    })
    .await;
    let answer = Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{base}/v1/tokens/exchange"),
        )
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    let allowed = answer.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
}
