//! devapi over real HTTP on a loopback port: every route of the contract, its errors, auth,
//! CORS and the body limit.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::start;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const TOKEN: &str = "test-token";

async fn server() -> String {
    start(devapi::Config {
        token: TOKEN.into(),
        ..Default::default()
    })
    .await
}

async fn get(base: &str, path: &str) -> (StatusCode, Value) {
    common::get_json(base, path, TOKEN).await
}

async fn post(base: &str, body: impl Into<reqwest::Body>) -> (StatusCode, String) {
    let response = Client::new()
        .post(format!("{base}/v1/databases"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

fn create_body(name: &str, plan: &str) -> String {
    json!({"database": {"name": name, "technology": "postgresql-dr", "plan": plan}}).to_string()
}

#[tokio::test]
async fn lists_the_spec_examples() {
    let base = server().await;
    let (status, body) = get(&base, "/v1/databases").await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<_> = body["databases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["my-postgres-db", "backup-db"]);
}

#[tokio::test]
async fn gets_by_id_and_by_name() {
    let base = server().await;
    let (status, body) = get(&base, "/v1/databases/54100930736f7563d5030001").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"]["name"], "backup-db");
    let (status, body) = get(&base, "/v1/databases/my-postgres-db").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["database"],
        json!({
            "id": "54100930736f7563d5030000",
            "name": "my-postgres-db",
            "project_id": "pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
            "technology": "postgresql-dr",
            "plan": "postgresql-dr-starter-4096"
        })
    );
    // The JS client's shape: the app and the addon beside the database.
    assert_eq!(body["app"]["id"], "54100930736f7563d5030000");
    assert_eq!(
        body["addon"]["id"],
        "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794"
    );
}

#[tokio::test]
async fn unknown_database_is_404_with_the_spec_body() {
    let base = server().await;
    let (status, body) = get(&base, "/v1/databases/no-such-db").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"error": "Database not found"}));
}

