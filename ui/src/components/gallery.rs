//! The template gallery: a grid of cards (the template's component graph, title, tags,
//! description), search over titles, descriptions, tags and component names, tag filters and
//! keyboard navigation; a detail view with a parameter form generated from the template's
//! schema, validated and previewed live (graph and source) as values change; "Create" (a new
//! file of the workspace, committed) and "Apply to current document" (the change shown as a
//! comparison first); "Save as template" for the shown document and removal of user templates.
//!
//! Previews are SVG written by the backend (names escaped there) and shown through `<img>`
//! with a data URL: in an image nothing in the SVG can run or reach the page.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Map, Value};
use trellis_protocol::{
    ComparisonDto, GalleryDto, SaveTemplateRequest, TemplateDto, TemplateLocation,
    TemplateRenderDto,
};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::compare::CompareView;
use crate::ipc::{self, TemplateValues};
use crate::state::{self, Action, AppContext};

/// An SVG as an image source.
fn svg_src(svg: &str) -> String {
    let encoded: String = js_sys::encode_uri_component(svg).into();
    format!("data:image/svg+xml;charset=utf-8,{encoded}")
}

/// Whether a template matches every word of the search and every chosen tag.
fn matches(t: &TemplateDto, query: &str, tags: &[String]) -> bool {
    if !tags.iter().all(|tag| t.tags.contains(tag)) {
        return false;
    }
    let haystack = format!(
        "{} {} {} {} {} {}",
        t.id,
        t.title,
        t.description,
        t.tags.join(" "),
        t.components.join(" "),
        t.pack.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// The most used tags, for the filter chips.
fn common_tags(templates: &[TemplateDto], limit: usize) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in templates {
        for tag in &t.tags {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<(&str, usize)> = counts.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    tags.into_iter()
        .take(limit)
        .map(|(t, _)| t.to_string())
        .collect()
}

fn focus_card(root: &web_sys::Element, index: usize) {
    if let Ok(Some(card)) = root.query_selector(&format!("[data-index=\"{index}\"]")) {
        if let Ok(card) = card.dyn_into::<web_sys::HtmlElement>() {
            let _ = card.focus();
        }
    }
}

/// Arrow keys move between cards (up and down by a row), Home and End to the ends.
fn navigate(root: &web_sys::Element, event: &KeyboardEvent, count: usize) {
    if count == 0 {
        return;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = active
        .as_ref()
        .and_then(|a| a.get_attribute("data-index"))
        .and_then(|i| i.parse::<usize>().ok());
    // Cards in the first row share its top.
    let columns = {
        let cards = root.query_selector_all("[data-index]").ok();
        let tops: Vec<i32> = (0..cards.as_ref().map_or(0, |c| c.length()))
            .filter_map(|i| cards.as_ref()?.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|e| e.offset_top())
            .collect();
        tops.iter()
            .filter(|t| Some(*t) == tops.first())
            .count()
            .max(1)
    };
    let last = count - 1;
    let next = match (event.key().as_str(), current) {
        ("ArrowRight", Some(i)) => (i + 1).min(last),
        ("ArrowLeft", Some(i)) => i.saturating_sub(1),
        ("ArrowDown", Some(i)) => (i + columns).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(columns),
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown" | "ArrowRight", None) => 0,
        _ => return,
    };
    event.prevent_default();
    focus_card(root, next);
}

#[component]
pub fn Gallery() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let gallery = use_state(|| None::<Rc<GalleryDto>>);
    let failure = use_state(|| None::<String>);
    let generation = use_state(|| 0u32);
    let query = use_state(String::new);
    let chosen = use_state(Vec::<String>::new);
    let open = use_state(|| None::<String>);
    let saving = use_state(|| false);
    let grid = use_node_ref();
    let search = use_node_ref();

    {
        let gallery = gallery.clone();
        let failure = failure.clone();
        use_effect_with(*generation, move |_| {
            spawn_local(async move {
                match ipc::template_gallery().await {
                    Ok(g) => {
                        failure.set(None);
                        gallery.set(Some(Rc::new(g)));
                    }
                    Err(e) => failure.set(Some(e.message)),
                }
            });
        });
    }
    {
        // The search field has the focus when the gallery opens.
        let search = search.clone();
        use_effect_with((), move |_| {
            if let Some(input) = search.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }

    {
        // Escape, wherever the focus is: from a template's page back to the cards, from the
        // cards back to the document.
        let open = open.clone();
        let ctx = ctx.clone();
        use_effect_with((*open).clone(), move |current| {
            let current = current.clone();
            let listener =
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                    if e.key() != "Escape" || e.default_prevented() {
                        return;
                    }
                    if current.is_some() {
                        open.set(None);
                    } else {
                        ctx.dispatch(Action::ShowGallery(false));
                    }
                });
            let window = web_sys::window().expect("the UI runs in a window");
            let _ = window
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        });
    }

    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ShowGallery(false)))
    };
    let reload = {
        let generation = generation.clone();
        Callback::from(move |_: ()| generation.set(*generation + 1))
    };

    let templates: Vec<TemplateDto> = gallery
        .as_ref()
        .map(|g| g.templates.clone())
        .unwrap_or_default();

    if let Some(id) = (*open).clone() {
        if let Some(t) = templates.iter().find(|t| t.id == id) {
            let on_back = {
                let open = open.clone();
                Callback::from(move |_: ()| open.set(None))
            };
            let on_removed = {
                let open = open.clone();
                let reload = reload.clone();
                Callback::from(move |_: ()| {
                    open.set(None);
                    reload.emit(());
                })
            };
            return html! {
                <div class="gallery" data-testid="gallery">
                    <TemplateDetail key={t.id.clone()} template={Rc::new(t.clone())} {on_back} {on_removed} />
                </div>
            };
        }
    }

    let shown: Vec<(usize, &TemplateDto)> = templates
        .iter()
        .filter(|t| matches(t, &query, &chosen))
        .enumerate()
        .collect();
    let count = shown.len();
    let cards = shown.iter().map(|(i, t)| {
        let onclick = {
            let open = open.clone();
            let id = t.id.clone();
            Callback::from(move |_: MouseEvent| open.set(Some(id.clone())))
        };
        html! {
            <button class="gallery-card" data-testid="template-card" data-id={t.id.clone()}
                    data-index={i.to_string()} {onclick} title={t.description.clone()}>
                <div class="card-preview">
                    if let Some(svg) = &t.preview_svg {
                        <img src={svg_src(svg)} alt={format!("Components of {}", t.title)} />
                    } else {
                        <span class="muted">{"No components to draw"}</span>
                    }
                </div>
                <div class="card-title">{t.title.clone()}</div>
                <div class="card-tags">
                    if t.origin != "builtin" {
                        <span class="tag origin">{t.origin.clone()}</span>
                    }
                    {for t.tags.iter().take(5).map(|tag| html! { <span class="tag">{tag.clone()}</span> })}
                </div>
                <div class="card-description">{t.description.clone()}</div>
            </button>
        }
    });
    let chips = common_tags(&templates, 16).into_iter().map(|tag| {
        let on = chosen.contains(&tag);
        let onclick = {
            let chosen = chosen.clone();
            let tag = tag.clone();
            Callback::from(move |_: MouseEvent| {
                let mut now = (*chosen).clone();
                if let Some(p) = now.iter().position(|t| *t == tag) {
                    now.remove(p);
                } else {
                    now.push(tag.clone());
                }
                chosen.set(now);
            })
        };
        html! {
            <button class={classes!("chip", on.then_some("on"))} data-testid="tag-filter"
                    data-tag={tag.clone()} aria-pressed={on.to_string()} {onclick}>{tag}</button>
        }
    });
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let on_keydown = {
        let grid = grid.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(root) = grid.cast::<web_sys::Element>() {
                let in_search = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .is_some();
                if in_search && e.key() != "ArrowDown" {
                    return;
                }
                navigate(&root, &e, count);
            }
        })
    };
    let can_save = ctx
        .document
        .as_ref()
        .is_some_and(|d| d.syntax_error.is_none());
    let toggle_save = {
        let saving = saving.clone();
        Callback::from(move |_: MouseEvent| saving.set(!*saving))
    };
    let on_saved = {
        let saving = saving.clone();
        let open = open.clone();
        let reload = reload.clone();
        Callback::from(move |id: String| {
            saving.set(false);
            reload.emit(());
            open.set(Some(id));
        })
    };

    html! {
        <div class="gallery" data-testid="gallery" onkeydown={on_keydown}>
            <header class="gallery-header">
                <h1 class="gallery-title">{"Templates"}</h1>
                <input ref={search} class="gallery-search" type="search" data-testid="gallery-search"
                       placeholder="Search titles, tags, components…" value={(*query).clone()}
                       oninput={on_search} spellcheck="false" />
                <span class="muted" data-testid="gallery-count">
                    {format!("{count} of {}", templates.len())}
                </span>
                <span class="status-spacer" />
                <button class="button small" data-testid="save-as-template" disabled={!can_save}
                        title="Store the shown document as a template" onclick={toggle_save}>
                    {"Save current document as template…"}
                </button>
                <button class="button small" data-testid="gallery-close" onclick={close}>{"Close"}</button>
            </header>
            if *saving {
                <SaveTemplateForm on_saved={on_saved} on_cancel={{
                    let saving = saving.clone();
                    Callback::from(move |_: ()| saving.set(false))
                }} />
            }
            <div class="gallery-chips">{for chips}</div>
            if let Some(message) = &*failure {
                <div class="gallery-problem" role="alert">{message.clone()}</div>
            }
            if let Some(g) = gallery.as_ref() {
                {for g.problems.iter().map(|p| html! {
                    <div class="gallery-problem" data-testid="gallery-problem">{format!("Template left out: {p}")}</div>
                })}
            }
            if gallery.is_none() && failure.is_none() {
                <p class="muted gallery-empty">{"Loading templates…"}</p>
            } else if count == 0 {
                <p class="muted gallery-empty" data-testid="gallery-none">{"No template matches."}</p>
            }
            <div class="gallery-grid" ref={grid} data-testid="gallery-grid">{for cards}</div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DetailProps {
    template: Rc<TemplateDto>,
    on_back: Callback<()>,
    on_removed: Callback<()>,
}

/// A form field's text, for numbers and lists (kept as typed while it does not parse yet).
fn field_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads a field's text as its parameter's type says; `Err` says what is expected.
fn parse_field(schema: &Value, text: &str) -> Result<Value, String> {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "a whole number".into()),
        Some("number") => match text.trim().parse::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => text
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| "a number".into()),
        },
        Some("array") => {
            let numbers = matches!(
                schema["items"].get("type").and_then(Value::as_str),
                Some("integer" | "number")
            );
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| {
                    if numbers {
                        serde_json::from_str::<Value>(l)
                            .map_err(|_| format!("{l:?} is not a number"))
                    } else {
                        Ok(Value::String(l.to_string()))
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => Ok(Value::String(text.to_string())),
    }
}

#[component]
fn TemplateDetail(props: &DetailProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let t = props.template.clone();
    let empty = Map::new();
    let properties = t.parameters["properties"]
        .as_object()
        .unwrap_or(&empty)
        .clone();
    let defaults: TemplateValues = properties
        .iter()
        .filter_map(|(n, p)| Some((n.clone(), p.get("default")?.clone())))
        .collect();
    let values = use_state(|| defaults.clone());
    // What is typed in number and list fields, by parameter.
    let texts = use_state(|| {
        defaults
            .iter()
            .map(|(n, v)| (n.clone(), field_text(v)))
            .collect::<BTreeMap<String, String>>()
    });
    let local_errors = use_state(BTreeMap::<String, String>::new);
    let rendered = use_state(|| None::<Rc<TemplateRenderDto>>);
    let file_name = use_state(|| t.output.clone());
    let message = use_state(|| None::<String>);
    let apply = use_state(|| None::<Rc<ComparisonDto>>);
    let arm_remove = use_state(|| false);
    let seq = use_mut_ref(|| Cell::new(0u64));

    {
        // Render again whenever the values change; only the latest answer is shown.
        let rendered = rendered.clone();
        let id = t.id.clone();
        let seq = seq.clone();
        use_effect_with((*values).clone(), move |values| {
            let values = values.clone();
            let mine = {
                let s = seq.borrow();
                s.set(s.get() + 1);
                s.get()
            };
            spawn_local(async move {
                let result = ipc::render_template(&id, &values).await;
                if seq.borrow().get() != mine {
                    return;
                }
                match result {
                    Ok(r) => rendered.set(Some(Rc::new(r))),
                    Err(e) => rendered.set(Some(Rc::new(TemplateRenderDto {
                        id: id.clone(),
                        text: None,
                        preview_svg: None,
                        components: Vec::new(),
                        values: Value::Object(values),
                        errors: vec![trellis_protocol::ParamErrorDto {
                            parameter: "(all)".into(),
                            message: e.message,
                        }],
                        validation: None,
                    }))),
                }
            });
        });
    }

    let set_value = {
        let values = values.clone();
        let local_errors = local_errors.clone();
        let texts = texts.clone();
        let properties = properties.clone();
        Callback::from(move |(name, text): (String, String)| {
            let schema = properties.get(&name).cloned().unwrap_or(Value::Null);
            let mut typed = (*texts).clone();
            typed.insert(name.clone(), text.clone());
            texts.set(typed);
            let mut errors = (*local_errors).clone();
            match parse_field(&schema, &text) {
                Ok(v) => {
                    errors.remove(&name);
                    let mut now = (*values).clone();
                    now.insert(name, v);
                    values.set(now);
                }
                Err(expected) => {
                    errors.insert(name, format!("expected {expected}"));
                }
            }
            local_errors.set(errors);
        })
    };
    let set_json = {
        let values = values.clone();
        Callback::from(move |(name, v): (String, Value)| {
            let mut now = (*values).clone();
            now.insert(name, v);
            values.set(now);
        })
    };

    let render = rendered.as_ref().cloned();
    let error_of = |name: &str| -> Option<String> {
        local_errors.get(name).cloned().or_else(|| {
            render.as_ref().and_then(|r| {
                r.errors
                    .iter()
                    .find(|e| e.parameter == name)
                    .map(|e| e.message.clone())
            })
        })
    };

    let fields = properties.iter().map(|(name, schema)| {
        let title = schema
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(name)
            .to_string();
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let value = values.get(name).cloned().unwrap_or(Value::Null);
        let kind = schema.get("type").and_then(Value::as_str).unwrap_or_default();
        let input_id = format!("param-{name}");
        let error = error_of(name);
        let control = if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            let onchange = {
                let set_json = set_json.clone();
                let name = name.clone();
                let options = options.clone();
                Callback::from(move |e: Event| {
                    let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                    if let Ok(i) = select.value().parse::<usize>() {
                        if let Some(v) = options.get(i) {
                            set_json.emit((name.clone(), v.clone()));
                        }
                    }
                })
            };
            html! {
                <select id={input_id.clone()} data-testid="param-field" data-name={name.clone()} {onchange}>
                    {for options.iter().enumerate().map(|(i, o)| html! {
                        <option value={i.to_string()} selected={*o == value}>
                            {o.as_str().map_or_else(|| o.to_string(), str::to_string)}
                        </option>
                    })}
                </select>
            }
        } else if kind == "boolean" {
            let onchange = {
                let set_json = set_json.clone();
                let name = name.clone();
                Callback::from(move |e: Event| {
                    let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
                    set_json.emit((name.clone(), Value::Bool(input.checked())));
                })
            };
            html! {
                <input id={input_id.clone()} type="checkbox" data-testid="param-field" data-name={name.clone()}
                       checked={value == Value::Bool(true)} {onchange} />
            }
        } else {
            let text = texts
                .get(name)
                .cloned()
                .unwrap_or_else(|| field_text(&value));
            let oninput = {
                let set_value = set_value.clone();
                let name = name.clone();
                Callback::from(move |e: InputEvent| {
                    let text = e
                        .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|t| t.value())
                        .or_else(|| {
                            e.target_dyn_into::<web_sys::HtmlInputElement>()
                                .map(|i| i.value())
                        })
                        .unwrap_or_default();
                    set_value.emit((name.clone(), text));
                })
            };
            let long = kind == "array"
                || text.contains('\n')
                || (kind == "string" && text.chars().count() > 48);
            if long {
                html! {
                    <textarea id={input_id.clone()} data-testid="param-field" data-name={name.clone()}
                              rows="4" spellcheck="false"
                              value={text} {oninput} />
                }
            } else {
                let input_type = if matches!(kind, "integer" | "number") { "number" } else { "text" };
                html! {
                    <input id={input_id.clone()} type={input_type} data-testid="param-field"
                           data-name={name.clone()} spellcheck="false" value={text} {oninput} />
                }
            }
        };
        html! {
            <div class={classes!("param", error.is_some().then_some("invalid"))} data-testid="param" data-name={name.clone()}>
                <label for={input_id}>{title}</label>
                {control}
                if kind == "array" {
                    <span class="param-hint muted">{"One per line."}</span>
                }
                if let Some(error) = error {
                    <span class="param-error" data-testid="param-error">{error}</span>
                } else if !description.is_empty() {
                    <span class="param-hint muted">{description}</span>
                }
            </div>
        }
    });

    let back = {
        let on_back = props.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    let valid_values = local_errors.is_empty()
        && render
            .as_ref()
            .is_some_and(|r| r.errors.is_empty() && r.text.is_some());
    let on_file_name = {
        let file_name = file_name.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                file_name.set(input.value());
            }
        })
    };
    let create = {
        let ctx = ctx.clone();
        let values = values.clone();
        let file_name = file_name.clone();
        let message = message.clone();
        let id = t.id.clone();
        Callback::from(move |_: MouseEvent| {
            let ctx = ctx.clone();
            let values = (*values).clone();
            let path = file_name.trim().to_string();
            let message = message.clone();
            let id = id.clone();
            message.set(Some(format!("Creating {path}…")));
            spawn_local(async move {
                match ipc::create_from_template(&id, &values, &path).await {
                    Ok(document) => {
                        if let Ok(ws) = ipc::workspace().await {
                            ctx.dispatch(Action::FilesChanged(ws));
                        }
                        let note = document.version_note.clone();
                        ctx.dispatch(Action::ShowGallery(false));
                        state::show_document(&ctx, document, note);
                    }
                    Err(e) => message.set(Some(e.message)),
                }
            });
        })
    };
    let document = ctx
        .document
        .as_ref()
        .filter(|d| d.syntax_error.is_none())
        .map(|d| d.path.clone());
    let preview_apply = {
        let values = values.clone();
        let apply = apply.clone();
        let message = message.clone();
        let id = t.id.clone();
        let document = document.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(path) = document.clone() else {
                return;
            };
            let values = (*values).clone();
            let apply = apply.clone();
            let message = message.clone();
            let id = id.clone();
            spawn_local(async move {
                match ipc::template_apply_preview(&id, &values, &path).await {
                    Ok(c) => {
                        message.set(None);
                        apply.set(Some(Rc::new(c)));
                    }
                    Err(e) => message.set(Some(e.message)),
                }
            });
        })
    };
    let accept = {
        let ctx = ctx.clone();
        let values = values.clone();
        let message = message.clone();
        let id = t.id.clone();
        let document = document.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(path) = document.clone() else {
                return;
            };
            let ctx = ctx.clone();
            let values = (*values).clone();
            let message = message.clone();
            let id = id.clone();
            spawn_local(async move {
                match ipc::apply_template(&id, &values, &path).await {
                    Ok(doc) => {
                        ctx.dispatch(Action::ShowGallery(false));
                        state::show_document(
                            &ctx,
                            doc,
                            Some(format!("Applied template {id} (not saved yet)")),
                        );
                    }
                    Err(e) => message.set(Some(e.message)),
                }
            });
        })
    };
    let cancel_apply = {
        let apply = apply.clone();
        Callback::from(move |_: ()| apply.set(None))
    };
    let remove = {
        let arm_remove = arm_remove.clone();
        let on_removed = props.on_removed.clone();
        let message = message.clone();
        let id = t.id.clone();
        Callback::from(move |_: MouseEvent| {
            if !*arm_remove {
                arm_remove.set(true);
                return;
            }
            let on_removed = on_removed.clone();
            let message = message.clone();
            let id = id.clone();
            spawn_local(async move {
                match ipc::remove_template(&id).await {
                    Ok(()) => on_removed.emit(()),
                    Err(e) => message.set(Some(e.message)),
                }
            });
        })
    };

    let validation = render.as_ref().and_then(|r| r.validation.clone());
    let general_errors: Vec<String> = render
        .as_ref()
        .map(|r| {
            r.errors
                .iter()
                .filter(|e| !properties.contains_key(&e.parameter))
                .map(|e| format!("{}: {}", e.parameter, e.message))
                .collect()
        })
        .unwrap_or_default();

    let body = if let Some(comparison) = (*apply).clone() {
        html! {
            <div class="detail-apply" data-testid="template-apply-diff">
                <CompareView {comparison} on_close={cancel_apply.clone()} />
            </div>
        }
    } else {
        html! {
            <div class="detail-body">
                <form class="param-form" data-testid="param-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    {for fields}
                    if properties.is_empty() {
                        <p class="muted">{"This template has no parameters."}</p>
                    }
                </form>
                <div class="detail-preview">
                    <div class="preview-graph">
                        if let Some(svg) = render.as_ref().and_then(|r| r.preview_svg.clone()) {
                            <img data-testid="template-preview" src={svg_src(&svg)}
                                 alt={format!("Components of {}", t.title)} />
                        } else if render.is_some() {
                            <span class="muted">{"No picture: fix the values on the left."}</span>
                        }
                    </div>
                    <div class="preview-status" data-testid="template-validation">
                        {match &validation {
                            Some(v) if v.errors == 0 && v.warnings == 0 => html! {
                                <span class="ok">{format!("✓ Valid {}", v.schema.as_ref().map(|s| s.name.clone()).unwrap_or_default())}</span>
                            },
                            Some(v) => html! {
                                <span class="bad">{format!("{} error(s), {} warning(s): {}", v.errors, v.warnings,
                                    v.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))}</span>
                            },
                            None if !general_errors.is_empty() => html! { <span class="bad">{general_errors.join("; ")}</span> },
                            None if render.as_ref().is_some_and(|r| !r.errors.is_empty()) || !local_errors.is_empty() => html! {
                                <span class="bad">{"Some values are not valid."}</span>
                            },
                            None => html! { <span class="muted">{"…"}</span> },
                        }}
                    </div>
                    <pre class="preview-source" data-testid="template-source">
                        {render.as_ref().and_then(|r| r.text.clone()).unwrap_or_default()}
                    </pre>
                </div>
            </div>
        }
    };

    html! {
        <div class="gallery-detail" data-testid="template-detail" data-id={t.id.clone()}>
            <header class="gallery-header">
                <button class="button small" data-testid="template-back" onclick={back}>{"← Templates"}</button>
                <h1 class="gallery-title">{t.title.clone()}</h1>
                <span class="badge">{t.format.clone()}</span>
                if let Some(pack) = &t.pack {
                    <span class="tag">{pack.clone()}</span>
                }
                if t.origin != "builtin" {
                    <span class="tag origin">{t.origin.clone()}</span>
                }
                <span class="status-spacer" />
                if t.origin != "builtin" {
                    <button class={classes!("button", "small", arm_remove.then_some("danger"))}
                            data-testid="template-remove" onclick={remove}>
                        {if *arm_remove { "Click again to remove" } else { "Remove template" }}
                    </button>
                }
            </header>
            <p class="detail-description">{t.description.clone()}</p>
            {body}
            <footer class="detail-actions">
                if let Some(m) = &*message {
                    <span class="detail-message" data-testid="template-message">{m.clone()}</span>
                }
                <span class="status-spacer" />
                if apply.is_some() {
                    <button class="button small" data-testid="template-apply-cancel"
                            onclick={{ let c = cancel_apply.clone(); Callback::from(move |_: MouseEvent| c.emit(())) }}>
                        {"Cancel"}
                    </button>
                    <button class="button small primary" data-testid="template-apply-accept" onclick={accept}>
                        {"Accept changes"}
                    </button>
                } else {
                    <button class="button small" data-testid="template-apply" disabled={document.is_none() || !valid_values}
                            title={document.as_ref().map_or_else(|| "Open a document first".to_string(), |p| format!("Merge this template into {p}; you see the change first"))}
                            onclick={preview_apply}>
                        {"Apply to current document…"}
                    </button>
                    <label class="file-name-label" for="template-file-name">{"New file"}</label>
                    <input id="template-file-name" class="file-name" data-testid="template-file-name" spellcheck="false"
                           value={(*file_name).clone()} oninput={on_file_name} />
                    <button class="button small primary" data-testid="template-create"
                            disabled={!valid_values || file_name.trim().is_empty()} onclick={create}>
                        {"Create"}
                    </button>
                }
            </footer>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SaveProps {
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
}

/// A template id from a file name: `docker-compose.prod.yaml` → `docker-compose-prod`.
fn id_from(path: &str) -> String {
    let name = state::file_name(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("my-{id}")
    } else {
        format!("my-template-{id}")
            .trim_end_matches('-')
            .to_string()
    }
}

/// "Save as template": the shown document (as being edited) stored as a new template.
#[component]
fn SaveTemplateForm(props: &SaveProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let path = ctx
        .document
        .as_ref()
        .map(|d| d.path.clone())
        .unwrap_or_default();
    let id = use_state(|| id_from(&path));
    let title = use_state(|| state::file_name(&path).to_string());
    let description = use_state(String::new);
    let tags = use_state(String::new);
    let location = use_state(|| TemplateLocation::Workspace);
    let error = use_state(|| None::<String>);

    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.set(input.value());
            }
        })
    };
    let on_location = {
        let location = location.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            location.set(if select.value() == "user" {
                TemplateLocation::User
            } else {
                TemplateLocation::Workspace
            });
        })
    };
    let save = {
        let request = SaveTemplateRequest {
            path: path.clone(),
            id: id.trim().to_string(),
            title: title.trim().to_string(),
            description: description.trim().to_string(),
            tags: tags
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            pack: None,
            location: *location,
        };
        let error = error.clone();
        let on_saved = props.on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = request.clone();
            let error = error.clone();
            let on_saved = on_saved.clone();
            spawn_local(async move {
                match ipc::save_as_template(&request).await {
                    Ok(t) => on_saved.emit(t.id),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <form class="save-template" data-testid="save-template-form" onsubmit={save}>
            <div class="save-template-title">{format!("Save {path} as a template")}</div>
            <label>{"Id"}<input data-testid="save-template-id" value={(*id).clone()} oninput={text_input(&id)} spellcheck="false" /></label>
            <label>{"Title"}<input data-testid="save-template-title" value={(*title).clone()} oninput={text_input(&title)} /></label>
            <label>{"Description"}<input value={(*description).clone()} oninput={text_input(&description)} /></label>
            <label>{"Tags"}<input placeholder="comma, separated" value={(*tags).clone()} oninput={text_input(&tags)} /></label>
            <label>{"Store in"}
                <select data-testid="save-template-location" onchange={on_location}>
                    <option value="workspace" selected={*location == TemplateLocation::Workspace}>{"this workspace (.trellis/templates)"}</option>
                    <option value="user" selected={*location == TemplateLocation::User}>{"my templates"}</option>
                </select>
            </label>
            if let Some(e) = &*error {
                <span class="param-error" data-testid="save-template-error">{e.clone()}</span>
            }
            <div class="save-template-actions">
                <button type="button" class="button small" onclick={cancel}>{"Cancel"}</button>
                <button type="submit" class="button small primary" data-testid="save-template-submit">{"Save template"}</button>
            </div>
        </form>
    }
}
