//! The structured view of a document: a collapsible tree of keys and values, with scalar
//! values editable in place (click, type, Enter to apply, Escape to cancel). A node with
//! problems carries a badge; its ancestors a quieter dot.

use serde_json::Value;
use trellis_protocol::{EditRequest, OutlineNode, ValueKind};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::problems::severity_name;
use crate::state::{self, Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct OutlineProps {
    pub root: OutlineNode,
    pub truncated: bool,
    /// Values can be edited in place (not while the text does not parse).
    #[prop_or(true)]
    pub editable: bool,
}

#[component]
pub fn Outline(props: &OutlineProps) -> Html {
    let rows = if props.root.children.is_empty() && is_container(props.root.kind) {
        html! { <p class="muted">{"The document is empty."}</p> }
    } else if is_container(props.root.kind) {
        props
            .root
            .children
            .iter()
            .map(|c| html! { <Row key={c.pointer.clone()} node={c.clone()} depth={0} editable={props.editable} /> })
            .collect::<Html>()
    } else {
        html! { <Row node={props.root.clone()} depth={0} editable={props.editable} /> }
    };
    html! {
        <div class="outline" role="tree" data-testid="outline">
            {rows}
            if props.truncated {
                <p class="muted" data-testid="outline-truncated">{"This document is large; the structure view stops here."}</p>
            }
        </div>
    }
}

fn is_container(kind: ValueKind) -> bool {
    matches!(kind, ValueKind::Object | ValueKind::Array)
}

#[derive(Properties, PartialEq)]
struct RowProps {
    node: OutlineNode,
    depth: u32,
    editable: bool,
}

#[component]
fn Row(props: &RowProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let node = &props.node;
    let container = is_container(node.kind);
    let expandable = container && !node.children.is_empty();
    let collapsed = ctx.collapsed.contains(&node.pointer);
    let selected = ctx.selected_pointer.as_deref() == Some(node.pointer.as_str());
    let row_ref = use_node_ref();
    {
        // Bring the row into view when a jump to a problem selected it.
        let row_ref = row_ref.clone();
        use_effect_with((selected, ctx.reveal), move |(selected, reveal)| {
            if *selected && *reveal > 0 {
                if let Some(row) = row_ref.cast::<web_sys::Element>() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    row.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }
    let marks = ctx.problems.as_ref().and_then(|p| p.at.get(&node.pointer));
    let within = ctx
        .problems
        .as_ref()
        .and_then(|p| p.below.get(&node.pointer).copied());
    let badge = match marks {
        Some(marks) => {
            let severity = severity_name(marks.severity);
            html! {
                <span class={classes!("outline-badge", severity)} data-testid="outline-badge"
                      data-severity={severity} title={marks.messages.join("\n")}>
                    {marks.messages.len()}
                </span>
            }
        }
        // A folded node shows what it hides as clearly as the node itself would.
        None => match within {
            Some(severity) => {
                let name = severity_name(severity);
                html! {
                    <span class={classes!("outline-dot", name, collapsed.then_some("folded"))}
                          data-testid="outline-badge-within" data-severity={name}
                          title={format!("Contains {}s", name)} />
                }
            }
            None => html! {},
        },
    };

    let toggle = {
        let ctx = ctx.clone();
        let pointer = node.pointer.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            ctx.dispatch(Action::ToggleCollapsed(pointer.clone()));
        })
    };
    let select = {
        let ctx = ctx.clone();
        let pointer = node.pointer.clone();
        Callback::from(move |_| ctx.dispatch(Action::SelectPointer(pointer.clone())))
    };
    let key = node.key.clone().unwrap_or_default();
    let is_index = key.parse::<usize>().is_ok() && node.pointer.ends_with(&format!("/{key}"));

    html! {
        <div class="tree-node" role="treeitem" aria-expanded={container.then(|| (!collapsed).to_string())}>
            <div ref={row_ref}
                 class={classes!("tree-row", selected.then_some("selected"),
                                 marks.map(|m| format!("has-{}", severity_name(m.severity))))}
                 style={format!("padding-left: {}px", 8 + props.depth * 16)}
                 data-testid="tree-row" data-pointer={node.pointer.clone()} onclick={select}>
                if expandable {
                    <button class={classes!("twisty", collapsed.then_some("collapsed"))}
                            data-testid="tree-toggle" title={if collapsed { "Expand" } else { "Collapse" }}
                            onclick={toggle}>{"▾"}</button>
                } else {
                    <span class="twisty-space" />
                }
                <span class={classes!("tree-key", is_index.then_some("index"))}>{key}</span>
                if container {
                    <span class="tree-summary">{summary(node)}</span>
                } else {
                    <ScalarValue node={node.clone()} editable={props.editable} />
                }
                {badge}
            </div>
            if expandable && !collapsed {
                <div role="group">
                    { for node.children.iter().map(|c| html! {
                        <Row key={c.pointer.clone()} node={c.clone()} depth={props.depth + 1} editable={props.editable} />
                    }) }
                </div>
            }
        </div>
    }
}

fn summary(node: &OutlineNode) -> String {
    let n = node.len;
    match node.kind {
        ValueKind::Array if n == 0 => "[]".into(),
        ValueKind::Object if n == 0 => "{}".into(),
        ValueKind::Array => format!("[{n} {}]", if n == 1 { "item" } else { "items" }),
        _ => format!("{{{n} {}}}", if n == 1 { "key" } else { "keys" }),
    }
}

/// Text shown for a scalar, and the text its editor starts with.
fn display(node: &OutlineNode) -> String {
    match (&node.value, node.kind) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(v), _) => v.to_string(),
        (None, ValueKind::Null) => "null".into(),
        (None, _) => String::new(),
    }
}

