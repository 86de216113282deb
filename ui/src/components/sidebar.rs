//! The sidebar: the workspace, its files, and recently opened workspaces.

use yew::prelude::*;

use trellis_protocol::VersionRef;

use crate::state::{self, file_name, AppContext};

#[component]
pub fn Sidebar() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let choose = {
        let ctx = ctx.clone();
        Callback::from(move |_| state::choose_workspace(&ctx))
    };
    let Some(ws) = ctx.workspace.clone() else {
        return html! {
            <aside class="sidebar" data-testid="sidebar">
                <div class="brand"><span class="brand-mark" />{"Trellis"}</div>
                <button class="button primary wide" data-testid="open-folder" onclick={choose}>{"Open folder…"}</button>
            </aside>
        };
    };
    let selected = ctx.selected_path.clone();

    let files = ws.files.iter().map(|file| {
        let path = file.path.clone();
        let onclick = {
            let ctx = ctx.clone();
            let path = path.clone();
            Callback::from(move |_| state::open_document(&ctx, path.clone()))
        };
        let is_selected = selected.as_deref() == Some(path.as_str());
        // Any other file can be compared with the shown one.
        let compare = (ctx.document.is_some() && !is_selected).then(|| {
            let ctx = ctx.clone();
            let path = path.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                state::compare(&ctx, VersionRef::Working, VersionRef::File { path: path.clone() });
            })
        });
        let dir = path.rsplit_once('/').map(|(d, _)| d.to_string());
        html! {
            <li key={path.clone()} class="file-row">
                <button class={classes!("file", is_selected.then_some("selected"))}
                        data-testid="file-entry" data-path={path.clone()} title={path.clone()} {onclick}>
                    <span class={classes!("badge", format!("fmt-{}", file.format))}>{file.format.clone()}</span>
                    <span class="file-name">{file_name(&path).to_string()}</span>
                    if let Some(dir) = dir {
                        <span class="file-dir">{dir}</span>
                    }
                    if ctx.unsaved.contains(&path) {
                        <span class="dirty-dot" title="Unsaved changes">{"●"}</span>
                    }
                </button>
                if let Some(onclick) = compare {
                    <button class="file-compare" data-testid="compare-file" data-path={path.clone()}
                            title="Compare the shown file with this one" {onclick}>{"⇄"}</button>
                }
            </li>
        }
    });

    let recent = ws.recent.iter().filter(|r| **r != ws.root).map(|root| {
        let onclick = {
            let ctx = ctx.clone();
            let root = root.clone();
            Callback::from(move |_| state::open_workspace(&ctx, root.clone()))
        };
        html! {
            <li key={root.clone()}>
                <button class="recent" data-testid="recent-workspace" title={root.clone()} {onclick}>
                    {file_name(root.trim_end_matches('/')).to_string()}
                </button>
            </li>
        }
    });
    let has_recent = ws.recent.iter().any(|r| *r != ws.root);

    html! {
        <aside class="sidebar" data-testid="sidebar">
            <div class="brand"><span class="brand-mark" />{"Trellis"}</div>
            <section class="workspace">
                <div class="section-label">{"Workspace"}</div>
                <div class="workspace-name" data-testid="workspace-name" title={ws.root.clone()}>{ws.name.clone()}</div>
                <button class="button wide" data-testid="open-folder" onclick={choose}>{"Open folder…"}</button>
                <button class="button wide primary open-gallery" data-testid="open-gallery" title="Start a new file from a template"
                        onclick={{ let ctx = ctx.clone(); Callback::from(move |_| ctx.dispatch(state::Action::ShowGallery(true))) }}>
                    {"Templates…"}
                </button>
            </section>
            <section class="files">
                <div class="section-label">{format!("Files ({})", ws.files.len())}</div>
                if ws.files.is_empty() {
                    <p class="muted">{"No YAML, JSON or TOML files in this folder."}</p>
                }
                <ul data-testid="file-list">{for files}</ul>
            </section>
            if has_recent {
                <section class="recents">
                    <div class="section-label">{"Recent"}</div>
                    <ul>{for recent}</ul>
                </section>
            }
        </aside>
    }
}
