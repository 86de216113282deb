//! The editable source view: the document's text in a plain text area. What the user types is
//! sent (after a short pause, one text at a time, so texts apply in the order typed) and
//! becomes one undoable step; the structure, the canvas and the inspector follow. Text that
//! does not parse is kept here, not applied, with its syntax error and a way to jump to it.
//!
//! Changes made elsewhere (the canvas, the form, the assistant, undo) replace the text
//! without moving the user's cursor: the selection is carried through the change (positions
//! before it stay, positions after it shift by its length).

use std::cell::RefCell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::state::{self, AppContext};

/// Height of a line of the text area in CSS pixels (`.source-editor-text` in `style.css`).
const LINE_HEIGHT: f64 = 20.0;
/// The text area's top padding in CSS pixels.
const PADDING_TOP: f64 = 8.0;

/// The pause after the last keystroke before the text is sent.
const TYPING_PAUSE_MS: i32 = 300;

/// Texts larger than this are not edited here (a text area of tens of megabytes freezes the
/// window); the read-only view shows them.
pub const MAX_EDITABLE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Properties, PartialEq)]
pub struct SourceEditorProps {
    pub path: AttrValue,
    /// The document's text as the backend has it.
    pub text: AttrValue,
}

/// What the editor tracks between renders.
#[derive(Default)]
struct Sync {
    /// The last text the editor sent or adopted from the document.
    known: String,
    /// A text is on its way to the backend.
    sending: bool,
    /// Bumped by every keystroke: only the latest pause sends.
    typed: u64,
}

/// Where `pos` (UTF-16 units in `old`) lands in `new`: unchanged before the changed part,
/// shifted by the change's length after it, at the end of the new part inside it.
pub fn carry(old: &[u16], new: &[u16], pos: usize) -> usize {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    if pos <= prefix {
        pos
    } else if pos >= old.len() - suffix {
        pos + new.len() - old.len()
    } else {
        new.len() - suffix
    }
}

fn area(node: &NodeRef) -> Option<web_sys::HtmlTextAreaElement> {
    node.cast::<web_sys::HtmlTextAreaElement>()
}

/// Sends the text area's text if it differs from what the backend has; sends again when
/// the user typed more while it was on its way.
fn send(ctx: AppContext, path: String, node: NodeRef, sync: Rc<RefCell<Sync>>) {
    let Some(text) = area(&node).map(|a| a.value()) else {
        return;
    };
    {
        let mut s = sync.borrow_mut();
        if s.sending || text == s.known {
            return;
        }
        s.sending = true;
        s.known = text.clone();
    }
    spawn_local(async move {
        state::apply_typed_text(&ctx, path.clone(), text).await;
        sync.borrow_mut().sending = false;
        send(ctx, path, node, sync);
    });
}

