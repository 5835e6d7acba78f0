use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::dialog::use_modal;
use crate::rules::shortcuts::HELP;

/// The **Keyboard shortcuts** dialog (`?`): every shortcut, from the same list the keys are
/// read by, and **Close** (Escape closes too; focus starts on the title and goes back where it
/// was).
#[component]
pub fn ShortcutsHelp(
    /// True while shown: the shell mounts the dialog when it turns true, and the dialog sets it
    /// back to false once closed.
    open: RwSignal<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    // Focus on its title, not on Close: on a small screen the list is taller than the window,
    // and focus at the bottom would scroll the title out of view.
    let restore_focus = use_modal(dialog, open.into(), "#shortcuts-title");
    view! {
        <dialog
            node_ref=dialog
            class="dialog dialog--shortcuts"
            aria-labelledby="shortcuts-title"
            on:close=move |_| {
                restore_focus();
                // Last: this unmounts the dialog.
                open.set(false);
            }
        >
            <h2 id="shortcuts-title" tabindex="-1">"Keyboard shortcuts"</h2>
            <p class="hint">"None of them works while typing in a field, except Ctrl+K and ⌘K."</p>
            <dl class="shortcuts">
                {HELP
                    .iter()
                    .map(|(keys, what)| {
                        let last = keys.len().saturating_sub(1);
                        // Ctrl + K is one chord; g then d is two presses.
                        let joiner = if keys.first().is_some_and(|k| k.len() > 1 || *k == "⌘") {
                            " + "
                        } else {
                            " then "
                        };
                        view! {
                            <div class="shortcuts__row">
                                <dt>
                                    {keys
                                        .iter()
                                        .enumerate()
                                        .map(|(at, key)| view! {
                                            <kbd>{*key}</kbd>
                                            {(at < last).then_some(joiner)}
                                        })
                                        .collect_view()}
                                </dt>
                                <dd>{*what}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <div class="form__actions">
                <button type="button" class="button" data-close="" on:click=move |_| {
                    // Closed by the element, so its `close` event gives focus back.
                    if let Some(element) = dialog.get_untracked() {
                        element.close();
                    }
                }>
                    "Close"
                </button>
            </div>
        </dialog>
    }
}
