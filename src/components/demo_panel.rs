use leptos::prelude::*;

use crate::browser;
use crate::components::dialog::ConfirmDialog;
use crate::demo::{self, Fault, Faults};
use crate::state::announce::Tone;
use crate::state::use_session;

/// The banner every demo page carries, with **Reset demo** (which asks first: it cannot be
/// undone) and, behind **Demo controls**, the faults to inject into the next requests. Escape
/// closes the controls and gives focus back to their button.
///
/// `confirming` is the question's open state; the shell passes its own, so the palette's
/// **Reset demo** asks the same question.
#[component]
pub fn DemoPanel(#[prop(optional)] confirming: Option<RwSignal<bool>>) -> impl IntoView {
    let state = use_session();
    let open = RwSignal::new(false);
    let confirming = confirming.unwrap_or_else(|| RwSignal::new(false));
    let faults = Signal::derive(demo::faults_tracked);
    let apply = move |change: &dyn Fn(&mut Faults)| {
        let mut next = demo::faults();
        change(&mut next);
        demo::set_faults(next);
    };
    let reset = Callback::new(move |()| {
        demo::reset();
        // What this tab created is gone: a 404 for it now means "not found", not "not yet".
        state.forget_all_created();
        state.reload_data();
        state.announce(
            Tone::Success,
            "The demo was reset: the example databases are back and no fault is injected.",
            None,
        );
    });
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked() {
            event.prevent_default();
            open.set(false);
            browser::focus_id("demo-controls-toggle", false);
        }
    };
    view! {
        <section class="demo-banner" aria-label="Demo">
            <div class="demo-banner__inner">
                <p>
                    <strong>"Demo"</strong>
                    " — no account, no network: the data stays in this browser."
                </p>
                <div class="demo-banner__actions">
                    <button
                        type="button"
                        class="button button--quiet button--small"
                        on:click=move |_| confirming.set(true)
                    >
                        "Reset demo"
                    </button>
                    <button
                        type="button"
                        id="demo-controls-toggle"
                        class="button button--quiet button--small"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="demo-controls"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        "Demo controls"
                    </button>
                </div>
            </div>
            <div
                id="demo-controls"
                class="demo-controls"
                hidden=move || !open.get()
                on:keydown=close_on_escape
            >
                <div class="field">
                    <label for="demo-latency">"Latency"</label>
                    <select
                        id="demo-latency"
                        prop:value=move || faults.get().latency_ms.to_string()
                        on:change=move |ev| {
                            let ms = event_target_value(&ev).parse().unwrap_or(0);
                            apply(&|f: &mut Faults| f.latency_ms = ms);
                        }
                    >
                        <option value="0">"None"</option>
                        <option value="300">"300 ms"</option>
                        <option value="1500">"1.5 s"</option>
                        <option value="5000">"5 s"</option>
                    </select>
                </div>
                <div class="field field--inline">
                    <input
                        type="checkbox"
                        id="demo-offline"
                        prop:checked=move || faults.get().offline
                        on:change=move |ev| {
                            let offline = event_target_checked(&ev);
                            apply(&|f: &mut Faults| f.offline = offline);
                        }
                    />
                    <label for="demo-offline">"Offline"</label>
                </div>
                <div class="field">
                    <label for="demo-next-status">"Next request fails with"</label>
                    <select
                        id="demo-next-status"
                        prop:value=move || faults.get().next.map(Fault::code).unwrap_or_default()
                        on:change=move |ev| {
                            let fault = Fault::from_code(&event_target_value(&ev));
                            apply(&|f: &mut Faults| f.next = fault);
                        }
                    >
                        <option value="">"Nothing (answer normally)"</option>
                        {Fault::all()
                            .into_iter()
                            .map(|fault| view! { <option value=fault.code()>{fault.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <p class="hint" role="status">
                    {move || {
                        let f = faults.get();
                        let mut parts = Vec::new();
                        if f.latency_ms > 0 { parts.push(format!("{} ms latency", f.latency_ms)); }
                        if f.offline { parts.push("offline".to_string()); }
                        if let Some(fault) = f.next { parts.push(format!("next request gets: {}", fault.label())); }
                        if parts.is_empty() { "No fault injected.".to_string() } else { format!("In force: {}.", parts.join(", ")) }
                    }}
                </p>
            </div>
            <ConfirmDialog
                open=confirming
                id="reset-demo"
                title="Reset the demo?"
                confirm_label="Reset demo"
                on_confirm=reset
            >
                <p>
                    "Every database created, renamed or deleted in the demo goes back to the "
                    "spec's two examples, and the injected faults are cleared. This cannot be undone."
                </p>
            </ConfirmDialog>
        </section>
    }
}