#[component]
pub fn SourceEditor(props: &SourceEditorProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let node = use_node_ref();
    let sync = use_mut_ref(Sync::default);
    let caret = use_state(|| (1usize, 1usize));
    // The gutter: the text area's scroll position, height and line count.
    let view = use_state(|| (0.0f64, 600.0f64, props.text.lines().count().max(1)));
    let path = props.path.to_string();
    let pending = ctx
        .pending_text
        .clone()
        .filter(|p| p.path == props.path.as_str());

    // First show: the text typed earlier and not applied yet, else the document's.
    {
        let (node, sync, pending) = (node.clone(), sync.clone(), pending.clone());
        let text = props.text.to_string();
        use_effect_with(props.path.clone(), move |_| {
            if let Some(a) = area(&node) {
                let shown = pending.map_or(text.clone(), |p| p.text.clone());
                a.set_value(&shown);
                sync.borrow_mut().known = shown;
            }
        });
    }
    // The document changed: unless the change is the user's own typing coming back, carry
    // the selection through it.
    {
        let (node, sync) = (node.clone(), sync.clone());
        let has_pending = pending.is_some();
        use_effect_with(props.text.clone(), move |text| {
            let Some(a) = area(&node) else { return };
            let current = a.value();
            let mut s = sync.borrow_mut();
            let own = current == text.as_str() || s.known == text.as_str() || s.sending;
            // Typed text that does not parse stays: the user's words are never replaced.
            if own || has_pending {
                if current == text.as_str() {
                    s.known = current;
                }
                return;
            }
            let old: Vec<u16> = current.encode_utf16().collect();
            let new: Vec<u16> = text.encode_utf16().collect();
            let start = a.selection_start().ok().flatten().unwrap_or(0) as usize;
            let end = a.selection_end().ok().flatten().unwrap_or(0) as usize;
            let scroll = a.scroll_top();
            a.set_value(text);
            let (start, end) = (carry(&old, &new, start), carry(&old, &new, end));
            let _ = a.set_selection_range(start as u32, end as u32);
            a.set_scroll_top(scroll);
            s.known = text.to_string();
        });
    }

    let measure = {
        let (node, view) = (node.clone(), view.clone());
        move || {
            if let Some(a) = area(&node) {
                let lines = a.value().split('\n').count().max(1);
                let next = (
                    f64::from(a.scroll_top()),
                    f64::from(a.client_height()),
                    lines,
                );
                if *view != next {
                    view.set(next);
                }
            }
        }
    };
    {
        // The text changed from elsewhere: count its lines again.
        let measure = measure.clone();
        use_effect_with(props.text.clone(), move |_| measure());
    }
    let onscroll = {
        let measure = measure.clone();
        Callback::from(move |_: Event| measure())
    };
    let oninput = {
        let measure = measure.clone();
        let (ctx, node, sync, path) = (ctx.clone(), node.clone(), sync.clone(), path.clone());
        Callback::from(move |_: InputEvent| {
            measure();
            let typed = {
                let mut s = sync.borrow_mut();
                s.typed += 1;
                s.typed
            };
            let (ctx, node, sync, path) = (ctx.clone(), node.clone(), sync.clone(), path.clone());
            spawn_local(async move {
                state::sleep(TYPING_PAUSE_MS).await;
                if sync.borrow().typed == typed {
                    send(ctx, path, node, sync);
                }
            });
        })
    };
    let track_caret = {
        let (node, caret) = (node.clone(), caret.clone());
        move || {
            if let Some(a) = area(&node) {
                let pos = a.selection_start().ok().flatten().unwrap_or(0) as usize;
                let before: Vec<u16> = a.value().encode_utf16().take(pos).collect();
                let before = String::from_utf16_lossy(&before);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                caret.set((line, column));
            }
        }
    };
    let onkeyup = {
        let track = track_caret.clone();
        Callback::from(move |_: KeyboardEvent| track())
    };
    let onclick = {
        let track = track_caret.clone();
        Callback::from(move |_: MouseEvent| track())
    };
    let onkeydown = {
        let has_pending = pending.is_some();
        Callback::from(move |e: KeyboardEvent| {
            // While typed text is not applied, Ctrl+Z belongs to the text area (the
            // document's undo would replace what the user is typing).
            if has_pending && (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("z") {
                e.stop_propagation();
            }
        })
    };
    let go_to_error = {
        let (node, pending) = (node.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(a), Some(p)) = (area(&node), pending.as_ref()) else {
                return;
            };
            let Some(at) = &p.error.location else { return };
            let value = a.value();
            let mut offset = 0usize;
            for (i, line) in value.split_inclusive('\n').enumerate() {
                if i + 1 == at.line as usize {
                    offset += line
                        .chars()
                        .take((at.column as usize).saturating_sub(1))
                        .map(char::len_utf16)
                        .sum::<usize>();
                    break;
                }
                offset += line.encode_utf16().count();
            }
            let _ = a.focus();
            let _ = a.set_selection_range(offset as u32, offset as u32);
        })
    };

    // Line numbers for the rows in view only, each marked with the worst problem on it
    // (while the text shown is the one validated).
    let (scroll, height, lines) = *view;
    let first = (scroll / LINE_HEIGHT).floor() as usize;
    let last = (first + (height / LINE_HEIGHT).ceil() as usize + 2).min(lines);
    let marks: std::collections::HashMap<u32, trellis_protocol::Severity> = if pending.is_none() {
        ctx.problems
            .as_ref()
            .map(|p| {
                let mut m = std::collections::HashMap::new();
                for d in p.diagnostics() {
                    let worst = m.entry(d.line).or_insert(d.severity);
                    *worst = (*worst).min(d.severity);
                }
                m
            })
            .unwrap_or_default()
    } else {
        Default::default()
    };
    let numbers = (first..last).map(|i| {
        let n = i as u32 + 1;
        let class = marks
            .get(&n)
            .map(|s| crate::components::problems::severity_name(*s));
        html! { <div class={classes!("source-editor-no", class)}>{n}</div> }
    });
    let offset = first as f64 * LINE_HEIGHT - scroll + PADDING_TOP;
    html! {
        <div class="source-editor" data-testid="source-editor">
            <div class="source-editor-body">
                <div class="source-editor-gutter" aria-hidden="true">
                    <div style={format!("transform: translateY({offset:.1}px)")}>{for numbers}</div>
                </div>
                <textarea ref={node} class="source-editor-text" data-testid="source-editor-text"
                          spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                          aria-label="Source text" {oninput} {onkeyup} {onclick} {onkeydown} {onscroll} />
            </div>
            <div class="source-editor-status">
                if let Some(p) = &pending {
                    <span class="source-editor-error" role="status" data-testid="source-pending">
                        {match &p.error.location {
                            Some(l) => format!("Line {}, column {}: {} — not applied yet; the structure and canvas show the last text that parsed.", l.line, l.column, p.error.message),
                            None => format!("{} — not applied yet.", p.error.message),
                        }}
                    </span>
                    <button class="button small" data-testid="source-go-to-error" onclick={go_to_error}>{"Go to"}</button>
                } else {
                    <span class="muted" data-testid="source-caret">{format!("Ln {}, Col {}", caret.0, caret.1)}</span>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::carry;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn positions_follow_a_change_before_them_and_stay_before_it() {
        let (old, new) = (u("a: 1\nb: 2\n"), u("a: 10\nb: 2\n"));
        assert_eq!(carry(&old, &new, 2), 2); // before the change
        assert_eq!(carry(&old, &new, 7), 8); // after it: shifted by one
        assert_eq!(carry(&old, &new, old.len()), new.len());
        // Inside a replaced stretch: the end of the new text there.
        let (old, new) = (u("x: abc\n"), u("x: zz\n"));
        assert_eq!(carry(&old, &new, 4), 5);
        // Non-ASCII text counts in UTF-16 units, as the text area does.
        let (old, new) = (u("n: é\nm: 1\n"), u("n: éé\nm: 1\n"));
        assert_eq!(carry(&old, &new, 8), 9);
    }
}
