//! Two versions of a document side by side: the text diff (old on the left, new on the
//! right, in one scrolling grid so both sides always scroll together, changed words marked)
//! and the structural change list (click a change to see it in the text).

use std::rc::Rc;

use trellis_protocol::{ChangeDto, ComparisonDto, DiffLineDto, GraphDto, TextDiffDto};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::graph_view::GraphView;
use crate::state::{Action, AppContext};

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Text,
    Changes,
    Graph,
}

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparison: Rc<ComparisonDto>,
    /// What Close does when the comparison is not the app's own (e.g. a template's change
    /// shown before it is applied); by default it closes the app's comparison.
    #[prop_or_default]
    pub on_close: Option<Callback<()>>,
}

/// One row of the side-by-side grid.
enum Row<'a> {
    /// Unchanged lines left out between hunks: (old first, new first, count).
    Gap(u32, u32, u32),
    Pair(Option<&'a DiffLineDto>, Option<&'a DiffLineDto>),
}

fn rows(text: &TextDiffDto) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    // The first line of each side not shown yet.
    let (mut old_next, mut new_next) = (1u32, 1u32);
    for hunk in &text.hunks {
        // Unified numbering names an empty range by the line before it.
        let old_first = if hunk.old_len == 0 {
            hunk.old_start + 1
        } else {
            hunk.old_start
        };
        let new_first = if hunk.new_len == 0 {
            hunk.new_start + 1
        } else {
            hunk.new_start
        };
        let hidden = old_first.saturating_sub(old_next);
        if hidden > 0 {
            out.push(Row::Gap(old_next, new_next, hidden));
        }
        let mut deleted: Vec<&DiffLineDto> = Vec::new();
        let mut inserted: Vec<&DiffLineDto> = Vec::new();
        for line in &hunk.lines {
            match line.tag.as_str() {
                "delete" => deleted.push(line),
                "insert" => inserted.push(line),
                _ => {
                    pair_up(&mut out, &mut deleted, &mut inserted);
                    out.push(Row::Pair(Some(line), Some(line)));
                }
            }
        }
        pair_up(&mut out, &mut deleted, &mut inserted);
        old_next = old_first + hunk.old_len;
        new_next = new_first + hunk.new_len;
    }
    let rest = (text.old_lines + 1).saturating_sub(old_next);
    if rest > 0 && !text.hunks.is_empty() {
        out.push(Row::Gap(old_next, new_next, rest));
    }
    out
}

/// Deleted lines on the left beside the inserted lines that replace them.
fn pair_up<'a>(
    out: &mut Vec<Row<'a>>,
    deleted: &mut Vec<&'a DiffLineDto>,
    inserted: &mut Vec<&'a DiffLineDto>,
) {
    for k in 0..deleted.len().max(inserted.len()) {
        out.push(Row::Pair(deleted.get(k).copied(), inserted.get(k).copied()));
    }
    deleted.clear();
    inserted.clear();
}

fn line_html(line: Option<&DiffLineDto>, side: &'static str) -> Html {
    let Some(line) = line else {
        return html! {
            <>
                <span class="diff-no empty" />
                <span class="diff-code empty" />
            </>
        };
    };
    let number = if side == "old" {
        line.old_line
    } else {
        line.new_line
    };
    let class = match line.tag.as_str() {
        "delete" => "del",
        "insert" => "ins",
        _ => "same",
    };
    html! {
        <>
            <span class={classes!("diff-no", class)}>{number.map(|n| n.to_string()).unwrap_or_default()}</span>
            <span class={classes!("diff-code", class)}>
                {for line.parts.iter().map(|(text, emphasized)| if *emphasized {
                    html! { <mark class="diff-word">{text.clone()}</mark> }
                } else {
                    html! { {text.clone()} }
                })}
            </span>
        </>
    }
}

