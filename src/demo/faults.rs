//! The faults the demo can inject into its next answers: latency, offline, and one wrong answer
//! of every kind the API (or what stands in front of it) can give.

use model::reply::{self, Reply};

/// A request the demo does not answer, as the network would fail it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// As if the network were down, with the browser's kind of message.
    Offline(String),
    /// As if no answer came before the deadline.
    Timeout,
}

/// Faults to inject into the demo's next answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Added to every answer, in milliseconds.
    pub latency_ms: u32,
    /// Every request fails as if the network were down.
    pub offline: bool,
    /// What the next request (one only) gets instead of its answer.
    pub next: Option<Fault>,
}

/// One wrong answer, of every kind the API or what stands in front of it can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// An error status with the API's body for it.
    Status(u16),
    /// 200 with a body that is not the JSON it should be.
    MalformedJson,
    /// 502 with a proxy's HTML error page.
    HtmlPage,
    /// 502 with an empty body.
    EmptyBody,
    /// No answer before the deadline.
    Timeout,
}

/// The statuses the demo can inject.
pub const INJECTABLE: [u16; 10] = [400, 401, 402, 403, 404, 409, 422, 429, 500, 503];

impl Fault {
    /// Every fault, in the order the demo controls list them.
    pub fn all() -> Vec<Fault> {
        let mut all: Vec<Fault> = INJECTABLE.into_iter().map(Fault::Status).collect();
        all.extend([
            Fault::MalformedJson,
            Fault::HtmlPage,
            Fault::EmptyBody,
            Fault::Timeout,
        ]);
        all
    }

    /// The value in the demo controls' select.
    pub fn code(self) -> String {
        match self {
            Self::Status(status) => status.to_string(),
            Self::MalformedJson => "malformed".into(),
            Self::HtmlPage => "html".into(),
            Self::EmptyBody => "empty".into(),
            Self::Timeout => "timeout".into(),
        }
    }

    /// The fault of a select value; `None` for "nothing" or anything unknown.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::all().into_iter().find(|fault| fault.code() == code)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Status(400) => "400 Bad Request",
            Self::Status(401) => "401 Unauthorized (token expired)",
            Self::Status(402) => "402 Payment Required (with a billing link)",
            Self::Status(403) => "403 Forbidden",
            Self::Status(404) => "404 Not Found",
            Self::Status(409) => "409 Conflict",
            Self::Status(422) => "422 Unprocessable Entity (field errors)",
            Self::Status(429) => "429 Too Many Requests (plain text)",
            Self::Status(500) => "500 Internal Server Error",
            Self::Status(503) => "503 Service Unavailable",
            Self::Status(_) => "An error status",
            Self::MalformedJson => "Malformed JSON (200)",
            Self::HtmlPage => "A proxy's HTML error page (502)",
            Self::EmptyBody => "An empty body (502)",
            Self::Timeout => "No answer (timeout)",
        }
    }

    /// What the request gets: an answer, or no answer at all.
    pub fn answer(self) -> Result<Reply, NoAnswer> {
        match self {
            Self::Status(status) => Ok(fault_reply(status)),
            Self::MalformedJson => Ok(Reply {
                status: 200,
                body: r#"{"databases": [{"id": "54100930736f7563d50"#.into(),
            }),
            Self::HtmlPage => Ok(Reply {
                status: 502,
                body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>".into(),
            }),
            Self::EmptyBody => Ok(Reply {
                status: 502,
                body: String::new(),
            }),
            Self::Timeout => Err(NoAnswer::Timeout),
        }
    }
}

/// What the real API answers with each injected status (`shared/reference/scalingo-api.md` §6).
pub fn fault_reply(status: u16) -> Reply {
    match status {
        400 => Reply::error(400, "There was a problem in the JSON you submitted (demo fault)"),
        401 => Reply::error(401, "Token expired (demo fault)"),
        402 => Reply {
            status: 402,
            body: r#"{"error":"Sorry, you need to verify your account (billing profile and payment card) before creating a database (demo fault)","url":"https://my.scalingo.com/apps/billing"}"#.into(),
        },
        403 => Reply::error(403, "You are not allowed to do this on this project (demo fault)"),
        409 => Reply::error(409, "An operation is already running on this resource (demo fault)"),
        404 => Reply::error(404, reply::DATABASE_NOT_FOUND),
        422 => Reply {
            status: 422,
            body: r#"{"errors":{"name":["is reserved (demo fault)"],"app":["missing field (demo fault)"]}}"#.into(),
        },
        // The real API's 429 body is plain text.
        429 => Reply {
            status: 429,
            body: "Retry later".into(),
        },
        500 => Reply::error(500, "Internal error occured, we're on it! (demo fault)"),
        503 => Reply::error(503, "upstream provider returned an error, please retry later (demo fault)"),
        other => Reply::error(other, "demo fault"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_codes_round_trip() {
        for fault in Fault::all() {
            assert_eq!(Fault::from_code(&fault.code()), Some(fault));
            assert!(!fault.label().is_empty());
        }
        assert_eq!(Fault::from_code(""), None);
        assert_eq!(Fault::from_code("418"), None);
        assert_eq!(Fault::all().len(), 14);
    }
}
