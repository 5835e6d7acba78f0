use leptos::prelude::*;

use crate::api::retry::MAX_ATTEMPTS;
use crate::browser;
use crate::state::use_session;

/// Says, while it happens, that a read failed for a passing reason and will be tried again,
/// with **Stop retrying**.
#[component]
pub fn RetryNotice() -> impl IntoView {
    let state = use_session();
    view! {
        <div class="retry-notice" role="status" aria-live="polite">
            {move || state.retry_notice().map(|notice| view! {
                <div class="notice retry-notice__body">
                    <p class="notice__title">
                        <span aria-hidden="true">"↻"</span>
                        {format!(
                            " Trying again in {:.1} s (try {} of {MAX_ATTEMPTS})",
                            f64::from(notice.wait_ms) / 1000.0,
                            notice.next_attempt,
                        )}
                    </p>
                    <p>{notice.reason}</p>
                    <button
                        type="button"
                        class="button button--quiet button--small"
                        on:click=move |_| {
                            state.stop_retrying();
                            // The button goes; what replaces it is the read's failure.
                            browser::focus_result("main .notice--error".into(), "main h1");
                        }
                    >
                        "Stop retrying"
                    </button>
                </div>
            })}
        </div>
    }
}