#[component]
pub fn CompareView(props: &CompareProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let c = &props.comparison;
    // When no line is shared (another format, say), the data changes say more than the text.
    let no_common_line = !c.text.hunks.is_empty()
        && c.text
            .hunks
            .iter()
            .all(|h| h.lines.iter().all(|l| l.tag != "equal"))
        && c.text.removed == c.text.old_lines
        && c.text.added == c.text.new_lines;
    let opening = if no_common_line && c.structure.as_ref().is_some_and(|s| !s.equal) {
        Tab::Changes
    } else {
        Tab::Text
    };
    let tab = use_state(|| opening);
    // The line a click in the change list asked to see: (old line, new line).
    let focus = use_state(|| None::<(Option<u32>, Option<u32>)>);
    let grid = use_node_ref();
    {
        let grid = grid.clone();
        use_effect_with((*focus, *tab), move |(focus, tab)| {
            let (Some((old, new)), Tab::Text) = (focus, tab) else {
                return;
            };
            let Some(root) = grid.cast::<web_sys::Element>() else {
                return;
            };
            let selector = match (new, old) {
                (Some(n), _) => format!("[data-new-line=\"{n}\"]"),
                (None, Some(o)) => format!("[data-old-line=\"{o}\"]"),
                (None, None) => return,
            };
            if let Ok(Some(row)) = root.query_selector(&selector) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                row.scroll_into_view_with_scroll_into_view_options(&options);
                // Mark the row until the next render (set outside Yew's view of the DOM).
                if let Ok(previous) = root.query_selector_all(".diff-row.focused") {
                    for i in 0..previous.length() {
                        if let Some(el) = previous
                            .item(i)
                            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        {
                            el.set_class_name(&el.class_name().replace(" focused", ""));
                        }
                    }
                }
                row.set_class_name(&format!("{} focused", row.class_name()));
            }
        });
    }

    let close = {
        let ctx = ctx.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| match &on_close {
            Some(on_close) => on_close.emit(()),
            None => ctx.dispatch(Action::CloseComparison),
        })
    };
    let select_tab = |t: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(t))
    };
    let changes = c.structure.as_ref().map_or(0, |s| s.changes.len());
    let summary = match &c.structure {
        Some(s) if s.equal => "The data is the same".to_string(),
        Some(s) => s.summary.clone(),
        None => "One side does not parse: only the text is compared".to_string(),
    };

    let body = match *tab {
        Tab::Text if c.text.hunks.is_empty() => {
            html! { <p class="muted compare-empty" data-testid="compare-same">{"The texts are identical."}</p> }
        }
        Tab::Text => {
            let rows = rows(&c.text);
            html! {
                <div class="diff-grid" data-testid="diff-grid" ref={grid}>
                    {for rows.iter().map(|row| match row {
                        Row::Gap(old, new, n) => {
                            let lines = if *n == 1 { "line" } else { "lines" };
                            let (old_end, new_end) = (old + n - 1, new + n - 1);
                            let place = if old == new {
                                format!("{old}–{old_end}")
                            } else {
                                format!("old {old}–{old_end}, new {new}–{new_end}")
                            };
                            html! {
                                <div class="diff-row gap" data-testid="diff-gap">
                                    {format!("⋯ {n} unchanged {lines} ({place})")}
                                </div>
                            }
                        }
                        Row::Pair(l, r) => {
                            let changed = l.is_some_and(|l| l.tag != "equal") || r.is_some_and(|r| r.tag != "equal");
                            html! {
                                <div class={classes!("diff-row", changed.then_some("changed"))} data-testid="diff-row"
                                     data-old-line={l.and_then(|l| l.old_line).map(|n| n.to_string())}
                                     data-new-line={r.and_then(|r| r.new_line).map(|n| n.to_string())}>
                                    {line_html(*l, "old")}
                                    {line_html(*r, "new")}
                                </div>
                            }
                        }
                    })}
                </div>
            }
        }
        Tab::Graph => match &c.graph {
            Some(graph) => graph_view(graph),
            None => html! { <p class="muted compare-empty">{"No components to draw."}</p> },
        },
        Tab::Changes => match &c.structure {
            None => {
                html! { <p class="muted compare-empty">{"One side does not parse, so there is no data to compare."}</p> }
            }
            Some(s) if s.changes.is_empty() => {
                html! { <p class="muted compare-empty">{"No changes in the data."}</p> }
            }
            Some(s) => html! {
                <ul class="change-list" data-testid="change-list">
                    {for s.changes.iter().map(|change| {
                        let onclick = {
                            let focus = focus.clone();
                            let tab = tab.clone();
                            let at = (change.old_line, change.new_line);
                            Callback::from(move |_: MouseEvent| {
                                tab.set(Tab::Text);
                                focus.set(Some(at));
                            })
                        };
                        change_row(change, onclick)
                    })}
                </ul>
            },
        },
    };

    html! {
        <div class="compare" data-testid="compare">
            <div class="compare-header">
                <div class="compare-sides">
                    <span class="compare-side old" data-testid="compare-old">{c.old_label.clone()}</span>
                    <span class="muted">{"→"}</span>
                    <span class="compare-side new" data-testid="compare-new">{c.new_label.clone()}</span>
                    <span class="compare-stats">
                        <span class="del-count">{format!("−{}", c.text.removed)}</span>
                        <span class="ins-count">{format!("+{}", c.text.added)}</span>
                    </span>
                </div>
                <div class="compare-tabs" role="tablist">
                    <button class={classes!("tab", (*tab == Tab::Text).then_some("active"))} role="tab"
                            data-testid="compare-tab-text" onclick={select_tab(Tab::Text)}>{"Text"}</button>
                    <button class={classes!("tab", (*tab == Tab::Changes).then_some("active"))} role="tab"
                            data-testid="compare-tab-changes" onclick={select_tab(Tab::Changes)}>
                        {format!("Changes ({changes})")}
                    </button>
                    if c.graph.is_some() {
                        <button class={classes!("tab", (*tab == Tab::Graph).then_some("active"))} role="tab"
                                data-testid="compare-tab-graph" onclick={select_tab(Tab::Graph)}>{"Graph"}</button>
                    }
                </div>
                <button class="button small" data-testid="compare-close" onclick={close}>{"Close"}</button>
            </div>
            <div class="compare-summary" data-testid="compare-summary">{summary}</div>
            if !c.text.complete {
                <div class="compare-summary muted">{"These texts are very different: the line diff was simplified to stay fast."}</div>
            }
            {body}
        </div>
    }
}

