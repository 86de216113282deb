//! The status bar: format, path, saved state, the problem counts, the last notice or error,
//! and the schema the document is validated against.

use yew::prelude::*;

use wasm_bindgen::JsCast;

use crate::components::problems::{count, schema_label};
use crate::state::{self, Action, AppContext};
use trellis_protocol::{EnvironmentChoice, RefsDto, RemoteAction, SchemaPackDto, VersionRef};
use yew::platform::spawn_local;

use crate::ipc;

#[component]
pub fn StatusBar() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let doc = ctx.document.as_ref();
    let (state_text, state_class) = match doc {
        _ if ctx.busy => ("Working…", "busy"),
        Some(d) if d.dirty => ("Unsaved", "dirty"),
        // Typed text that does not parse is not in the document yet, nor on disk.
        Some(d) if ctx.pending_text.as_ref().is_some_and(|p| p.path == d.path) => {
            ("Unsaved", "dirty")
        }
        Some(_) => ("Saved", "saved"),
        None => ("", ""),
    };
    let show_problems = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ToggleProblems))
    };
    let problems = ctx.problems.as_ref().map(|p| &p.result);
    let schema = problems.map(|p| match &p.schema {
        Some(schema) => (schema_label(schema), schema.origin.clone()),
        None => (
            "No schema".to_string(),
            "No schema applies to this file".to_string(),
        ),
    });
    html! {
        <footer class="status-bar" data-testid="status">
            if let Some(doc) = doc {
                <span class="status-format" data-testid="status-format">{doc.format.to_uppercase()}</span>
                <span class="status-path" data-testid="status-path">{doc.path.clone()}</span>
            }
            <span class={classes!("status-state", state_class)} data-testid="status-state"
                  data-state={state_class}>{state_text}</span>
            if doc.is_some() {
                <button class="status-problems" data-testid="status-problems" onclick={show_problems}
                        title="Show or hide the problems"
                        data-errors={problems.map(|p| p.errors.to_string())}
                        data-warnings={problems.map(|p| p.warnings.to_string())}>
                    if let Some(p) = problems {
                        <span class={classes!("status-count", (p.errors > 0).then_some("error"))}>
                            <span class="sev-mini error" aria-hidden="true" />{count(p.errors, "error")}
                        </span>
                        <span class="status-sep">{"·"}</span>
                        <span class={classes!("status-count", (p.warnings > 0).then_some("warning"))}>
                            <span class="sev-mini warning" aria-hidden="true" />{count(p.warnings, "warning")}
                        </span>
                    } else if ctx.validation_error.is_some() {
                        {"Not validated"}
                    } else {
                        {"Checking…"}
                    }
                </button>
            }
            <span class="status-spacer" />
            if let Some(error) = ctx.error.as_ref() {
                <span class="status-error" data-testid="status-error">{error.to_string()}</span>
            } else if let Some(notice) = ctx.notice.as_ref() {
                <span class="status-notice" data-testid="status-notice">{notice.clone()}</span>
            }
            if doc.is_some() {
                <BranchPicker />
            }
            if let Some(p) = problems.filter(|p| !p.environments.is_empty()) {
                <EnvironmentPicker environments={p.environments.clone()} chosen={p.environment.clone()}
                                   variables_from={p.variables_from.clone()} />
            }
            if let Some((label, origin)) = schema {
                <SchemaPicker {label} {origin} />
            }
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    label: String,
    origin: String,
}

