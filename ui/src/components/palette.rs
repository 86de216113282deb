//! The palette: the component kinds of the document's schema and their variants,
//! searchable. Press on an entry and drag it onto the canvas to add a component there
//! (pointer events, so tests can drive it); click it, or press Enter on it, to add one in
//! the middle of the view.

use std::rc::Rc;

use trellis_protocol::PaletteDto;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::ipc;
use crate::state::{Action, AppContext};

/// A kind and, optionally, one of its variants.
pub type Choice = (String, Option<String>);

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    pub path: AttrValue,
    /// A press on an entry: the drag may start (the canvas follows the pointer).
    pub on_press: Callback<(Choice, PointerEvent)>,
    /// Enter on an entry: add one without dragging.
    pub on_add: Callback<Choice>,
}

#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let palette = use_state(|| None::<Rc<PaletteDto>>);
    let query = use_state(String::new);
    {
        let (palette, ctx, path) = (palette.clone(), ctx.clone(), props.path.to_string());
        use_effect_with(props.path.clone(), move |_| {
            spawn_local(async move {
                match ipc::palette(&path).await {
                    Ok(p) => palette.set(Some(Rc::new(p))),
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        });
    }
    let Some(p) = (*palette).clone() else {
        return html! { <nav class="palette" data-testid="palette" /> };
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let q = query.trim().to_lowercase();
    let matches =
        |texts: &[&str]| q.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&q));
    let entry = |choice: Choice, title: String, detail: String, color: String, variant: bool| {
        let on_press = props.on_press.clone();
        let on_add = props.on_add.clone();
        let pressed = choice.clone();
        let onpointerdown = Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                e.prevent_default();
                on_press.emit((pressed.clone(), e));
            }
        });
        let added = choice.clone();
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_add.emit(added.clone());
            }
        });
        html! {
            <div class={classes!("palette-entry", variant.then_some("variant"))} tabindex="0" role="button"
                 data-testid="palette-entry" data-kind={choice.0.clone()} data-variant={choice.1.clone()}
                 title={format!("{detail}\nDrag onto the canvas, or press Enter, to add one")}
                 {onpointerdown} {onkeydown}>
                <span class="palette-swatch" style={format!("background: {color}")} />
                <span class="palette-title">{title}</span>
            </div>
        }
    };
    let kinds = p.kinds.iter().filter_map(|k| {
        let variants: Vec<Html> = k
            .variants
            .iter()
            .filter(|v| matches(&[&k.kind, &k.title, &v.name, &v.title, &v.description]))
            .map(|v| entry((k.kind.clone(), Some(v.name.clone())), v.title.clone(), v.description.clone(), k.color.clone(), true))
            .collect();
        let kind_matches = matches(&[&k.kind, &k.title, &k.collection_title, &k.description]);
        if !kind_matches && variants.is_empty() {
            return None;
        }
        Some(html! {
            <div class="palette-kind">
                {entry((k.kind.clone(), None), k.title.clone(), k.description.clone(), k.color.clone(), false)}
                {for variants}
            </div>
        })
    });
    html! {
        <nav class="palette" data-testid="palette" aria-label="Components to add">
            <input class="palette-search" data-testid="palette-search" type="search" placeholder="Search components"
                   value={(*query).clone()} {oninput} spellcheck="false" />
            <div class="palette-list">{for kinds}</div>
        </nav>
    }
}
