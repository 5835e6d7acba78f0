//! devapi under a bounded loopback load: 50 clients make 1,000 creates and 1,000 reads at once.
//! No 5xx, no lost or duplicated database, names unique. The figures are printed (run with
//! `--nocapture`) and recorded in BENCHMARKS.md; no timing is asserted.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::start;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Instant;

const CLIENTS: usize = 50;
const CREATES_PER_CLIENT: usize = 20;
const TOKEN: &str = "load-token";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_creates_and_reads_lose_nothing() {
    let base = start(devapi::Config {
        token: TOKEN.into(),
        ..Default::default()
    })
    .await;

    let started = Instant::now();
    let mut tasks = Vec::new();
    for client_index in 0..CLIENTS {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let http = Client::new();
            let mut outcomes = Vec::new();
            for n in 0..CREATES_PER_CLIENT {
                // Every fifth name is shared by two clients: exactly one of them may win it.
                let name = if n % 5 == 0 {
                    format!("shared-{:02}-{:02}", client_index / 2, n)
                } else {
                    format!("load-{client_index:02}-{n:02}")
                };
                let created = http
                    .post(format!("{base}/v1/databases"))
                    .bearer_auth(TOKEN)
                    .json(
                        &json!({"database": {"name": name, "technology": "postgresql-dr",
                                                "plan": "postgresql-dr-starter-4096"}}),
                    )
                    .send()
                    .await
                    .unwrap();
                let status = created.status();
                let body: Value = created.json().await.unwrap();
                let read = http
                    .get(format!("{base}/v1/databases/{name}"))
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                    .unwrap();
                outcomes.push((name, status, body, read.status()));
            }
            outcomes
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();

    let server_errors = outcomes
        .iter()
        .filter(|(_, created, _, read)| created.is_server_error() || read.is_server_error())
        .count();
    assert_eq!(server_errors, 0, "no 5xx");
    let created: Vec<_> = outcomes
        .iter()
        .filter(|(_, status, _, _)| *status == StatusCode::CREATED)
        .collect();
    let refused: Vec<_> = outcomes
        .iter()
        .filter(|(_, status, _, _)| *status == StatusCode::UNPROCESSABLE_ENTITY)
        .collect();
    assert_eq!(
        created.len() + refused.len(),
        outcomes.len(),
        "only 201 or 422"
    );
    for (_, _, body, _) in &refused {
        assert_eq!(body["errors"]["name"][0], "has already been taken");
    }
    assert!(
        outcomes
            .iter()
            .all(|(_, _, _, read)| *read == StatusCode::OK),
        "every name reads back"
    );

    let (_, list) = common::get_json(&base, "/v1/databases", TOKEN).await;
    let listed = list["databases"].as_array().unwrap();
    let names: HashSet<_> = listed.iter().map(|d| d["name"].as_str().unwrap()).collect();
    let ids: HashSet<_> = listed.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(names.len(), listed.len(), "names unique");
    assert_eq!(ids.len(), listed.len(), "ids unique");
    let expected: HashSet<_> = outcomes.iter().map(|(name, ..)| name.as_str()).collect();
    let lost = expected
        .iter()
        .filter(|name| !names.contains(*name))
        .count();
    assert_eq!(lost, 0, "no database lost");
    assert_eq!(
        listed.len(),
        2 + expected.len(),
        "one database per distinct name, none duplicated"
    );
    assert_eq!(created.len(), expected.len());

    let requests = outcomes.len() * 2 + 1;
    println!(
        "devapi load: {requests} requests ({} creates, {} reads, 1 list) from {CLIENTS} concurrent clients \
         in {:.2} s ({:.0} req/s); 201: {}, 422 (name taken): {}, 5xx: {server_errors}, lost: {lost}, \
         duplicated: 0",
        outcomes.len(),
        outcomes.len(),
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        created.len(),
        refused.len(),
    );
}