/// The schema in the status bar; clicking it opens a small menu to choose another one (a pack
/// id, a path in the workspace or a URL) or to go back to automatic discovery.
#[component]
fn SchemaPicker(props: &PickerProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let open = use_state(|| false);
    let input_ref = use_node_ref();
    // The built-in packs, asked for the first time the menu opens.
    let packs = use_state(|| None::<Vec<SchemaPackDto>>);
    {
        let input_ref = input_ref.clone();
        let packs = packs.clone();
        use_effect_with(*open, move |open| {
            if *open {
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                }
                if packs.is_none() {
                    spawn_local(async move {
                        // Without the list the menu still offers automatic and typed choices.
                        if let Ok(list) = ipc::schema_packs().await {
                            packs.set(Some(list));
                        }
                    });
                }
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let choose = {
        let ctx = ctx.clone();
        let open = open.clone();
        move |schema: Option<String>| {
            open.set(false);
            state::set_schema(&ctx, schema);
        }
    };
    let automatic = {
        let choose = choose.clone();
        Callback::from(move |_: MouseEvent| choose(None))
    };
    let use_typed = {
        let choose = choose.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                let text = input.value().trim().to_string();
                if !text.is_empty() {
                    choose(Some(text));
                }
            }
        })
    };
    let onkeydown = {
        let open = open.clone();
        let choose = choose.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                let text = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default();
                if !text.is_empty() {
                    choose(Some(text));
                }
            }
            "Escape" => {
                e.prevent_default();
                open.set(false);
            }
            _ => {}
        })
    };
    html! {
        <span class="status-schema-wrap">
            <button class="status-schema" data-testid="status-schema" onclick={toggle}
                    title={format!("{} — click to choose another schema", props.origin)}>
                {props.label.clone()}
            </button>
            if *open {
                <div class="schema-menu" role="dialog" aria-label="Choose a schema" data-testid="schema-menu">
                    <div class="schema-menu-title">{"Validate this file against"}</div>
                    <button class="schema-option" data-testid="schema-auto" onclick={automatic}>
                        <span>{"Automatic"}</span>
                        <span class="muted">{"$schema, schema comment, settings or file name"}</span>
                    </button>
                    {for packs.iter().flatten().map(|pack| {
                        let choose = choose.clone();
                        let id = pack.id.clone();
                        let onclick = Callback::from(move |_: MouseEvent| choose(Some(id.clone())));
                        let current = props.label.starts_with(&format!("{} (", pack.title));
                        html! {
                            <button class={classes!("schema-option", current.then_some("current"))}
                                    data-testid="schema-pack" data-pack={pack.id.clone()}
                                    title={format!("Selected by file name: {}", pack.patterns.join(", "))}
                                    {onclick}>
                                <span>{pack.title.clone()}</span>
                                <span class="muted">{pack.description.clone()}</span>
                            </button>
                        }
                    })}
                    <div class="schema-custom">
                        <input ref={input_ref} class="schema-input" data-testid="schema-input" spellcheck="false"
                               placeholder="Pack id (agent-stack), workspace path or URL" {onkeydown} />
                        <button class="button small" data-testid="schema-use" onclick={use_typed}>{"Use"}</button>
                    </div>
                </div>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct EnvironmentProps {
    environments: Vec<String>,
    chosen: EnvironmentChoice,
    variables_from: Vec<String>,
}

/// The environment overlays validated; clicking opens a menu to validate all of them, the
/// base document only, or one overlay.
#[component]
fn EnvironmentPicker(props: &EnvironmentProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let label = match &props.chosen {
        EnvironmentChoice::All => "All environments".to_string(),
        EnvironmentChoice::Base => "Base only".to_string(),
        EnvironmentChoice::Only(name) => format!("Environment: {name}"),
    };
    let variables = if props.variables_from.is_empty() {
        "Variables are not resolved".to_string()
    } else {
        format!("Variables from {}", props.variables_from.join(", "))
    };
    let option = |choice: EnvironmentChoice, title: String, detail: &str, id: String| {
        let ctx = ctx.clone();
        let open = open.clone();
        let current = choice == props.chosen;
        let onclick = Callback::from(move |_: MouseEvent| {
            open.set(false);
            state::set_environment(&ctx, choice.clone());
        });
        html! {
            <button class={classes!("schema-option", current.then_some("current"))}
                    data-testid="environment-option" data-environment={id}
                    aria-pressed={current.to_string()} {onclick}>
                <span>{title}</span>
                <span class="muted">{detail.to_string()}</span>
            </button>
        }
    };
    html! {
        <span class="status-schema-wrap">
            <button class="status-schema status-environment" data-testid="status-environment" onclick={toggle}
                    title={format!("{variables} — click to choose the environments to validate")}>
                {label}
            </button>
            if *open {
                <div class="schema-menu" role="dialog" aria-label="Choose environments" data-testid="environment-menu">
                    <div class="schema-menu-title">{"Validate"}</div>
                    {option(EnvironmentChoice::All, "All environments".into(),
                            "The base document, and each overlay merged over it", "*".into())}
                    {option(EnvironmentChoice::Base, "Base only".into(),
                            "The document as written, without overlays", "".into())}
                    {for props.environments.iter().map(|name| option(
                        EnvironmentChoice::Only(name.clone()), name.clone(),
                        "The base document with this overlay", name.clone()))}
                    <div class="schema-menu-title">{"Compare, as merged data"}</div>
                    <div class="environment-compare">
                        {for environment_pairs(&props.environments).into_iter().map(|(a, b)| {
                            let ctx = ctx.clone();
                            let open = open.clone();
                            let label = format!("{} ↔ {}", a.as_deref().unwrap_or("base"), b);
                            let id = match &a {
                                None => b.clone(),
                                Some(a) => format!("{a}:{b}"),
                            };
                            let onclick = Callback::from(move |_: MouseEvent| {
                                open.set(false);
                                state::compare(&ctx, VersionRef::Environment { name: a.clone() },
                                               VersionRef::Environment { name: Some(b.clone()) });
                            });
                            html! {
                                <button class="button small" data-testid="compare-environment"
                                        data-environment={id} {onclick}>{label}</button>
                            }
                        })}
                    </div>
                    <div class="muted environment-variables" data-testid="environment-variables">{variables.clone()}</div>
                </div>
            }
        </span>
    }
}

/// What the environment menu offers to compare: the base with each environment, then each
/// pair of environments (when there are few enough to list).
fn environment_pairs(environments: &[String]) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> =
        environments.iter().map(|e| (None, e.clone())).collect();
    if environments.len() <= 4 {
        for (i, a) in environments.iter().enumerate() {
            for b in &environments[i + 1..] {
                out.push((Some(a.clone()), b.clone()));
            }
        }
    }
    out
}

/// The branch the workspace is on; its menu switches branch, creates one from the current
/// commit, and tags the current commit.
#[component]
fn BranchPicker() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let open = use_state(|| false);
    let refs = use_state(|| None::<RefsDto>);
    let branch_ref = use_node_ref();
    let tag_ref = use_node_ref();
    let remote_name_ref = use_node_ref();
    let remote_url_ref = use_node_ref();
    {
        // Asked again when the menu opens and after each save (a first commit, say).
        let refs = refs.clone();
        let saved = ctx
            .document
            .as_ref()
            .map(|d| (d.path.clone(), d.dirty, d.text.len()));
        use_effect_with((*open, saved), move |_| {
            spawn_local(async move {
                if let Ok(r) = ipc::repo_refs().await {
                    refs.set(Some(r));
                }
            });
        });
    }
    let Some(current) = refs.as_ref().map(|r| match &r.current {
        Some(branch) => branch.clone(),
        None if r.branches.is_empty() => "(no commits yet)".into(),
        None => "(detached)".into(),
    }) else {
        return html! {};
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // After a switch the files on disk changed: show the document as it now is.
    let after = {
        let ctx = ctx.clone();
        let refs = refs.clone();
        let open = open.clone();
        move |result: Result<RefsDto, trellis_protocol::ApiError>| match result {
            Ok(r) => {
                refs.set(Some(r));
                open.set(false);
                if let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) {
                    state::open_document(&ctx, path);
                }
            }
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    };
    let switch = |name: String| {
        let after = after.clone();
        Callback::from(move |_: MouseEvent| {
            let name = name.clone();
            let after = after.clone();
            spawn_local(async move { after(ipc::switch_branch(&name).await) });
        })
    };
    let create = {
        let after = after.clone();
        let input = branch_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(name) = typed(&input) else {
                return;
            };
            let after = after.clone();
            spawn_local(async move { after(ipc::create_branch(&name).await) });
        })
    };
    let tag = {
        let ctx = ctx.clone();
        let refs = refs.clone();
        let input = tag_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(name) = typed(&input) else {
                return;
            };
            let ctx = ctx.clone();
            let refs = refs.clone();
            let input = input.clone();
            spawn_local(async move {
                match ipc::create_tag(&name).await {
                    Ok(r) => {
                        refs.set(Some(r));
                        if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                            i.set_value("");
                        }
                    }
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        })
    };
    let add_remote = {
        let ctx = ctx.clone();
        let refs = refs.clone();
        let (name_input, url_input) = (remote_name_ref.clone(), remote_url_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(name), Some(url)) = (typed(&name_input), typed(&url_input)) else {
                return;
            };
            let ctx = ctx.clone();
            let refs = refs.clone();
            let (name_input, url_input) = (name_input.clone(), url_input.clone());
            spawn_local(async move {
                match ipc::add_remote(&name, &url).await {
                    Ok(r) => {
                        refs.set(Some(r));
                        for input in [name_input, url_input] {
                            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                                i.set_value("");
                            }
                        }
                        ctx.dispatch(Action::Notify(format!("Added remote {name}")));
                    }
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        })
    };
    let r = refs.as_ref().cloned().unwrap_or(RefsDto {
        current: None,
        branches: Vec::new(),
        tags: Vec::new(),
        remotes: Vec::new(),
    });
    html! {
        <span class="status-schema-wrap">
            <button class="status-schema status-branch" data-testid="status-branch" onclick={toggle}
                    title="The Git branch: click to switch, create a branch, or tag">{current.clone()}</button>
            if *open {
                <div class="schema-menu" role="dialog" aria-label="Branches and tags" data-testid="branch-menu">
                    <div class="schema-menu-title">{"Branches"}</div>
                    {for r.branches.iter().map(|b| {
                        let is_current = r.current.as_deref() == Some(b.as_str());
                        html! {
                            <button class={classes!("schema-option", is_current.then_some("current"))}
                                    data-testid="branch-option" data-branch={b.clone()}
                                    disabled={is_current} onclick={switch(b.clone())}>
                                <span>{b.clone()}</span>
                            </button>
                        }
                    })}
                    <div class="schema-custom">
                        <input ref={branch_ref} class="schema-input" data-testid="branch-input" spellcheck="false"
                               placeholder="New branch from here" />
                        <button class="button small" data-testid="branch-create" onclick={create}>{"Create"}</button>
                    </div>
                    if let Some(branch) = r.current.clone().filter(|_| !r.remotes.is_empty()) {
                        <div class="schema-menu-title">{format!("Share {branch}")}</div>
                        {for r.remotes.iter().map(|remote| {
                            let action = |what: RemoteAction| {
                                let ctx = ctx.clone();
                                let remote = remote.clone();
                                let open = open.clone();
                                Callback::from(move |_: MouseEvent| {
                                    let ctx = ctx.clone();
                                    let remote = remote.clone();
                                    open.set(false);
                                    ctx.dispatch(Action::Started);
                                    spawn_local(async move {
                                        match ipc::sync_remote(&remote, what).await {
                                            Ok(notice) => {
                                                ctx.dispatch(Action::Notify(notice));
                                                // A pull may have changed the shown file.
                                                if what == RemoteAction::Pull {
                                                    if let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) {
                                                        state::open_document(&ctx, path);
                                                    }
                                                }
                                            }
                                            Err(e) => ctx.dispatch(Action::Failed(e)),
                                        }
                                    });
                                })
                            };
                            html! {
                                <div class="remote-row" data-testid="remote" data-remote={remote.clone()}>
                                    <span class="remote-name">{remote.clone()}</span>
                                    <button class="button small" data-testid="remote-fetch" onclick={action(RemoteAction::Fetch)}>{"Fetch"}</button>
                                    <button class="button small" data-testid="remote-pull" title="Fast-forward only"
                                            onclick={action(RemoteAction::Pull)}>{"Pull"}</button>
                                    <button class="button small" data-testid="remote-push" onclick={action(RemoteAction::Push)}>{"Push"}</button>
                                </div>
                            }
                        })}
                    }
                    if r.remotes.is_empty() {
                        <div class="schema-menu-title">{"Share"}</div>
                    }
                    <div class="schema-custom remote-add">
                        <input ref={remote_name_ref} class="schema-input remote-name-input" data-testid="remote-name-input"
                               spellcheck="false" placeholder="Name" />
                        <input ref={remote_url_ref} class="schema-input" data-testid="remote-url-input" spellcheck="false"
                               placeholder="Path, file:// or git:// URL" />
                        <button class="button small" data-testid="remote-add" onclick={add_remote}>{"Add remote"}</button>
                    </div>
                    <div class="schema-menu-title">{format!("Tags ({})", r.tags.len())}</div>
                    if !r.tags.is_empty() {
                        <div class="muted environment-variables" data-testid="tag-list">{r.tags.join(", ")}</div>
                    }
                    <div class="schema-custom">
                        <input ref={tag_ref} class="schema-input" data-testid="tag-input" spellcheck="false"
                               placeholder="Tag the current commit" />
                        <button class="button small" data-testid="tag-create" onclick={tag}>{"Tag"}</button>
                    </div>
                </div>
            }
        </span>
    }
}

/// The trimmed text of an input field, if any was typed.
fn typed(input: &NodeRef) -> Option<String> {
    let text = input
        .cast::<web_sys::HtmlInputElement>()?
        .value()
        .trim()
        .to_string();
    (!text.is_empty()).then_some(text)
}
