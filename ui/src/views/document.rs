//! The document view: the structured outline and the source text side by side.

use yew::prelude::*;

use crate::components::outline::Outline;
use crate::components::source::SourceView;
use crate::state::AppContext;

#[component]
pub fn DocumentView() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let Some(doc) = ctx.document.clone() else {
        let message = if ctx.busy {
            "Opening…"
        } else if ctx.workspace.as_ref().is_some_and(|w| w.files.is_empty()) {
            "This folder has no configuration files yet."
        } else {
            "Choose a file on the left."
        };
        return html! { <div class="empty" data-testid="empty-state">{message}</div> };
    };
    let highlight = ctx.selected_pointer.as_ref().and_then(|p| find_line(&doc.outline, p));
    html! {
        <div class="document" data-testid="document" data-path={doc.path.clone()}>
            <header class="document-header">
                <h1 class="document-title">{doc.path.clone()}</h1>
                if doc.dirty {
                    <span class="pill dirty" data-testid="dirty-indicator">{"Unsaved"}</span>
                }
            </header>
            <div class="panes">
                <section class="pane outline-pane">
                    <div class="pane-title">{"Structure"}</div>
                    <Outline root={doc.outline.clone()} truncated={doc.outline_truncated} />
                </section>
                <section class="pane source-pane">
                    <div class="pane-title">{"Source"}</div>
                    <SourceView text={AttrValue::from(doc.text.clone())} highlight_line={highlight} />
                </section>
            </div>
        </div>
    }
}

fn find_line(node: &trellis_protocol::OutlineNode, pointer: &str) -> Option<u32> {
    if node.pointer == pointer {
        return Some(node.line);
    }
    node.children.iter().find_map(|c| find_line(c, pointer))
}
