//! The runtime `config.json` of the built site: which regions the sign-in page offers, where the
//! auth service is, whether each is called directly (CORS) or through a same-origin proxy
//! prefix, and which technology each connection creates. A host edits the file; no rebuild.
//!
//! ```json
//! {
//!   "auth": { "url": "https://auth.scalingo.com", "call": "proxy", "proxy": "/scalingo/auth" },
//!   "local_api": { "enabled": true, "technology": "postgresql-dr" },
//!   "demo": { "enabled": true },
//!   "default_technology": "postgresql-dr",
//!   "regions": [
//!     { "name": "osc-fr1", "display_name": "Paris - Outscale",
//!       "api_url": "https://api.osc-fr1.scalingo.com",
//!       "call": "proxy", "proxy": "/scalingo/osc-fr1", "technology": "postgresql-ng",
//!       "database_api": "https://db-api.osc-fr1.scalingo.com" }
//!   ],
//!   "budget": { "per_minute": 50, "burst": 8, "window_ms": 60000, "poll_reserve": 3,
//!               "back_off_ms": 5000, "max_back_off_ms": 60000 },
//!   "polling": { "first_ms": 10000, "later_ms": 30000, "slow_ms": 60000,
//!                "later_after_ms": 180000, "slow_after_ms": 900000, "overdue_after_ms": 2700000 }
//! }
//! ```
//! Every key is optional; [`AppConfig::default`] is what applies without the file. `budget` is
//! [`crate::rules::budget::Limits`], `polling` is [`crate::rules::polling::Schedule`].

use serde::Deserialize;

use crate::rules::budget::Limits;
use crate::rules::polling::Schedule;

/// The technology the spec names.
pub const SPEC_TECHNOLOGY: &str = "postgresql-dr";

/// How the browser reaches a service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallMode {
    /// Straight to its URL: the service must allow this origin (CORS).
    #[default]
    Direct,
    /// Through a same-origin prefix that the host proxies to the service.
    Proxy,
}

/// The auth service (token exchange).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    #[serde(default = "default_auth_url")]
    pub url: String,
    #[serde(default)]
    pub call: CallMode,
    #[serde(default)]
    pub proxy: Option<String>,
}

fn default_auth_url() -> String {
    "https://auth.scalingo.com".into()
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            url: default_auth_url(),
            call: CallMode::Direct,
            proxy: None,
        }
    }
}

/// One Scalingo region.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionConfig {
    /// For example `osc-fr1`.
    pub name: String,
    /// For example `Paris - Outscale`.
    #[serde(default)]
    pub display_name: String,
    /// For example `https://api.osc-fr1.scalingo.com`.
    pub api_url: String,
    #[serde(default)]
    pub call: CallMode,
    /// The same-origin prefix when `call` is `proxy`, for example `/scalingo/osc-fr1`.
    #[serde(default)]
    pub proxy: Option<String>,
    /// The technology created there; the spec's when absent.
    #[serde(default)]
    pub technology: Option<String>,
    /// The region's Database API (variant a of `lifecycle-api.md`: `https://db-api.<region>.
    /// scalingo.com`, or a same-origin proxy prefix such as `/scalingo/osc-fr1-db`). When set,
    /// the database details, firewall and managed-range calls go there with an addon token;
    /// when absent, to the API itself (`{api}/api/...`) with the user's bearer (variant b).
    #[serde(default)]
    pub database_api: Option<String>,
}

/// The local devapi through `/api`: one region, or several devapi instances acting as regions
/// behind one auth service (the first: it serves the token exchange and `GET /v1/regions`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalApiConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub technology: Option<String>,
    /// The local regions, each behind a same-origin prefix; one region `local` at `/api` when
    /// absent.
    #[serde(default = "default_local_regions")]
    pub regions: Vec<LocalRegionConfig>,
}

/// One local devapi instance acting as a region.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRegionConfig {
    /// For example `local-fr1`; what `GET /v1/regions` of the local auth calls it.
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    /// The same-origin prefix proxied to it, for example `/api`.
    pub proxy: String,
}

fn default_local_regions() -> Vec<LocalRegionConfig> {
    vec![LocalRegionConfig {
        name: "local".into(),
        display_name: "Local API".into(),
        proxy: crate::session::LOCAL_API_BASE.into(),
    }]
}

