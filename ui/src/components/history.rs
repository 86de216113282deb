//! The history of the shown file: its commits, newest first. Each can be compared with the
//! one before it or with the working copy, any two picked ones with each other, and each
//! restored (a new commit; history is kept).

use trellis_protocol::{HistoryEntryDto, VersionRef};
use yew::prelude::*;

use crate::state::{self, Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub entries: Vec<HistoryEntryDto>,
}

#[component]
pub fn HistoryPanel(props: &HistoryProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    // The commit whose Restore was clicked once: the second click confirms.
    let arming = use_state(|| None::<String>);
    // Up to two commits picked to compare with each other, by id (new commits may arrive).
    let picked = use_state(Vec::<String>::new);
    let picked_at: Vec<usize> = picked
        .iter()
        .filter_map(|id| props.entries.iter().position(|e| &e.id == id))
        .collect();
    let compare_picked = match picked_at.as_slice() {
        [a, b] => {
            let (newer, older) = ((*a).min(*b), (*a).max(*b));
            let old = props.entries[older].id.clone();
            let new = props.entries[newer].id.clone();
            let ctx = ctx.clone();
            Some(Callback::from(move |_: MouseEvent| {
                state::compare(
                    &ctx,
                    VersionRef::Commit { rev: old.clone() },
                    VersionRef::Commit { rev: new.clone() },
                )
            }))
        }
        _ => None,
    };
    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::CloseHistory))
    };
    let dirty = ctx.document.as_ref().is_some_and(|d| d.dirty);
    let rows = props.entries.iter().enumerate().map(|(i, e)| {
        let previous = props.entries.get(i + 1).map(|p| p.id.clone());
        let compare_previous = previous.map(|prev| {
            let ctx = ctx.clone();
            let id = e.id.clone();
            Callback::from(move |_: MouseEvent| {
                state::compare(
                    &ctx,
                    VersionRef::Commit { rev: prev.clone() },
                    VersionRef::Commit { rev: id.clone() },
                )
            })
        });
        let compare_working = {
            let ctx = ctx.clone();
            let id = e.id.clone();
            Callback::from(move |_: MouseEvent| {
                state::compare(&ctx, VersionRef::Commit { rev: id.clone() }, VersionRef::Working)
            })
        };
        let view = {
            let ctx = ctx.clone();
            let id = e.id.clone();
            Callback::from(move |_: MouseEvent| state::view_version(&ctx, id.clone()))
        };
        let armed = arming.as_deref() == Some(e.id.as_str());
        let restore = {
            let ctx = ctx.clone();
            let arming = arming.clone();
            let id = e.id.clone();
            Callback::from(move |_: MouseEvent| {
                if armed {
                    arming.set(None);
                    state::restore_version(&ctx, id.clone());
                } else {
                    arming.set(Some(id.clone()));
                }
            })
        };
        let date = e.date.get(..16).unwrap_or(&e.date).replace('T', " ");
        let is_picked = picked.contains(&e.id);
        let pick = {
            let picked = picked.clone();
            let id = e.id.clone();
            Callback::from(move |_: Event| {
                let mut now = (*picked).clone();
                if let Some(pos) = now.iter().position(|p| *p == id) {
                    now.remove(pos);
                } else {
                    now.push(id.clone());
                    if now.len() > 2 {
                        now.remove(0);
                    }
                }
                picked.set(now);
            })
        };
        html! {
            <li class="history-entry" data-testid="history-entry" data-commit={e.short_id.clone()}>
                <label class="history-summary" title={e.summary.clone()}>
                    <input type="checkbox" data-testid="history-pick" checked={is_picked} onchange={pick}
                           title="Pick two commits to compare them" />
                    {e.summary.clone()}
                </label>
                <div class="history-meta muted">
                    <span class="history-id">{e.short_id.clone()}</span>
                    {format!(" · {date} · {}", e.author)}
                    if e.change != "modified" {
                        <span class="history-change">{format!(" · {}", e.change)}</span>
                    }
                </div>
                <div class="history-actions">
                    if let Some(onclick) = compare_previous {
                        <button class="button small" data-testid="history-compare-previous" {onclick}
                                title="What this commit changed">{"Changes"}</button>
                    }
                    <button class="button small" data-testid="history-view" onclick={view}
                            title="This version, read-only">{"View"}</button>
                    <button class="button small" data-testid="history-compare-working" onclick={compare_working}
                            title="This version against the text being edited">{"vs. now"}</button>
                    <button class={classes!("button", "small", armed.then_some("danger"))} data-testid="history-restore"
                            disabled={dirty} onclick={restore}
                            title={if dirty { "Save or undo your changes first" } else { "Put the file back to this version, as a new commit" }}>
                        {if armed { "Confirm restore" } else { "Restore" }}
                    </button>
                </div>
            </li>
        }
    });
    html! {
        <aside class="history-panel" data-testid="history-panel">
            <div class="pane-title history-title">
                <span>{format!("History ({})", props.entries.len())}</span>
                <button class="banner-close" title="Close" data-testid="history-close" onclick={close}>{"×"}</button>
            </div>
            if let Some(onclick) = compare_picked {
                <button class="button small history-compare-picked" data-testid="history-compare-picked" {onclick}>
                    {"Compare the two picked"}
                </button>
            }
            if props.entries.is_empty() {
                <p class="muted history-empty">{"No commits of this file yet: saving makes the first."}</p>
            }
            <ul class="history-list">{for rows}</ul>
        </aside>
    }
}