/// What the user typed: JSON when it parses as JSON, otherwise the text as a string.
fn parse_input(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

#[derive(Properties, PartialEq)]
struct ScalarProps {
    node: OutlineNode,
    editable: bool,
}

#[component]
fn ScalarValue(props: &ScalarProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let editing = use_state(|| false);
    let input_ref = use_node_ref();
    let node = &props.node;
    // A single-line field would drop the line breaks of a multi-line string.
    let multi_line = matches!(&node.value, Some(Value::String(s)) if s.contains('\n'));
    let editable = props.editable && node.kind != ValueKind::Alias && !multi_line;

    {
        // The field is filled once, when editing starts, and is not bound to the node's value
        // afterwards: a re-render while the user types (a validation result arriving, say)
        // must not put the old value back under their cursor.
        let input_ref = input_ref.clone();
        let initial = display(node);
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    input.set_value(&initial);
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    if *editing {
        let onkeydown = {
            let ctx = ctx.clone();
            let editing = editing.clone();
            let pointer = node.pointer.clone();
            let old = node.value.clone();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let Some(input) = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    else {
                        return;
                    };
                    let value = parse_input(&input.value());
                    editing.set(false);
                    if old.as_ref() != Some(&value) {
                        state::edit(
                            &ctx,
                            EditRequest::Set {
                                pointer: pointer.clone(),
                                value,
                            },
                        );
                    }
                }
                "Escape" => {
                    e.prevent_default();
                    editing.set(false);
                }
                _ => {}
            })
        };
        let onblur = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(false))
        };
        let onclick = Callback::from(|e: MouseEvent| e.stop_propagation());
        return html! {
            <input ref={input_ref} class="value-editor" data-testid="value-editor"
                   data-pointer={node.pointer.clone()} spellcheck="false"
                   {onkeydown} {onblur} {onclick} />
        };
    }

    let start = {
        let editing = editing.clone();
        let ctx = ctx.clone();
        let pointer = node.pointer.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            ctx.dispatch(Action::SelectPointer(pointer.clone()));
            if editable {
                editing.set(true);
            }
        })
    };
    let keyboard_start = {
        let editing = editing.clone();
        let ctx = ctx.clone();
        let pointer = node.pointer.clone();
        Callback::from(move |e: KeyboardEvent| {
            if editable && (e.key() == "Enter" || e.key() == "F2") {
                e.prevent_default();
                ctx.dispatch(Action::SelectPointer(pointer.clone()));
                editing.set(true);
            }
        })
    };
    let kind = format!("kind-{}", kind_name(node.kind));
    let text = display(node);
    html! {
        <span class={classes!("tree-value", kind, editable.then_some("editable"))}
              data-testid="tree-value" data-pointer={node.pointer.clone()}
              tabindex={editable.then_some("0")} onkeydown={keyboard_start}
              title={if editable { "Click (or Enter) to edit".to_string() } else { text.clone() }} onclick={start}>
            if text.is_empty() { <span class="muted">{"(empty)"}</span> } else { {text} }
        </span>
    }
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Null => "null",
        ValueKind::Bool => "bool",
        ValueKind::Number => "number",
        ValueKind::String => "string",
        ValueKind::Array => "array",
        ValueKind::Object => "object",
        ValueKind::Alias => "alias",
    }
}