/// The in-browser demo.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    #[serde(default)]
    pub auth: AuthConfig,
    #[serde(default)]
    pub regions: Vec<RegionConfig>,
    #[serde(default = "default_local")]
    pub local_api: LocalApiConfig,
    #[serde(default = "default_demo")]
    pub demo: DemoConfig,
    #[serde(default = "default_technology")]
    pub default_technology: String,
    /// A request without an answer after this many milliseconds is abandoned (100 to 300,000).
    #[serde(default = "default_timeout")]
    pub request_timeout_ms: u32,
    /// The request budget of each API host.
    #[serde(default)]
    pub budget: Limits,
    /// When the status of a database in transition is read again.
    #[serde(default)]
    pub polling: Schedule,
    /// How often the list reads itself again while it is shown, in milliseconds (1,000 to
    /// 3,600,000; a hidden tab never does).
    #[serde(default = "default_list_refresh")]
    pub list_refresh_ms: u32,
}

/// A minute: one list request per region a minute, a twentieth of the API's budget.
pub const DEFAULT_LIST_REFRESH_MS: u32 = 60_000;

fn default_list_refresh() -> u32 {
    DEFAULT_LIST_REFRESH_MS
}

/// 20 s: the API answers in well under a second; a minute of waiting helps nobody.
pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_MS
}

fn default_local() -> LocalApiConfig {
    LocalApiConfig {
        enabled: true,
        technology: None,
        regions: default_local_regions(),
    }
}

fn default_demo() -> DemoConfig {
    DemoConfig { enabled: true }
}

fn default_technology() -> String {
    SPEC_TECHNOLOGY.into()
}

impl Default for AppConfig {
    /// No regions: the Local API, the demo and Custom.
    fn default() -> Self {
        Self {
            auth: AuthConfig::default(),
            regions: Vec::new(),
            local_api: default_local(),
            demo: default_demo(),
            default_technology: default_technology(),
            request_timeout_ms: DEFAULT_TIMEOUT_MS,
            budget: Limits::DEFAULT,
            polling: Schedule::DEFAULT,
            list_refresh_ms: DEFAULT_LIST_REFRESH_MS,
        }
    }
}

/// A `config.json` that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "config.json: {}", self.0)
    }
}

fn check_prefix(field: &str, call: CallMode, proxy: &Option<String>) -> Result<(), ConfigError> {
    match (call, proxy.as_deref()) {
        (CallMode::Proxy, None) => Err(ConfigError(format!(
            "{field}: \"call\": \"proxy\" needs a \"proxy\" prefix such as \"/scalingo/osc-fr1\""
        ))),
        (_, Some(prefix)) if !prefix.starts_with('/') || prefix.starts_with("//") => {
            Err(ConfigError(format!(
                "{field}.proxy: {prefix:?} must be a same-origin path starting with a single /"
            )))
        }
        _ => Ok(()),
    }
}

impl AppConfig {
    /// Parses and checks the file's text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        // serde would also read a struct from a JSON array: only an object is a configuration.
        if !text.trim_start().starts_with(['{']) && !text.trim().is_empty() {
            return Err(ConfigError(
                "not a valid configuration: the file must hold a JSON object { ... }".into(),
            ));
        }
        let mut config: Self = serde_json::from_str(text).map_err(|error| {
            ConfigError(format!(
                "not a valid configuration (line {}, column {}): {error}",
                error.line(),
                error.column()
            ))
        })?;
        config.auth.url = parse_api_url(&config.auth.url)
            .map_err(|error| ConfigError(format!("auth.url: {error}")))?;
        check_prefix("auth", config.auth.call, &config.auth.proxy)?;
        if !(100..=300_000).contains(&config.request_timeout_ms) {
            return Err(ConfigError(format!(
                "request_timeout_ms: {} is out of range (100 to 300000)",
                config.request_timeout_ms
            )));
        }
        config
            .budget
            .check()
            .map_err(|error| ConfigError(format!("budget: {error}")))?;
        config
            .polling
            .check()
            .map_err(|error| ConfigError(format!("polling: {error}")))?;
        if !(1_000..=3_600_000).contains(&config.list_refresh_ms) {
            return Err(ConfigError(format!(
                "list_refresh_ms: {} is out of range (1000 to 3600000)",
                config.list_refresh_ms
            )));
        }
        let mut names = std::collections::BTreeSet::new();
        for (index, region) in config.regions.iter_mut().enumerate() {
            let field = format!("regions[{index}]");
            if region.name.trim().is_empty() {
                return Err(ConfigError(format!("{field}.name is empty")));
            }
            if !names.insert(region.name.clone()) {
                return Err(ConfigError(format!(
                    "{field}.name {:?} appears twice",
                    region.name
                )));
            }
            region.api_url = parse_api_url(&region.api_url)
                .map_err(|error| ConfigError(format!("{field}.api_url: {error}")))?;
            check_prefix(&field, region.call, &region.proxy)?;
            if let Some(database_api) = &region.database_api {
                region.database_api = Some(
                    parse_base(database_api)
                        .map_err(|error| ConfigError(format!("{field}.database_api: {error}")))?,
                );
            }
        }
        let mut local_names = std::collections::BTreeSet::new();
        if config.local_api.regions.is_empty() {
            return Err(ConfigError(
                "local_api.regions is empty: leave it out for one local API at /api".into(),
            ));
        }
        for (index, region) in config.local_api.regions.iter_mut().enumerate() {
            let field = format!("local_api.regions[{index}]");
            if region.name.trim().is_empty() {
                return Err(ConfigError(format!("{field}.name is empty")));
            }
            if !local_names.insert(region.name.clone()) {
                return Err(ConfigError(format!(
                    "{field}.name {:?} appears twice",
                    region.name
                )));
            }
            check_prefix(&field, CallMode::Proxy, &Some(region.proxy.clone()))?;
            region.proxy = region.proxy.trim_end_matches('/').to_string();
        }
        Ok(config)
    }

    /// A region by name.
    pub fn region(&self, name: &str) -> Option<&RegionConfig> {
        self.regions.iter().find(|r| r.name == name)
    }

    /// Where the auth service is reached from the browser.
    pub fn auth_base(&self) -> String {
        endpoint(self.auth.call, self.auth.proxy.as_deref(), &self.auth.url)
    }
}

