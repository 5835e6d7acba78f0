//! What can go wrong with an API call, and the one pure function that maps an HTTP answer to it.
//!
//! No browser types here: the mapping is host-tested with every status the API documents
//! (`shared/reference/scalingo-api.md` §6) and with bodies that are not what they should be.

use model::{ErrorBody, FieldErrors, ValidationErrorBody};
use serde::de::DeserializeOwned;

/// Every way an API call can fail, holding plain strings so it is cheap to clone into views.
/// `Display` is a sentence for people.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 400: the server could not read the request.
    #[error("The API could not read the request: {0}")]
    BadRequest(String),
    /// 401: no token, a wrong one, or one that expired.
    #[error("The API refused the token: {0}")]
    Unauthorized(String),
    /// 402: the account must be verified; `url` is where to do it.
    #[error("{message}")]
    PaymentRequired {
        message: String,
        url: Option<String>,
    },
    /// 403: the token may not do this.
    #[error("Not allowed: {0}")]
    Forbidden(String),
    /// 404: no such thing (for a database, the spec's "Database not found").
    #[error("{0}")]
    NotFound(String),
    /// 409: the request conflicts with the current state.
    #[error("Conflict: {0}")]
    Conflict(String),
    /// 422: messages per field, as the API sent them.
    #[error("Some fields need attention: {}", summary(.0))]
    Validation(FieldErrors),
    /// 429: too many requests (the API allows 60 a minute).
    #[error("Too many requests: {0}")]
    RateLimited(String),
    /// 500 and other 5xx but 503.
    #[error("The API failed (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// 503: an upstream provider failed; retrying later may work.
    #[error("The API is unavailable for now: {0}")]
    Unavailable(String),
    /// Any other status the contract does not give.
    #[error("Unexpected answer from the API (HTTP {status}): {message}")]
    Unexpected { status: u16, message: String },
    /// No answer: offline, DNS, refused connection, or a cross-origin call the browser blocked.
    #[error("Could not reach the API: {0}")]
    Network(String),
    /// No answer within this many seconds; the request was abandoned.
    #[error("The API did not answer within {0} s")]
    Timeout(u32),
    /// An app the API describes as something else than a Dedicated Resources database (one with
    /// several addons: an application).
    #[error("This is not a Dedicated Resources database: {0}.")]
    NotADatabase(String),
    /// A success status whose body is not what the contract says.
    #[error("The API answered something the console cannot read: {0}")]
    Decode(String),
}

