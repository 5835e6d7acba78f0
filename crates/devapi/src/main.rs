//! `devapi`: the Databases API contract on a local port. `devapi --help` lists the flags.

use axum::http::HeaderValue;
use clap::Parser;
use model::lifecycle::Timings;
use std::net::{IpAddr, SocketAddr};

/// A local server for the Databases API contract, seeded with the spec's examples.
///
/// It serves the spec's routes, what stands behind a Dedicated Resources database (apps, addons,
/// the Database API under /api, endpoints, variables, firewall rules), the token exchange, and
/// test-only routes under /__dev (see the crate documentation). Created databases provision and
/// plan changes complete after the durations given here.
#[derive(Parser, Debug)]
#[command(version, about, long_about, after_long_help = TEST_ROUTES)]
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
    /// Start (and reset) with no database at all, not even the spec's examples: for an instance
    /// that plays a second region with data of its own.
    #[arg(long)]
    no_examples: bool,
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
    /// How long a created database takes to provision, in seconds (fractions allowed, e.g.
    /// 0.5). During the first quarter its addon is not listed and its Database API record is
    /// not found, as on the real API right after a create.
    #[arg(long, value_name = "SECONDS", default_value = "20", value_parser = seconds)]
    provision_seconds: u64,
    /// How long a plan change takes, in seconds (fractions allowed).
    #[arg(long, value_name = "SECONDS", default_value = "20", value_parser = seconds)]
    update_seconds: u64,
    /// Allow at most N requests per Authorization header value (a bearer, the exchange's Basic
    /// header, or none) in any window of --rate-window-ms; the next ones get 429 with the
    /// plain-text body `Retry later`. Off by default (the real API allows 60 a minute).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
    /// The rate limit's sliding window, in milliseconds.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = devapi::DEFAULT_RATE_WINDOW_MS,
        value_parser = clap::value_parser!(u64).range(1..),
    )]
    rate_window_ms: u64,
    /// Answer only the documented shapes: GET /v1/databases/{db} gives {"database": ...} without
    /// app and addon, the dashboard list's items only "database", a plan change {"vars",
    /// "message"}; a console must then find the addon with GET /v1/apps/{db}/addons.
    #[arg(long)]
    minimal_answers: bool,
    /// The region this instance is: shown in each app's `region` and in the hostnames.
    #[arg(long, value_name = "NAME", default_value = devapi::DEFAULT_REGION, value_parser = non_empty)]
    region_name: String,
    /// A region for GET /v1/regions (bearer auth), as NAME=DISPLAY_NAME=API_URL, for example
    /// "osc-fr1=Paris - Outscale=http://127.0.0.1:8081". Repeat for several; the first is the
    /// default. Without any, /v1/regions is not served.
    #[arg(long = "region", value_name = "NAME=DISPLAY_NAME=API_URL")]
    regions: Vec<devapi::RegionSpec>,
    /// A signing secret for the exchanged bearers, in hex (at least 16 bytes), shared by
    /// instances that play several regions: each then accepts the bearers any of them issued
    /// (unexpired, validly signed). Revoking an API token is enforced by the issuing instance
    /// only. Random by default: only this instance's bearers are accepted.
    #[arg(long, value_name = "HEX", env = "DEVAPI_JWT_SECRET", value_parser = hex_secret, hide_env_values = true)]
    jwt_secret: Option<Secret>,
    /// The seed of the generator the ids, ports and passwords come from, for a reproducible
    /// store. Random by default.
    #[arg(long, value_name = "N")]
    rng_seed: Option<u64>,
}