impl RegionConfig {
    /// Where the region's API is reached from the browser.
    pub fn api_base(&self) -> String {
        endpoint(self.call, self.proxy.as_deref(), &self.api_url)
    }

    /// Where the region's Database API is reached from the browser, when it has its own
    /// (variant a); `None`: the API itself serves `/api/...` (variant b).
    pub fn database_api_base(&self) -> Option<String> {
        self.database_api.clone()
    }

    /// `Paris - Outscale (osc-fr1)`, or the name alone.
    pub fn label(&self) -> String {
        if self.display_name.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.display_name, self.name)
        }
    }
}

fn endpoint(call: CallMode, proxy: Option<&str>, url: &str) -> String {
    match (call, proxy) {
        (CallMode::Proxy, Some(prefix)) => prefix.trim_end_matches('/').to_string(),
        _ => url.to_string(),
    }
}

/// A base the browser calls: an http(s) URL ([`parse_api_url`]) or a same-origin path with a
/// single leading `/`, without its trailing `/`.
fn parse_base(input: &str) -> Result<String, String> {
    let text = input.trim();
    if text.starts_with('/') {
        if text.starts_with("//") || text.starts_with("/\\") || text.contains(['?', '#']) {
            return Err(format!(
                "{text:?} must be a same-origin path starting with a single /, or a URL"
            ));
        }
        if text.chars().any(char::is_whitespace) {
            return Err(ApiUrlError::Whitespace.to_string());
        }
        return Ok(text.trim_end_matches('/').to_string());
    }
    parse_api_url(text).map_err(|error| error.to_string())
}

/// Why an API URL was refused, as a sentence for the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiUrlError {
    Empty,
    Scheme,
    NoHost,
    Credentials,
    QueryOrFragment,
    Whitespace,
}

impl std::fmt::Display for ApiUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Empty => "Enter the API URL, for example https://api.example.test.",
            Self::Scheme => "Start the URL with https:// (or http:// for a local server).",
            Self::NoHost => "Add the server's host name after https://.",
            Self::Credentials => {
                "Leave user names and passwords out of the URL: use the Token field."
            }
            Self::QueryOrFragment => "Remove the ? or # part: give only the base URL.",
            Self::Whitespace => "Remove the spaces from the URL.",
        })
    }
}