/// Both sides' components and references, coloured by what the comparison changed (removed
/// ones drawn as ghosts), with zoom and pan.
fn graph_view(graph: &GraphDto) -> Html {
    html! {
        <div class="graph-diff" data-testid="graph-diff">
            <div class="graph-legend">
                <span class="legend added">{"added"}</span>
                <span class="legend changed">{"changed"}</span>
                if !graph.removed.is_empty() {
                    <span class="legend removed" data-testid="graph-removed">
                        {format!("removed: {}", graph.removed.join(", "))}
                    </span>
                }
                <span class="legend-note muted">{"Arrows point at what a component uses. Scroll to zoom, drag to pan."}</span>
            </div>
            <GraphView graph={graph.clone()} />
        </div>
    }
}

fn change_row(change: &ChangeDto, onclick: Callback<MouseEvent>) -> Html {
    let show = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let (icon, detail) = match change.kind.as_str() {
        "added" => ("+", show(&change.new)),
        "removed" => ("−", show(&change.old)),
        "changed" => (
            "~",
            format!("{} → {}", show(&change.old), show(&change.new)),
        ),
        _ => (
            "↷",
            format!("from {}", change.from.clone().unwrap_or_default()),
        ),
    };
    let pointer = if change.pointer.is_empty() {
        "(document)".to_string()
    } else {
        change.pointer.clone()
    };
    html! {
        <li class={classes!("change", change.kind.clone())} data-testid="change-row"
            data-kind={change.kind.clone()} data-pointer={change.pointer.clone()} {onclick}>
            <span class="change-icon">{icon}</span>
            <span class="change-pointer">{pointer}</span>
            <span class="change-detail">{detail}</span>
        </li>
    }
}
