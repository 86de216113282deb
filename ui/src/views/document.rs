//! The document view: the structured outline and the source text side by side, and the
//! problems panel below them.

use yew::prelude::*;

use crate::components::assistant::AssistantPanel;
use crate::components::canvas::Canvas;
use crate::components::compare::CompareView;
use crate::components::history::HistoryPanel;
use crate::components::outline::Outline;
use crate::components::problems::ProblemsPanel;
use crate::components::source::SourceView;
use crate::components::source_editor::{SourceEditor, MAX_EDITABLE_BYTES};
use crate::state::{self, AppContext};

/// How the document is shown: as text (structure and source) or on the design canvas.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Canvas,
}

#[component]
pub fn DocumentView() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let mode = use_state(|| Mode::Text);
    let assistant_open = use_state(|| false);
    // The source is being edited in the Text view; shown beside the canvas in the Canvas view.
    let editing = use_state(|| false);
    let source_beside = use_state(|| false);
    let Some(doc) = ctx.document.clone() else {
        let message = if let (Some(path), Some(_)) = (&ctx.selected_path, &ctx.error) {
            format!("{path} could not be opened. Fix the file, then select it again.")
        } else if ctx.busy {
            "Opening…".to_string()
        } else if ctx.workspace.as_ref().is_some_and(|w| w.files.is_empty()) {
            "This folder has no configuration files yet.".to_string()
        } else {
            "Choose a file on the left.".to_string()
        };
        return html! { <div class="empty" data-testid="empty-state">{message}</div> };
    };
    let switch = |to: Mode| {
        let mode = mode.clone();
        Callback::from(move |_: MouseEvent| mode.set(to))
    };
    let action = |run: fn(&AppContext)| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| run(&ctx))
    };
    let commit_message = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                ctx.dispatch(state::Action::SetCommitMessage(input.value()));
            }
        })
    };
    let close_version = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(state::Action::CloseVersion))
    };
    let reload = {
        let ctx = ctx.clone();
        let path = doc.path.clone();
        Callback::from(move |_: MouseEvent| state::open_document(&ctx, path.clone()))
    };
    // Typing is for documents that parse and are not huge.
    let editable = doc.syntax_error.is_none() && doc.text.len() <= MAX_EDITABLE_BYTES;
    let toggle_editing = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let highlight = ctx.focus_line.or_else(|| {
        ctx.selected_pointer
            .as_ref()
            .and_then(|p| find_line(&doc.outline, p))
    });
    html! {
        <div class="document" data-testid="document" data-path={doc.path.clone()}>
            <header class="document-header">
                <h1 class="document-title">{doc.path.clone()}</h1>
                <span class="badge">{doc.format.clone()}</span>
                if doc.dirty {
                    <span class="pill dirty" data-testid="dirty-indicator">{"Unsaved"}</span>
                }
                <div class="view-switch" role="tablist" aria-label="View">
                    <button class={classes!("tab", (*mode == Mode::Text).then_some("active"))} role="tab"
                            data-testid="view-text" onclick={switch(Mode::Text)}>{"Text"}</button>
                    <button class={classes!("tab", (*mode == Mode::Canvas).then_some("active"))} role="tab"
                            data-testid="view-canvas" onclick={switch(Mode::Canvas)}>{"Canvas"}</button>
                </div>
                <div class="header-actions">
                    if *mode == Mode::Canvas && editable {
                        <button class={classes!("button", "small", (*source_beside).then_some("active"))}
                                data-testid="canvas-source-toggle" title="Show the source beside the canvas"
                                aria-pressed={source_beside.to_string()}
                                onclick={{ let s = source_beside.clone(); Callback::from(move |_: MouseEvent| s.set(!*s)) }}>{"Source"}</button>
                    }
                    <button class={classes!("button", "small", (*assistant_open).then_some("active"))}
                            data-testid="assistant-toggle" title="Ask the assistant about this file"
                            aria-pressed={assistant_open.to_string()}
                            onclick={{ let open = assistant_open.clone(); Callback::from(move |_: MouseEvent| open.set(!*open)) }}>
                        {"Assistant"}</button>
                    <button class="button small" data-testid="undo" title="Undo (Ctrl+Z)"
                            disabled={!doc.can_undo} onclick={action(state::undo)}>{"Undo"}</button>
                    <button class="button small" data-testid="redo" title="Redo (Ctrl+Shift+Z)"
                            disabled={!doc.can_redo} onclick={action(state::redo)}>{"Redo"}</button>
                    if doc.dirty {
                        <input class="commit-message" data-testid="commit-message" spellcheck="false"
                               placeholder="Commit message (optional)" value={ctx.commit_message.clone()}
                               oninput={commit_message} />
                    }
                    <button class="button small" data-testid="history" title="The commits of this file"
                            onclick={action(state::show_history)}>{"History"}</button>
                    <button class="button small" data-testid="compare" title="Compare the unsaved text with the file on disk"
                            disabled={!doc.dirty} onclick={action(state::compare_with_saved)}>{"Compare"}</button>
                    <button class="button small primary" data-testid="save" title="Save (Ctrl+S)"
                            disabled={!doc.dirty} onclick={action(state::save)}>{"Save"}</button>
                </div>
            </header>
            if let Some(e) = &doc.syntax_error {
                <div class="banner syntax" role="status" data-testid="syntax-banner">
                    <span class="banner-icon">{"!"}</span>
                    <div class="banner-text">
                        <span class="banner-place" data-testid="syntax-location">
                            {format!("{}:{}:{}", doc.path, e.line, e.column)}
                        </span>
                        <span>{format!("This file does not parse: {}.", e.message)}</span>
                        <span class="muted">{"Editing is off until it does. Fix it in your editor, then reload."}</span>
                    </div>
                    <button class="button small" data-testid="reload" onclick={reload}>{"Reload"}</button>
                </div>
            }
            <div class="document-body">
                <div class="document-main">
                    if let Some((label, text)) = ctx.viewing.clone() {
                        <div class="version-view" data-testid="version-view">
                            <div class="compare-header">
                                <span class="compare-side" data-testid="version-label">{label}</span>
                                <span class="muted">{"read-only"}</span>
                                <span class="status-spacer" />
                                <button class="button small" data-testid="version-close"
                                        onclick={close_version}>{"Close"}</button>
                            </div>
                            <SourceView text={AttrValue::from(text)} highlight_line={None::<u32>} />
                        </div>
                    } else if let Some(comparison) = ctx.comparison.clone() {
                        <CompareView {comparison} />
                    } else if *mode == Mode::Canvas {
                        <div class="canvas-with-source">
                            <Canvas path={AttrValue::from(doc.path.clone())} text={AttrValue::from(doc.text.clone())}
                                    revision={ctx.history_rev} />
                            if *source_beside && editable {
                                <section class="pane source-pane side-source" data-testid="canvas-source">
                                    <div class="pane-title">{"Source"}</div>
                                    <SourceEditor path={AttrValue::from(doc.path.clone())} text={AttrValue::from(doc.text.clone())} />
                                </section>
                            }
                        </div>
                    } else {
                    <div class="panes">
                        <section class="pane outline-pane">
                            <div class="pane-title">{"Structure"}</div>
                            if let Some(e) = &doc.syntax_error {
                                if e.outline_through > 0 {
                                    <p class="outline-partial muted" data-testid="outline-partial">
                                        {format!("Lines 1–{} (the file does not parse after that):", e.outline_through)}
                                    </p>
                                } else {
                                    <p class="outline-partial muted" data-testid="outline-partial">
                                        {"Nothing to show until the file parses."}
                                    </p>
                                }
                            }
                            if doc.syntax_error.as_ref().is_none_or(|e| e.outline_through > 0) {
                                <Outline root={doc.outline.clone()} truncated={doc.outline_truncated}
                                         editable={doc.syntax_error.is_none()} />
                            }
                        </section>
                        <section class="pane source-pane">
                            <div class="pane-title">
                                {"Source"}
                                if editable {
                                    <button class={classes!("button", "small", "ghost", "pane-action", (*editing).then_some("active"))}
                                            data-testid="source-edit" onclick={toggle_editing.clone()}
                                            title={if *editing { "Back to the annotated view" } else { "Type in the source" }}>
                                        {if *editing { "Done" } else { "Edit" }}</button>
                                }
                            </div>
                            if *editing && editable {
                                <SourceEditor path={AttrValue::from(doc.path.clone())} text={AttrValue::from(doc.text.clone())} />
                            } else {
                                <SourceView text={AttrValue::from(doc.text.clone())} highlight_line={highlight}
                                            reveal={ctx.reveal} problems={ctx.problems.clone()} />
                            }
                        </section>
                    </div>
                    }
                </div>
                if let Some(entries) = ctx.history.clone() {
                    <HistoryPanel {entries} />
                }
                if *assistant_open {
                    <AssistantPanel path={AttrValue::from(doc.path.clone())}
                                    on_close={{ let open = assistant_open.clone(); Callback::from(move |()| open.set(false)) }} />
                }
            </div>
            <ProblemsPanel />
        </div>
    }
}

fn find_line(node: &trellis_protocol::OutlineNode, pointer: &str) -> Option<u32> {
    if node.pointer == pointer {
        return Some(node.line);
    }
    node.children.iter().find_map(|c| find_line(c, pointer))
}