fn summary(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, messages)| format!("{field} {}", messages.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Longest plain-text body quoted in a message; longer ones are cut.
const MAX_QUOTED_BODY: usize = 200;

/// The message of an error answer: the `error` field of a JSON body, else a short plain-text
/// body (the API's 429 says `Retry later`), else a generic sentence. HTML error pages from
/// proxies are never quoted.
fn message_of(status: u16, body: &str) -> String {
    if let Ok(parsed) = serde_json::from_str::<ErrorBody>(body) {
        if !parsed.error.trim().is_empty() {
            return parsed.error;
        }
    }
    let text = body.trim();
    let looks_like_markup = text.starts_with('<');
    let looks_like_json = text.starts_with('{') || text.starts_with('[');
    if text.is_empty() || looks_like_markup || looks_like_json {
        return match (text.is_empty(), looks_like_markup) {
            (true, _) => format!("HTTP {status} with an empty body"),
            (_, true) => format!("HTTP {status} with an HTML page instead of an API answer"),
            _ => format!("HTTP {status}"),
        };
    }
    let mut quoted: String = text.chars().take(MAX_QUOTED_BODY).collect();
    if quoted.len() < text.len() {
        quoted.push('…');
    }
    quoted
}

/// Maps an answer that is not a success to its [`ApiError`].
pub fn error_from_response(status: u16, body: &str) -> ApiError {
    match status {
        400 => ApiError::BadRequest(message_of(status, body)),
        401 => ApiError::Unauthorized(message_of(status, body)),
        402 => {
            let url = serde_json::from_str::<ErrorBody>(body)
                .ok()
                .and_then(|parsed| parsed.url)
                .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
            ApiError::PaymentRequired {
                message: message_of(status, body),
                url,
            }
        }
        403 => ApiError::Forbidden(message_of(status, body)),
        404 => ApiError::NotFound(message_of(status, body)),
        409 => ApiError::Conflict(message_of(status, body)),
        422 => match serde_json::from_str::<ValidationErrorBody>(body) {
            Ok(parsed) if !parsed.errors.is_empty() => ApiError::Validation(parsed.errors),
            // A 422 without field errors is an invalid body (go-scalingo reads it so too).
            _ => ApiError::BadRequest(message_of(status, body)),
        },
        429 => ApiError::RateLimited(message_of(status, body)),
        503 => ApiError::Unavailable(message_of(status, body)),
        500..=599 => ApiError::Server {
            status,
            message: message_of(status, body),
        },
        _ => ApiError::Unexpected {
            status,
            message: message_of(status, body),
        },
    }
}

/// Decodes an answer: a 2xx body as `T`, anything else as an [`ApiError`].
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        serde_json::from_str(body).map_err(|error| ApiError::Decode(error.to_string()))
    } else {
        Err(error_from_response(status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{DatabaseEnvelope, DatabasesEnvelope};

    #[test]
    fn each_documented_status_has_its_variant() {
        let json = |message: &str| format!(r#"{{"error":"{message}"}}"#);
        assert_eq!(
            error_from_response(400, &json("There was a problem in the JSON you submitted")),
            ApiError::BadRequest("There was a problem in the JSON you submitted".into())
        );
        assert_eq!(
            error_from_response(401, &json("invalid token")),
            ApiError::Unauthorized("invalid token".into())
        );
        assert_eq!(
            error_from_response(403, r#"{"error":"forbidden","code":"x"}"#),
            ApiError::Forbidden("forbidden".into())
        );
        assert_eq!(
            error_from_response(404, r#"{"error":"Database not found"}"#),
            ApiError::NotFound("Database not found".into())
        );
        assert_eq!(
            error_from_response(409, &json("Cannot delete project with existing apps")),
            ApiError::Conflict("Cannot delete project with existing apps".into())
        );
        assert_eq!(
            error_from_response(500, &json("Internal error occured, we're on it!")),
            ApiError::Server {
                status: 500,
                message: "Internal error occured, we're on it!".into()
            }
        );
        assert_eq!(
            error_from_response(503, &json("upstream provider returned an error")),
            ApiError::Unavailable("upstream provider returned an error".into())
        );
        assert!(matches!(
            error_from_response(418, "{}"),
            ApiError::Unexpected { status: 418, .. }
        ));
        assert!(matches!(
            error_from_response(302, ""),
            ApiError::Unexpected { status: 302, .. }
        ));
    }

    #[test]
    fn payment_required_keeps_the_billing_url() {
        let error = error_from_response(
            402,
            r#"{"error":"Sorry, you need to verify your account","url":"https://my.scalingo.com/apps/billing"}"#,
        );
        assert_eq!(
            error,
            ApiError::PaymentRequired {
                message: "Sorry, you need to verify your account".into(),
                url: Some("https://my.scalingo.com/apps/billing".into()),
            }
        );
        // A link is only offered for web URLs, never `javascript:` or the like.
        let error = error_from_response(402, r#"{"error":"pay","url":"javascript:alert(1)"}"#);
        assert_eq!(
            error,
            ApiError::PaymentRequired {
                message: "pay".into(),
                url: None
            }
        );
    }

    #[test]
    fn validation_errors_keep_every_field() {
        let error = error_from_response(
            422,
            r#"{"errors":{"name":["has already been taken"],"plan":["is invalid","is disabled"]}}"#,
        );
        let ApiError::Validation(fields) = error else {
            panic!("not a validation error")
        };
        assert_eq!(fields["name"], ["has already been taken"]);
        assert_eq!(fields["plan"], ["is invalid", "is disabled"]);
        // Without field errors a 422 is a refused body.
        assert!(matches!(
            error_from_response(422, r#"{"errors":{}}"#),
            ApiError::BadRequest(_)
        ));
        assert!(matches!(
            error_from_response(422, "oops"),
            ApiError::BadRequest(_)
        ));
    }

    #[test]
    fn rate_limit_with_a_plain_text_body() {
        assert_eq!(
            error_from_response(429, "Retry later\n"),
            ApiError::RateLimited("Retry later".into())
        );
        assert!(crate::api::retry::worth_retrying(&error_from_response(
            429,
            "Retry later"
        )));
    }

    #[test]
    fn bodies_that_are_not_json() {
        let html = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
        assert_eq!(
            error_from_response(502, html),
            ApiError::Server {
                status: 502,
                message: "HTTP 502 with an HTML page instead of an API answer".into()
            }
        );
        assert_eq!(
            error_from_response(500, ""),
            ApiError::Server {
                status: 500,
                message: "HTTP 500 with an empty body".into()
            }
        );
        assert_eq!(
            error_from_response(404, r#"{"resource":"app","message":"no"}"#),
            ApiError::NotFound("HTTP 404".into())
        );
        let long = "x".repeat(1000);
        let ApiError::Forbidden(message) = error_from_response(403, &long) else {
            panic!("not forbidden")
        };
        assert_eq!(message.chars().count(), MAX_QUOTED_BODY + 1);
    }

    #[test]
    fn success_bodies_decode_or_fail_as_decode_errors() {
        let list: DatabasesEnvelope = decode(
            200,
            r#"{"databases":[{"id":"a","name":"abcdef","extra":1}]}"#,
        )
        .unwrap();
        assert_eq!(list.databases[0].name, "abcdef");
        let created: DatabaseEnvelope =
            decode(201, r#"{"database":{"id":"a","name":"abcdef"}}"#).unwrap();
        assert_eq!(created.database.id, "a");
        assert!(matches!(
            decode::<DatabasesEnvelope>(200, "<html>"),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode::<DatabasesEnvelope>(200, ""),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode::<DatabasesEnvelope>(200, r#"{"databases":null}"#),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode::<DatabasesEnvelope>(404, r#"{"error":"Database not found"}"#),
            Err(ApiError::NotFound(_))
        ));
    }

    #[test]
    fn messages_read_as_sentences() {
        let error = ApiError::Validation(
            [(
                "name".to_string(),
                vec!["has already been taken".to_string()],
            )]
            .into(),
        );
        assert_eq!(
            error.to_string(),
            "Some fields need attention: name has already been taken"
        );
        assert_eq!(
            ApiError::Network("Failed to fetch".into()).to_string(),
            "Could not reach the API: Failed to fetch"
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use model::{DatabaseEnvelope, DatabasesEnvelope};
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(512),
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// Any status and any bytes: a value or a typed error, never a panic; an error message is
        /// never longer than the quoting limit allows, and never quotes markup.
        #[test]
        fn any_answer_decodes_or_maps(status in 0u16..1000, body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&body);
            let list = decode::<DatabasesEnvelope>(status, &text);
            let one = decode::<DatabaseEnvelope>(status, &text);
            if !(200..300).contains(&status) {
                prop_assert!(list.is_err() && one.is_err());
                let message = error_from_response(status, &text).to_string();
                prop_assert!(message.chars().count() < MAX_QUOTED_BODY + 120, "{}", message);
                if text.trim_start().starts_with('<') {
                    prop_assert!(!message.contains('<'), "{}", message);
                }
            }
        }

        #[test]
        fn json_error_bodies_keep_their_message(status in 400u16..600, message in "[a-zA-Z0-9 .,!']{1,80}") {
            let body = serde_json::json!({ "error": message }).to_string();
            let error = error_from_response(status, &body);
            if status != 422 && !message.trim().is_empty() {
                prop_assert!(error.to_string().contains(message.as_str()), "{}", error);
            }
        }
    }
}
