//! What the HTTP test files share: a devapi on a free loopback port, and request helpers.

// Each test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

use std::net::SocketAddr;

/// Starts devapi with `config` on `127.0.0.1:0` and returns its base URL once it listens.
pub async fn start(config: devapi::Config) -> String {
    let (bound_tx, bound_rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("a loopback address");
        devapi::serve(config, addr, move |bound| {
            let _ = bound_tx.send(bound);
        })
        .await
        .expect("devapi serves");
    });
    format!("http://{}", bound_rx.await.expect("devapi binds"))
}

/// `GET {base}{path}` with `bearer`: the status and the JSON body.
pub async fn get_json(
    base: &str,
    path: &str,
    bearer: &str,
) -> (reqwest::StatusCode, serde_json::Value) {
    let response = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("devapi answers");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

/// `method {base}{path}` with `bearer` (if any) and a JSON `body` (if any): the status, the
/// `Content-Type` and the body text.
pub async fn send(
    method: reqwest::Method,
    url: String,
    bearer: Option<&str>,
    body: Option<String>,
) -> (reqwest::StatusCode, String, String) {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    let response = request.send().await.expect("devapi answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, response.text().await.expect("a body"))
}
