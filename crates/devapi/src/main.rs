//! `devapi`: the Databases API contract on a local port. `devapi --help` lists the flags.

use axum::http::HeaderValue;
use clap::Parser;
use std::net::{IpAddr, SocketAddr};

/// A local server for the Databases API contract, seeded with the spec's examples.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on (loopback by default: this is a development server).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Bearer token the API requires.
    #[arg(long, default_value = "dev-token", env = "DEVAPI_TOKEN")]
    token: String,
    /// Generated databases to add after the spec's two examples, for large lists.
    #[arg(long, default_value_t = 0)]
    seed_count: usize,
    /// Allow browser calls from this origin (CORS), for example http://127.0.0.1:8080.
    /// Repeat for several origins. Off by default.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// API token that `POST /v1/tokens/exchange` accepts (Basic auth, empty user, the token as
    /// password). Repeat for several; `tk-us-dev-api-token` if none is given.
    #[arg(
        long = "api-token",
        value_name = "TOKEN",
        default_value = devapi::DEFAULT_API_TOKEN,
        value_parser = non_empty,
    )]
    api_tokens: Vec<String>,
    /// How long an exchanged bearer token is valid, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = devapi::DEFAULT_BEARER_TTL,
        value_parser = clap::value_parser!(u64).range(1..),
    )]
    bearer_ttl: u64,
}

fn non_empty(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(value.to_string())
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut cors_origins = Vec::new();
    for origin in &args.cors_origins {
        match HeaderValue::from_str(origin.trim_end_matches('/')) {
            Ok(value) => cors_origins.push(value),
            Err(_) => {
                eprintln!("devapi: --cors-origin {origin:?} is not a valid origin");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let config = devapi::Config {
        token: args.token.clone(),
        seed_count: args.seed_count,
        cors_origins,
        api_tokens: args.api_tokens.clone(),
        bearer_ttl: args.bearer_ttl,
    };
    let served = devapi::serve(config, SocketAddr::new(args.host, args.port), |addr| {
        // The token is a development credential for a loopback server: showing it is the point.
        println!("devapi listening on http://{addr}");
        println!("devapi token: {}", args.token);
        println!(
            "devapi API tokens: {} (POST /v1/tokens/exchange, bearers valid {} s)",
            args.api_tokens.join(", "),
            args.bearer_ttl
        );
        if !args.cors_origins.is_empty() {
            println!("devapi CORS open to: {}", args.cors_origins.join(", "));
        }
    })
    .await;
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "devapi: cannot serve on {}:{}: {error}",
                args.host, args.port
            );
            std::process::ExitCode::FAILURE
        }
    }
}
