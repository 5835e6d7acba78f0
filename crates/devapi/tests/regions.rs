//! Several regions over real HTTP on loopback ports: `GET /v1/regions` from `--region`, the
//! region name in the apps, and two instances sharing `--jwt-secret` so a bearer one issued is
//! accepted by the other.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::{get_json, start};

use reqwest::{Client, StatusCode};
use serde_json::json;

const SECRET: [u8; 32] = [0x5a; 32];

fn region(name: &str, display_name: &str, api: &str) -> devapi::RegionSpec {
    devapi::RegionSpec {
        name: name.into(),
        display_name: display_name.into(),
        api: api.into(),
    }
}

async fn bearer_from(base: &str) -> String {
    let response = Client::new()
        .post(format!("{base}/v1/tokens/exchange"))
        .basic_auth("", Some(devapi::DEFAULT_API_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn regions_are_listed_with_the_first_as_default() {
    let base = start(devapi::Config {
        regions: vec![
            region("osc-fr1", "Paris - Outscale", "http://127.0.0.1:18081"),
            region(
                "osc-secnum-fr1",
                "Paris - SecNumCloud - Outscale",
                "http://127.0.0.1:18083",
            ),
        ],
        ..Default::default()
    })
    .await;
    let (status, body) = get_json(&base, "/v1/regions", "dev-token").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"regions": [
            {"name": "osc-fr1", "display_name": "Paris - Outscale",
             "api": "http://127.0.0.1:18081", "dashboard": "http://127.0.0.1:18081",
             "database_api": "http://127.0.0.1:18081", "default": true},
            {"name": "osc-secnum-fr1", "display_name": "Paris - SecNumCloud - Outscale",
             "api": "http://127.0.0.1:18083", "dashboard": "http://127.0.0.1:18083",
             "database_api": "http://127.0.0.1:18083", "default": false}]})
    );
    // With a bearer from the exchange too; never without one.
    let bearer = bearer_from(&base).await;
    assert_eq!(
        get_json(&base, "/v1/regions", &bearer).await.0,
        StatusCode::OK
    );
    let (status, body) = get_json(&base, "/v1/regions", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].is_string());

    // Without --region there is no such route.
    let bare = start(devapi::Config::default()).await;
    assert_eq!(
        get_json(&bare, "/v1/regions", "dev-token").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_region_name_shows_in_apps_and_hostnames() {
    let base = start(devapi::Config {
        region_name: "osc-secnum-fr1".into(),
        ..Default::default()
    })
    .await;
    let (_, body) = get_json(&base, "/v1/apps/backup-db", "dev-token").await;
    assert_eq!(body["app"]["region"], "osc-secnum-fr1");
    let (_, body) = get_json(&base, "/v1/databases/backup-db/endpoints", "dev-token").await;
    assert!(body["endpoints"][0]["hostname"]
        .as_str()
        .unwrap()
        .ends_with(".postgresql.osc-secnum-fr1.scalingo-dbs.com"));
}

#[tokio::test]
async fn instances_sharing_a_secret_accept_each_others_bearers() {
    let shared = |region_name: &str| devapi::Config {
        region_name: region_name.into(),
        jwt_secret: Some(SECRET.to_vec()),
        ..Default::default()
    };
    let first = start(shared("osc-fr1")).await;
    let second = start(shared("osc-secnum-fr1")).await;
    let alone = start(devapi::Config::default()).await;

    let bearer = bearer_from(&first).await;
    let (status, body) = get_json(&second, "/v1/databases", &bearer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        get_json(&first, "/v1/databases", &bearer).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_json(&alone, "/v1/databases", &bearer).await.0,
        StatusCode::UNAUTHORIZED,
        "an instance with its own secret refuses it"
    );
    // Each instance's own bearers follow its revocations; another instance's are only checked
    // for signature and expiry (documented).
    let revoked = Client::new()
        .post(format!("{first}/__dev/revoke"))
        .body(devapi::DEFAULT_API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&first, "/v1/databases", &bearer).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get_json(&second, "/v1/databases", &bearer).await.0,
        StatusCode::OK
    );
}
