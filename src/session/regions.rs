//! The APIs a session reads: one per region. A Scalingo customer's databases live in several
//! regions, each with its own API, while one token from the global auth service works in all of
//! them (`lifecycle-api.md` §8): signed in to **All regions** (or to the Local API with several
//! devapi instances), the console reads every region's list and merges them.
//!
//! Which regions: the auth service's `GET /v1/regions` says which the account may use; this
//! console can reach only those `config.json` names (how to call each — directly or through a
//! same-origin proxy — and what the Content Security Policy lets through comes from there). Pure.

use crate::config::AppConfig;

/// One API the session reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionApi {
    /// The region's name (`osc-fr1`); for a connection to one API that is no region (Custom),
    /// its host.
    pub name: String,
    /// For people: `Paris - Outscale (osc-fr1)`.
    pub label: String,
    /// Where the browser calls its API.
    pub api_base: String,
    /// Where others call it (curl, the CLI): the region's own URL, or for a local one its
    /// same-origin prefix (made absolute with the page's origin).
    pub public_url: String,
    /// Whether it is a Scalingo region (the CLI and Terraform know it by name).
    pub scalingo: bool,
    /// Its Database API, when `config.json` gives one (variant a).
    pub database_api: Option<String>,
    /// What the create form offers there.
    pub technology: String,
}

/// What discovering the account's regions gave: the regions to read, in the auth service's
/// order, and those the account has that this console cannot reach (not in `config.json`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reachable {
    pub regions: Vec<RegionApi>,
    pub unreachable: Vec<String>,
}

/// The configured regions the account has, in the order the auth service lists them (its
/// `regions[].name`), and the names it lists that are not configured. When the account lists
/// none of the configured ones, the configured ones are read all the same: the list may be
/// stale or the account new, and each region's own answer says what it holds.
pub fn reachable(configured: Vec<RegionApi>, listed: &[String]) -> Reachable {
    if listed.is_empty() {
        return Reachable {
            regions: configured,
            unreachable: Vec::new(),
        };
    }
    let mut regions: Vec<RegionApi> = listed
        .iter()
        .filter_map(|name| configured.iter().find(|r| &r.name == name).cloned())
        .collect();
    let unreachable: Vec<String> = listed
        .iter()
        .filter(|name| !configured.iter().any(|r| &r.name == *name))
        .cloned()
        .collect();
    if regions.is_empty() {
        regions = configured;
    }
    Reachable {
        regions,
        unreachable,
    }
}

/// Every region of `config.json`, as the **All regions** connection reads them.
pub fn all_scalingo(config: &AppConfig) -> Vec<RegionApi> {
    config
        .regions
        .iter()
        .map(|region| RegionApi {
            name: region.name.clone(),
            label: region.label(),
            api_base: region.api_base(),
            public_url: region.api_url.clone(),
            scalingo: true,
            database_api: region.database_api_base(),
            technology: region
                .technology
                .clone()
                .unwrap_or_else(|| config.default_technology.clone()),
        })
        .collect()
}

/// The local devapi instances of `config.json`.
pub fn all_local(config: &AppConfig) -> Vec<RegionApi> {
    let technology = config
        .local_api
        .technology
        .clone()
        .unwrap_or_else(|| crate::config::SPEC_TECHNOLOGY.into());
    config
        .local_api
        .regions
        .iter()
        .map(|region| RegionApi {
            name: region.name.clone(),
            label: if region.display_name.is_empty() {
                region.name.clone()
            } else {
                format!("{} ({})", region.display_name, region.name)
            },
            api_base: region.proxy.clone(),
            public_url: region.proxy.clone(),
            scalingo: false,
            database_api: None,
            technology: technology.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str) -> RegionApi {
        RegionApi {
            name: name.into(),
            label: name.into(),
            api_base: format!("/scalingo/{name}"),
            public_url: format!("https://api.{name}.scalingo.com"),
            scalingo: true,
            database_api: None,
            technology: "postgresql-ng".into(),
        }
    }

    #[test]
    fn the_account_s_regions_in_its_order_and_the_rest_said() {
        let configured = vec![region("osc-fr1"), region("osc-secnum-fr1")];
        let found = reachable(
            configured.clone(),
            &["osc-secnum-fr1".into(), "osc-fr1".into(), "osc-de1".into()],
        );
        assert_eq!(
            found
                .regions
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["osc-secnum-fr1", "osc-fr1"]
        );
        assert_eq!(found.unreachable, ["osc-de1"]);
        // One region only for this account.
        let one = reachable(configured.clone(), &["osc-fr1".into()]);
        assert_eq!(one.regions, [region("osc-fr1")]);
        // Nothing listed (the call failed, or an empty answer): the configured ones.
        assert_eq!(reachable(configured.clone(), &[]).regions, configured);
        // Only regions this console cannot reach: still the configured ones, and said.
        let none = reachable(configured.clone(), &["osc-de1".into()]);
        assert_eq!(none.regions, configured);
        assert_eq!(none.unreachable, ["osc-de1"]);
    }

    #[test]
    fn regions_come_from_the_config() {
        let config = AppConfig::parse(include_str!("../../config.json")).unwrap();
        let scalingo = all_scalingo(&config);
        assert_eq!(scalingo[0].name, "osc-fr1");
        assert_eq!(scalingo[0].api_base, "/scalingo/osc-fr1");
        assert_eq!(scalingo[0].technology, "postgresql-ng");
        let local = all_local(&AppConfig::default());
        assert_eq!(local.len(), 1);
        assert_eq!(
            (local[0].name.as_str(), local[0].api_base.as_str()),
            ("local", "/api")
        );
    }
}
