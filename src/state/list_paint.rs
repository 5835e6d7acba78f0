//! The list page as this tab last drew it (its header and `main`, as HTML), kept beside the
//! kept list ([`super::list_cache`]) so that the next start shows it before the app has even
//! loaded: index.html's script puts it in place of the loading screen while the page is still
//! being parsed, inert (nothing in it can be focused or clicked), and the app takes its place
//! once it has started, drawing the same rows from the kept list.
//!
//! It is the app's own drawing, not a second renderer to keep in step with the table: what the
//! script shows is what the app showed. It follows the kept list's rules — the session's own
//! storage, dropped at every sign-in and sign-out and whenever the kept list changes without the
//! list page drawn (a rename or a delete elsewhere), never for the demo — and holds no token
//! (the list page shows none). What changes with time ("Updated 12 s ago") is left blank in it.
//! It is shown only by the build that drew it (see [`encode`]): after a deploy, the markup and
//! the style sheet may no longer match.
//!
//! Pure: the encoding and its limits, with host tests; `SessionState` stores it, the list page
//! takes it from the DOM (`browser::list_page_drawing`), index.html's script reads it (e2e:
//! `e2e/tests/list-paint.spec.ts`).

use serde::Serialize;

/// Where it is kept (index.html's script reads the same key).
pub const KEY: &str = "dbconsole.paint";

/// The longest drawing kept. A page of rows is about 20 KB; anything much longer is not the list
/// page's first screen, and storage is shared with the kept list.
pub const MAX_HTML_BYTES: usize = 256 * 1024;

/// Bumped when the page's markup changes in a way the script cannot show: index.html's script
/// shows only this version.
const VERSION: u32 = 1;

/// What index.html's script reads: `{"v":1,"build":"…","html":"…"}`.
#[derive(Serialize)]
struct Stored<'a> {
    v: u32,
    build: &'a str,
    html: &'a str,
}

/// The drawing as stored, or `None` when it is empty or too long to keep. `build` says which
/// build drew it: the `href` of the page's first `<link rel="modulepreload">` (the app's
/// content-hashed module) as written in the page, `""` without one
/// (`browser::first_module_preload`); index.html's script reads the page being parsed the same
/// way and shows a drawing of its own build only.
pub fn encode(build: &str, html: &str) -> Option<String> {
    if html.trim().is_empty() || html.len() > MAX_HTML_BYTES {
        return None;
    }
    serde_json::to_string(&Stored {
        v: VERSION,
        build,
        html,
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_is_kept_in_the_shape_the_page_script_reads() {
        let html = r#"<header class="app-header">…</header><main id="main"><h1>Databases</h1><p>"quoted" & <b>bold</b></p></main>"#;
        let build = "/dbconsole-6b31c1255a45b422.js";
        let text = encode(build, html).expect("kept");
        // The shape index.html's script reads.
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(value["v"], 1);
        assert_eq!(value["build"], build);
        assert_eq!(value["html"], html);
    }

    #[test]
    fn nothing_and_too_much_are_not_kept() {
        assert_eq!(encode("", ""), None);
        assert_eq!(encode("", "  \n"), None);
        assert!(encode("", &"x".repeat(MAX_HTML_BYTES)).is_some());
        assert_eq!(encode("", &"x".repeat(MAX_HTML_BYTES + 1)), None);
    }
}