/// `--help`'s last part: the routes for tests.
const TEST_ROUTES: &str = "\
Test-only routes (loopback, not counted in the stats, not rate limited):
  GET  /__dev/stats            requests per route, their total, rate_limited (429s sent)
  POST /__dev/reset            the seeded store, configured token, API tokens, timings and
                               mode; counters and rate-limit windows emptied
  POST /__dev/empty            no database at all
  POST /__dev/token            body: a new static token (the old one is refused)
  POST /__dev/revoke           body: an API token to refuse, with the bearers it gave
  POST /__dev/timings          {\"provision_ms\": n, \"update_ms\": n}: for operations started next
  POST /__dev/seed             {\"requested\"|\"provisioning\"|\"running\"|\"updating\": n}: add
                               generated databases in that state now
  POST /__dev/settle           every transition under way ends now
  POST /__dev/minimal-answers  true or false";

fn non_empty(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(value.to_string())
    }
}

/// Seconds, fractions allowed, as milliseconds.
fn seconds(value: &str) -> Result<u64, String> {
    let seconds: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a number of seconds"))?;
    if !seconds.is_finite() || !(0.0..=1e9).contains(&seconds) {
        return Err(format!("{value:?} must be 0 to 1e9 seconds"));
    }
    Ok((seconds * 1000.0).round() as u64)
}

/// A signing secret's bytes (a type of its own: clap would read a `Vec<u8>` as many values).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Secret(Vec<u8>);

fn hex_secret(value: &str) -> Result<Secret, String> {
    let value = value.trim();
    if !value.len().is_multiple_of(2) || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("must be hexadecimal digits, two per byte".into());
    }
    let bytes: Vec<u8> = (0..value.len())
        .step_by(2)
        .filter_map(|at| u8::from_str_radix(&value[at..at + 2], 16).ok())
        .collect();
    if bytes.len() < 16 {
        return Err("must be at least 16 bytes (32 hex digits)".into());
    }
    Ok(Secret(bytes))
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
        no_examples: args.no_examples,
        cors_origins,
        api_tokens: args.api_tokens.clone(),
        bearer_ttl: args.bearer_ttl,
        timings: Timings {
            provision_ms: args.provision_seconds,
            update_ms: args.update_seconds,
        },
        rate_limit: args.rate_limit,
        rate_window_ms: args.rate_window_ms,
        minimal_answers: args.minimal_answers,
        region_name: args.region_name.clone(),
        regions: args.regions.clone(),
        jwt_secret: args.jwt_secret.clone().map(|secret| secret.0),
        rng_seed: args.rng_seed,
    };
    let served = devapi::serve(config, SocketAddr::new(args.host, args.port), |addr| {
        // The token is a development credential for a loopback server: showing it is the point.
        println!(
            "devapi listening on http://{addr} (region {})",
            args.region_name
        );
        println!("devapi token: {}", args.token);
        println!(
            "devapi API tokens: {} (POST /v1/tokens/exchange, bearers valid {} s{})",
            args.api_tokens.join(", "),
            args.bearer_ttl,
            if args.jwt_secret.is_some() {
                ", shared signing secret"
            } else {
                ""
            }
        );
        println!(
            "devapi timings: provisioning {} ms, plan change {} ms",
            args.provision_seconds, args.update_seconds
        );
        if let Some(limit) = args.rate_limit {
            println!(
                "devapi rate limit: {limit} requests per {} ms per Authorization value",
                args.rate_window_ms
            );
        }
        if args.minimal_answers {
            println!("devapi minimal answers: the documented shapes only");
        }
        if !args.regions.is_empty() {
            let names: Vec<_> = args.regions.iter().map(|r| r.name.as_str()).collect();
            println!("devapi regions (GET /v1/regions): {}", names.join(", "));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_take_fractions() {
        assert_eq!(seconds("20"), Ok(20_000));
        assert_eq!(seconds("0.5"), Ok(500));
        assert_eq!(seconds("0"), Ok(0));
        assert_eq!(seconds("0.0004"), Ok(0));
        for bad in ["-1", "NaN", "inf", "soon", "", "2e9"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_are_hex_of_at_least_16_bytes() {
        assert_eq!(hex_secret(&"ab".repeat(16)), Ok(Secret(vec![0xab; 16])));
        assert_eq!(hex_secret(&"0F".repeat(32)).map(|b| b.0.len()), Ok(32));
        assert!(hex_secret(&"ab".repeat(15)).is_err());
        assert!(hex_secret("abc").is_err());
        assert!(hex_secret(&"zz".repeat(16)).is_err());
    }

    #[test]
    fn the_flags_parse() {
        let args = Args::try_parse_from([
            "devapi",
            "--provision-seconds",
            "0.2",
            "--update-seconds",
            "1.5",
            "--rate-limit",
            "60",
            "--rate-window-ms",
            "500",
            "--minimal-answers",
            "--region-name",
            "osc-secnum-fr1",
            "--region",
            "osc-fr1=Paris - Outscale=http://127.0.0.1:8081",
            "--region",
            "osc-secnum-fr1=Paris - SecNumCloud=http://127.0.0.1:8083",
            "--jwt-secret",
            &"5a".repeat(32),
            "--rng-seed",
            "42",
        ])
        .unwrap();
        assert_eq!((args.provision_seconds, args.update_seconds), (200, 1500));
        assert_eq!((args.rate_limit, args.rate_window_ms), (Some(60), 500));
        assert!(args.minimal_answers);
        assert_eq!(args.region_name, "osc-secnum-fr1");
        assert_eq!(args.regions.len(), 2);
        assert_eq!(args.regions[1].display_name, "Paris - SecNumCloud");
        assert_eq!(args.jwt_secret, Some(Secret(vec![0x5a; 32])));
        assert_eq!(args.rng_seed, Some(42));
        let defaults = Args::try_parse_from(["devapi"]).unwrap();
        assert_eq!(
            (defaults.provision_seconds, defaults.update_seconds),
            (20_000, 20_000)
        );
        assert_eq!(defaults.rate_limit, None);
        assert!(Args::try_parse_from(["devapi", "--rate-limit", "0"]).is_err());
        assert!(Args::try_parse_from(["devapi", "--region", "nope"]).is_err());
    }
}
