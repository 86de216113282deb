//! The in-app dialog shown when the window is closed with unsaved documents.

use yew::prelude::*;

use crate::state::{self, Action, AppContext};

#[component]
pub fn CloseDialog() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let Some(paths) = ctx.close_prompt.clone() else {
        return html! {};
    };
    let names = paths.join(", ");
    // Text typed in the source view that does not parse cannot be saved: say so.
    let unparsed = ctx
        .pending_text
        .as_ref()
        .filter(|p| paths.contains(&p.path))
        .map(|p| p.path.clone());
    let save = {
        let ctx = ctx.clone();
        let paths = paths.clone();
        Callback::from(move |_| state::save_all_and_close(&ctx, paths.clone()))
    };
    let discard = {
        let ctx = ctx.clone();
        Callback::from(move |_| state::discard_and_close(&ctx))
    };
    let cancel = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::CancelClose))
    };
    html! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" data-testid="close-dialog">
                <h2>{"Unsaved changes"}</h2>
                <p>{format!("Discard unsaved changes to {names}?")}</p>
                if let Some(path) = unparsed {
                    <p class="modal-warning" data-testid="close-unparsed">{format!(
                        "The text typed in the source view of {path} does not parse, so Save cannot write it: Cancel to fix it, or Discard it."
                    )}</p>
                }
                <div class="modal-actions">
                    <button class="button" data-testid="close-cancel" onclick={cancel}>{"Cancel"}</button>
                    <button class="button danger" data-testid="close-discard" onclick={discard}>{"Discard"}</button>
                    <button class="button primary" data-testid="close-save" onclick={save}>{"Save"}</button>
                </div>
            </div>
        </div>
    }
}
