//! The status bar: format, path, saved state, and the last notice or error.

use yew::prelude::*;

use crate::state::AppContext;

#[component]
pub fn StatusBar() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let doc = ctx.document.as_ref();
    let (state_text, state_class) = match doc {
        _ if ctx.busy => ("Working…", "busy"),
        Some(d) if d.dirty => ("Unsaved", "dirty"),
        Some(_) => ("Saved", "saved"),
        None => ("", ""),
    };
    html! {
        <footer class="status-bar" data-testid="status">
            if let Some(doc) = doc {
                <span class="status-format" data-testid="status-format">{doc.format.to_uppercase()}</span>
                <span class="status-path" data-testid="status-path">{doc.path.clone()}</span>
            }
            <span class={classes!("status-state", state_class)} data-testid="status-state"
                  data-state={state_class}>{state_text}</span>
            <span class="status-spacer" />
            if let Some(error) = ctx.error.as_ref() {
                <span class="status-error" data-testid="status-error">{error.to_string()}</span>
            } else if let Some(notice) = ctx.notice.as_ref() {
                <span class="status-notice" data-testid="status-notice">{notice.clone()}</span>
            }
        </footer>
    }
}