/// Checks and normalises a base URL such as `https://api.example.test`: http(s) only, a host,
/// no credentials, query or fragment, no trailing `/` and no `/v1` (the console appends it).
pub fn parse_api_url(input: &str) -> Result<String, ApiUrlError> {
    let url = input.trim();
    if url.is_empty() {
        return Err(ApiUrlError::Empty);
    }
    if url.chars().any(char::is_whitespace) {
        return Err(ApiUrlError::Whitespace);
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url["https://".len()..]
    } else if lower.starts_with("http://") {
        &url["http://".len()..]
    } else {
        return Err(ApiUrlError::Scheme);
    };
    if url.contains(['?', '#']) {
        return Err(ApiUrlError::QueryOrFragment);
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(ApiUrlError::Credentials);
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(ApiUrlError::NoHost);
    }
    let mut normalised = url.trim_end_matches('/').to_string();
    if let Some(stripped) = normalised.strip_suffix("/v1") {
        normalised = stripped.to_string();
    }
    Ok(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../config.json");

    #[test]
    fn the_shipped_file_parses() {
        let config = AppConfig::parse(SHIPPED).unwrap();
        assert_eq!(config.regions.len(), 2);
        let fr1 = config.region("osc-fr1").unwrap();
        assert_eq!(fr1.api_url, "https://api.osc-fr1.scalingo.com");
        assert_eq!(fr1.api_base(), "/scalingo/osc-fr1");
        assert_eq!(fr1.technology.as_deref(), Some("postgresql-ng"));
        assert_eq!(
            config.region("osc-secnum-fr1").unwrap().api_url,
            "https://api.osc-secnum-fr1.scalingo.com"
        );
        assert_eq!(config.auth.url, "https://auth.scalingo.com");
        assert_eq!(config.auth_base(), "/scalingo/auth");
    }

    #[test]
    fn an_empty_object_is_the_default() {
        assert_eq!(AppConfig::parse("{}").unwrap(), AppConfig::default());
        assert_eq!(
            AppConfig::default().auth_base(),
            "https://auth.scalingo.com"
        );
    }

    #[test]
    fn direct_calls_use_the_url() {
        let config = AppConfig::parse(
            r#"{"regions":[{"name":"osc-fr1","api_url":"https://api.osc-fr1.scalingo.com/","call":"direct","proxy":"/unused"}]}"#,
        )
        .unwrap();
        assert_eq!(
            config.regions[0].api_base(),
            "https://api.osc-fr1.scalingo.com"
        );
        assert_eq!(config.regions[0].label(), "osc-fr1");
    }

    #[test]
    fn bad_files_say_where_and_why() {
        let error = |text: &str| AppConfig::parse(text).unwrap_err().to_string();
        assert!(error("{").contains("line 1"), "{}", error("{"));
        assert!(error("[]").contains("not a valid configuration"));
        assert!(error(r#"{"regoins":[]}"#).contains("unknown field `regoins`"));
        assert!(error(r#"{"regions":[{"name":"x"}]}"#).contains("missing field `api_url`"));
        assert!(error(r#"{"regions":[{"name":"x","api_url":"api.x"}]}"#)
            .contains("regions[0].api_url: Start the URL"));
        assert!(
            error(r#"{"regions":[{"name":" ","api_url":"https://a.test"}]}"#)
                .contains("regions[0].name is empty")
        );
        assert!(error(r#"{"regions":[{"name":"a","api_url":"https://a.test"},{"name":"a","api_url":"https://b.test"}]}"#)
            .contains("appears twice"));
        assert!(
            error(r#"{"regions":[{"name":"a","api_url":"https://a.test","call":"proxy"}]}"#)
                .contains("needs a \"proxy\" prefix")
        );
        assert!(error(r#"{"regions":[{"name":"a","api_url":"https://a.test","call":"proxy","proxy":"//evil.test"}]}"#)
            .contains("same-origin path"));
        assert!(error(
            r#"{"regions":[{"name":"a","api_url":"https://a.test","call":"sideways"}]}"#
        )
        .contains("unknown variant"));
        assert!(error(r#"{"auth":{"url":"ftp://x"}}"#).contains("auth.url"));
        assert!(error(r#"{"auth":{"call":"proxy"}}"#).contains("auth"));
        assert!(error("").starts_with("config.json: "));
        assert!(error(r#"{"request_timeout_ms":5}"#).contains("out of range"));
        assert_eq!(
            AppConfig::parse(r#"{"request_timeout_ms":800}"#)
                .unwrap()
                .request_timeout_ms,
            800
        );
    }

    #[test]
    fn local_regions_are_read_and_checked() {
        let config = AppConfig::parse(
            r#"{"local_api":{"regions":[{"name":"local-fr1","proxy":"/api/"},{"name":"local-fr2","display_name":"Second","proxy":"/api2"}]}}"#,
        )
        .unwrap();
        let names: Vec<_> = config
            .local_api
            .regions
            .iter()
            .map(|r| (r.name.as_str(), r.proxy.as_str()))
            .collect();
        assert_eq!(names, [("local-fr1", "/api"), ("local-fr2", "/api2")]);
        assert_eq!(AppConfig::default().local_api.regions[0].proxy, "/api");
        let error = |text: &str| AppConfig::parse(text).unwrap_err().to_string();
        assert!(error(r#"{"local_api":{"regions":[]}}"#).contains("is empty"));
        assert!(
            error(r#"{"local_api":{"regions":[{"name":"a","proxy":"//x"}]}}"#)
                .contains("same-origin")
        );
        assert!(error(
            r#"{"local_api":{"regions":[{"name":"a","proxy":"/a"},{"name":"a","proxy":"/b"}]}}"#
        )
        .contains("twice"));
    }

    #[test]
    fn budget_polling_and_database_api_are_read_and_checked() {
        let config = AppConfig::parse(
            r#"{"budget":{"per_minute":20,"burst":4,"window_ms":2000,"poll_reserve":1},
                "polling":{"first_ms":200,"later_ms":300,"slow_ms":400},
                "regions":[
                  {"name":"a","api_url":"https://api.a.test","database_api":"https://db-api.a.test/"},
                  {"name":"b","api_url":"https://api.b.test","database_api":"/scalingo/b-db/"},
                  {"name":"c","api_url":"https://api.c.test"}]}"#,
        )
        .unwrap();
        assert_eq!(
            config.budget,
            Limits {
                per_minute: 20,
                burst: 4,
                window_ms: 2_000,
                poll_reserve: 1,
                ..Limits::DEFAULT
            }
        );
        assert_eq!(config.polling.first_ms, 200);
        assert_eq!(
            config.polling.later_after_ms,
            Schedule::DEFAULT.later_after_ms
        );
        let base = |name: &str| config.region(name).unwrap().database_api_base();
        assert_eq!(base("a").as_deref(), Some("https://db-api.a.test"));
        assert_eq!(base("b").as_deref(), Some("/scalingo/b-db"));
        assert_eq!(base("c"), None);
        assert_eq!(AppConfig::default().budget, Limits::DEFAULT);
        assert_eq!(AppConfig::default().polling, Schedule::DEFAULT);

        let error = |text: &str| AppConfig::parse(text).unwrap_err().to_string();
        assert!(
            error(r#"{"budget":{"per_minute":60}}"#).contains("budget: burst + per_minute is 68")
        );
        assert!(error(r#"{"budget":{"per_hour":60}}"#).contains("unknown field `per_hour`"));
        assert!(error(r#"{"budget":{"poll_reserve":9}}"#).contains("budget: poll_reserve"));
        assert!(error(r#"{"polling":{"first_ms":0}}"#).contains("polling: first_ms"));
        assert!(error(r#"{"polling":{"often":1}}"#).contains("unknown field `often`"));
        let region = |database_api: &str| {
            error(&format!(
                r#"{{"regions":[{{"name":"a","api_url":"https://a.test","database_api":"{database_api}"}}]}}"#
            ))
        };
        assert!(region("ftp://x.test").contains("regions[0].database_api: Start the URL"));
        assert!(region("//evil.test").contains("regions[0].database_api"));
        assert!(region("/db?x=1").contains("same-origin path"));
    }

    #[test]
    fn api_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_api_url(" https://api.example.test/ "),
            Ok("https://api.example.test".into())
        );
        assert_eq!(
            parse_api_url("http://127.0.0.1:18082"),
            Ok("http://127.0.0.1:18082".into())
        );
        assert_eq!(
            parse_api_url("https://api.example.test/v1"),
            Ok("https://api.example.test".into())
        );
        assert_eq!(
            parse_api_url("https://example.test/scalingo/api"),
            Ok("https://example.test/scalingo/api".into())
        );
        assert_eq!(parse_api_url(""), Err(ApiUrlError::Empty));
        assert_eq!(parse_api_url("api.example.test"), Err(ApiUrlError::Scheme));
        assert_eq!(parse_api_url("ftp://x.test"), Err(ApiUrlError::Scheme));
        assert_eq!(
            parse_api_url("javascript:alert(1)"),
            Err(ApiUrlError::Scheme)
        );
        assert_eq!(parse_api_url("https://"), Err(ApiUrlError::NoHost));
        assert_eq!(parse_api_url("https://:80"), Err(ApiUrlError::NoHost));
        assert_eq!(
            parse_api_url("https://u:p@x.test"),
            Err(ApiUrlError::Credentials)
        );
        assert_eq!(
            parse_api_url("https://x.test/?a=1"),
            Err(ApiUrlError::QueryOrFragment)
        );
        assert_eq!(
            parse_api_url("https://x .test"),
            Err(ApiUrlError::Whitespace)
        );
        assert!(ApiUrlError::Credentials.to_string().contains("Token"));
    }
}