#[tokio::test]
async fn wrong_or_missing_token_is_401_but_the_catalog_is_open() {
    let base = server().await;
    let client = Client::new();
    for request in [
        client.get(format!("{base}/v1/databases")),
        client
            .get(format!("{base}/v1/databases"))
            .bearer_auth("wrong"),
        client
            .get(format!("{base}/v1/databases/backup-db"))
            .bearer_auth("wrong"),
        client.get(format!("{base}/v1/projects")),
        client.post(format!("{base}/v1/databases")).body("{}"),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].is_string());
    }
    let response = client
        .get(format!("{base}/v1/addon_providers"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let plans = body["addon_providers"][0]["plans"].as_array().unwrap();
    assert_eq!(plans[0]["name"], "postgresql-dr-starter-4096");
    assert_eq!(plans[0]["display_name"], "Starter 4G");
    let response = client
        .get(format!("{base}/v1/addon_providers/postgresql-dr/plans"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn creates_then_lists_and_gets_the_new_database() {
    let base = server().await;
    let (status, body) = post(
        &base,
        create_body("orders-db", "postgresql-dr-starter-8192"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(created["database"]["name"], "orders-db");
    assert_eq!(
        created["database"]["project_id"],
        "pr-82a3cac5-9b25-473e-b33d-6272b87e636f"
    );
    let id = created["database"]["id"].as_str().unwrap();
    let (status, fetched) = get(&base, &format!("/v1/databases/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["database"], created["database"]);
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn create_validation_errors_are_422_per_field() {
    let base = server().await;
    let (status, body) = post(&base, create_body("Bad_Name", "postgresql-dr-starter-4096")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert!(body["errors"]["name"][0]
        .as_str()
        .unwrap()
        .contains("lower case"));

    let (status, body) = post(
        &base,
        create_body("backup-db", "postgresql-dr-starter-4096"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body, r#"{"errors":{"name":["has already been taken"]}}"#);

    let (status, body) = post(&base, create_body("fine-name", "postgresql-dr-mega-1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        r#"{"errors":{"plan":["is not a plan of postgresql-dr"]}}"#
    );

    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(
        list["databases"].as_array().unwrap().len(),
        2,
        "nothing was created"
    );
}

#[tokio::test]
async fn malformed_json_is_400_and_huge_bodies_413() {
    let base = server().await;
    let (status, body) = post(&base, "{\"database\": {").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("There was a problem in the JSON you submitted"));
    let (status, _) = post(&base, vec![b' '; devapi::MAX_BODY_BYTES + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn seed_count_adds_generated_databases() {
    let base = start(devapi::Config {
        token: TOKEN.into(),
        seed_count: 250,
        ..Default::default()
    })
    .await;
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"].as_array().unwrap().len(), 252);
}

#[tokio::test]
async fn a_second_region_starts_and_resets_with_no_database() {
    let base = start(devapi::Config {
        token: TOKEN.into(),
        no_examples: true,
        seed_count: 5,
        ..Default::default()
    })
    .await;
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"], json!([]));
    let (status, _) = post(
        &base,
        create_body("in-region-two", "postgresql-dr-starter-4096"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let reset = Client::new()
        .post(format!("{base}/__dev/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"], json!([]));
}

#[tokio::test]
async fn cors_is_off_by_default_and_open_to_one_origin_by_flag() {
    let preflight = |base: String| async move {
        Client::new()
            .request(reqwest::Method::OPTIONS, format!("{base}/v1/databases"))
            .header("origin", "http://127.0.0.1:8080")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
            .await
            .unwrap()
    };
    let closed = preflight(server().await).await;
    assert!(closed
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let open = start(devapi::Config {
        token: TOKEN.into(),
        cors_origins: vec!["http://127.0.0.1:8080".parse().unwrap()],
        ..Default::default()
    })
    .await;
    let answer = preflight(open.clone()).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    // The lifecycle's methods and headers are allowed too.
    for method in ["PATCH", "DELETE", "PUT"] {
        let answer = Client::new()
            .request(
                reqwest::Method::OPTIONS,
                format!("{open}/v1/apps/backup-db/addons/x"),
            )
            .header("origin", "http://127.0.0.1:8080")
            .header("access-control-request-method", method)
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let methods = answer.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(methods.contains(method), "{method}: {methods}");
        let headers = answer.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            headers.contains("authorization") && headers.contains("content-type"),
            "{headers}"
        );
    }
    let other = Client::new()
        .get(format!("{open}/v1/addon_providers"))
        .header("origin", "http://evil.test")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn stats_count_requests_per_route_and_reset_restores_the_seed() {
    let base = server().await;
    get(&base, "/v1/databases").await;
    get(&base, "/v1/databases/backup-db").await;
    post(
        &base,
        create_body("counted-db", "postgresql-dr-starter-4096"),
    )
    .await;
    let stats: Value = reqwest::get(format!("{base}/__dev/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"]["GET /v1/databases"], 1);
    assert_eq!(stats["requests"]["GET /v1/databases/{id}"], 1);
    assert_eq!(stats["requests"]["POST /v1/databases"], 1);
    assert_eq!(stats["total"], 3);

    let reset = Client::new()
        .post(format!("{base}/__dev/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_replaced_token_refuses_the_old_one_until_reset() {
    let base = server().await;
    let client = Client::new();
    let answer = client
        .post(format!("{base}/__dev/token"))
        .body("rotated")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let (status, _) = get(&base, "/v1/databases").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let fresh = client
        .get(format!("{base}/v1/databases"))
        .bearer_auth("rotated")
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
    let empty = client
        .post(format!("{base}/__dev/token"))
        .body("  ")
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);

    client
        .post(format!("{base}/__dev/reset"))
        .send()
        .await
        .unwrap();
    let (status, _) = get(&base, "/v1/databases").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn empty_leaves_no_database() {
    let base = server().await;
    let answer = Client::new()
        .post(format!("{base}/__dev/empty"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list, json!({"databases": []}));
}
