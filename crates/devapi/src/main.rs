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
    };
    let served = devapi::serve(config, SocketAddr::new(args.host, args.port), |addr| {
        // The token is a development credential for a loopback server: showing it is the point.
        println!("devapi listening on http://{addr}");
        println!("devapi token: {}", args.token);
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
