//! The design canvas: a document's components as nodes on a plane, wired by their
//! references.
//!
//! The backend owns the picture (`ipc::design`: components, references, positions from the
//! layout sidecar or the automatic layout); this component draws it and turns pointer and
//! keyboard input into requests. Everything is built on pointer events (no HTML drag and
//! drop): drag a node to move it (all selected nodes move together), drag the background to
//! pan, shift-drag to select with a rubber band, shift-click to add to the selection, wheel
//! to zoom around the cursor. Keys: arrows move the selection (Shift: further), Tab and
//! Shift+Tab walk the components, Ctrl+A selects all, Escape clears, + and − zoom, 0 fits.
//!
//! Only what is in view is drawn (plus a margin), so a document with thousands of
//! components stays responsive; the minimap shows the whole.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use trellis_protocol::{
    DesignDto, DesignNodeDto, FormDto, ImpactDto, NodeMoveDto, ReferrerDto, Severity,
};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::bitmap::{self, Scene};
use crate::components::inspector::{name_of, Inspector};
use crate::components::palette::{Choice, Palette};
use crate::components::viewbox::{self, contains, fit_on_screen, intersects, ViewBox};
use crate::ipc;
use crate::state::{self, Action, AppContext};

const PAD: f64 = 24.0;
const ZOOM_STEP: f64 = 1.25;
/// Drawn beyond the edges of the view, so panning does not show empty borders.
const CULL_MARGIN: f64 = 200.0;
const MINIMAP_W: f64 = 180.0;
const MINIMAP_H: f64 = 120.0;

/// What a pointer drag is doing.
#[derive(Clone, Debug)]
enum Drag {
    /// Panning from the view `view` (pointer start in client pixels). While the pointer
    /// moves, the drawing's `viewBox` is set directly (`now`); the view state follows when
    /// the pointer is released, or when the view leaves the region drawn.
    Pan {
        sx: f64,
        sy: f64,
        view: ViewBox,
        now: ViewBox,
        moved: bool,
    },
    /// Moving nodes: each id with its position when the drag began. While the pointer
    /// moves, the nodes' elements (and their references) are moved in the DOM directly;
    /// the move is committed once, when the pointer is released.
    Move {
        sx: f64,
        sy: f64,
        start: Vec<(String, f64, f64)>,
        moved: bool,
        /// The pointer's offset so far, in plane units (positions are rounded from it).
        offset: (f64, f64),
        live: Option<Rc<Live>>,
    },
    /// A rubber band from (x0, y0) in plane units.
    Band { x0: f64, y0: f64 },
    /// A wire from the reference field `field` of a component.
    Wire { field: String },
}

/// The elements a node drag moves directly (collected when the drag starts moving).
#[derive(Debug)]
struct Live {
    /// Each moved node's `<g>` and its position when the drag began.
    nodes: Vec<(web_sys::Element, f64, f64)>,
    /// The references attached to a moved node: their `<path>`s, and each end (a moved
    /// node's id, or a fixed box).
    edges: Vec<(Vec<web_sys::Element>, End, End)>,
}

/// One end of a reference during a drag.
#[derive(Debug)]
enum End {
    /// A moved node: its box when the drag began.
    Moving(f64, f64, f64, f64),
    Fixed(f64, f64, f64, f64),
}

impl End {
    fn at(&self, (dx, dy): (f64, f64)) -> (f64, f64, f64, f64) {
        match *self {
            End::Moving(x, y, w, h) => ((x + dx).round(), (y + dy).round(), w, h),
            End::Fixed(x, y, w, h) => (x, y, w, h),
        }
    }
}

/// A reference's curve from the right side of box `a` to the left side of box `b`.
fn edge_path(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> String {
    let (x1, y1) = (a.0 + a.2, a.1 + a.3 / 2.0);
    let (x2, y2) = (b.0, b.1 + b.3 / 2.0);
    let bend = ((x2 - x1).abs() / 2.0).max(40.0);
    format!(
        "M {x1:.1} {y1:.1} C {:.1} {y1:.1}, {:.1} {y2:.1}, {x2:.1} {y2:.1}",
        x1 + bend,
        x2 - bend
    )
}

/// Finds the elements of the nodes `ids` and of the references attached to them, for a
/// drag that moves them in the DOM.
fn collect_live(
    svg: &web_sys::Element,
    ids: &HashSet<&str>,
    start: &[(String, f64, f64)],
    nodes: &[DesignNodeDto],
) -> Live {
    let all = |selector: &str| {
        let mut out = Vec::new();
        if let Ok(list) = svg.query_selector_all(selector) {
            for i in 0..list.length() {
                if let Some(el) = list
                    .item(i)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                {
                    out.push(el);
                }
            }
        }
        out
    };
    let starts: HashMap<&str, (f64, f64)> = start
        .iter()
        .map(|(id, x, y)| (id.as_str(), (*x, *y)))
        .collect();
    let boxes: HashMap<&str, &DesignNodeDto> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let live_nodes = all("[data-testid=canvas-node]")
        .into_iter()
        .filter_map(|el| {
            let id = el.get_attribute("data-id")?;
            let &(x, y) = starts.get(id.as_str())?;
            Some((el, x, y))
        })
        .collect();
    let end = |id: &str| {
        let n = boxes.get(id)?;
        Some(match starts.get(id) {
            Some(&(x, y)) => End::Moving(x, y, n.w, n.h),
            None => End::Fixed(n.x, n.y, n.w, n.h),
        })
    };
    let edges = all("[data-testid=canvas-edge][data-from]")
        .into_iter()
        .filter_map(|el| {
            let (from, to) = (el.get_attribute("data-from")?, el.get_attribute("data-to")?);
            if !ids.contains(from.as_str()) && !ids.contains(to.as_str()) {
                return None;
            }
            // The reference and its wider hit area share a group.
            let paths = match el.parent_element() {
                Some(g) => {
                    let list = g.children();
                    (0..list.length()).filter_map(|i| list.item(i)).collect()
                }
                None => vec![el],
            };
            Some((paths, end(&from)?, end(&to)?))
        })
        .collect();
    Live {
        nodes: live_nodes,
        edges,
    }
}

/// Shared data compared by identity: a layer redraws only when it is handed new data.
struct Shared<T>(Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Below this many pixels per plane unit, nodes are drawn as plain boxes (their text would
/// be unreadable, and drawing it is most of the cost of a large picture).
const DETAIL_SCALE: f64 = 0.45;
/// The drawn region snaps to cells this large, so panning within a cell redraws nothing.
const CULL_CELL: f64 = 256.0;
/// Zoomed out with more nodes than this in the drawn region, the picture goes on a
/// `<canvas>` (bitmap.rs) and only the selection stays SVG.
const BITMAP_NODES: usize = 250;

/// The plane region of a cell range (x0, y0, x1, y1).
fn cell_region((c0, c1, c2, c3): (i64, i64, i64, i64)) -> ViewBox {
    (
        c0 as f64 * CULL_CELL,
        c1 as f64 * CULL_CELL,
        (c2 - c0) as f64 * CULL_CELL,
        (c3 - c1) as f64 * CULL_CELL,
    )
}

/// The view plus a margin, snapped to cells.
fn cells_of(v: ViewBox) -> (i64, i64, i64, i64) {
    (
        ((v.0 - CULL_MARGIN) / CULL_CELL).floor() as i64,
        ((v.1 - CULL_MARGIN) / CULL_CELL).floor() as i64,
        ((v.0 + v.2 + CULL_MARGIN) / CULL_CELL).ceil() as i64,
        ((v.1 + v.3 + CULL_MARGIN) / CULL_CELL).ceil() as i64,
    )
}

/// What the selection and its impact mark in the picture: what the selected component
/// uses, what uses it, and the components in reference cycles.
struct Marks<'a> {
    selection: &'a HashSet<String>,
    uses: HashSet<&'a str>,
    used_by: HashSet<&'a str>,
    in_cycle: HashSet<&'a str>,
}

impl<'a> Marks<'a> {
    fn new(
        d: &'a DesignDto,
        selection: &'a HashSet<String>,
        impact: Option<&'a ImpactDto>,
    ) -> Self {
        Marks {
            selection,
            uses: impact
                .map(|i| i.depends_on.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            used_by: impact
                .map(|i| i.dependents.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            in_cycle: d.cycles.iter().flatten().map(String::as_str).collect(),
        }
    }

    /// How the component `id` is drawn.
    fn role(&self, id: &str) -> bitmap::Role {
        if self.selection.contains(id) {
            bitmap::Role::Selected
        } else if self.uses.contains(id) {
            bitmap::Role::Uses
        } else if self.used_by.contains(id) {
            bitmap::Role::UsedBy
        } else {
            bitmap::Role::Plain
        }
    }

    /// Whether a reference from `a` to `b` is highlighted by the selection and its impact.
    fn lit(&self, a: &str, b: &str) -> bool {
        let (selection, uses, used_by) = (self.selection, &self.uses, &self.used_by);
        selection.contains(a) && (uses.contains(b) || selection.contains(b))
            || (uses.contains(a) && uses.contains(b))
            || selection.contains(b) && used_by.contains(a)
            || (used_by.contains(a) && used_by.contains(b))
    }

    fn in_cycle(&self, id: &str) -> bool {
        self.in_cycle.contains(id)
    }

    /// Whether a reference from `a` to `b` is part of a cycle.
    fn cycle_edge(&self, a: &str, b: &str) -> bool {
        self.in_cycle(a) && self.in_cycle(b)
    }
}

/// What the `<canvas>` draws: everything but the nodes the SVG keeps (the selection) and
/// the references attached to them.
fn build_scene(
    d: &DesignDto,
    nodes: Rc<Vec<DesignNodeDto>>,
    selection: &HashSet<String>,
    impact: Option<&ImpactDto>,
    counts: &HashMap<String, (u32, u32)>,
) -> Scene {
    let in_svg = bitmap::svg_drawn(selection);
    let marks = Marks::new(d, selection, impact);
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let drawn = nodes.iter().map(|n| !in_svg.contains(&n.id)).collect();
    let roles = nodes.iter().map(|n| marks.role(&n.id)).collect();
    let cycle = nodes.iter().map(|n| marks.in_cycle(&n.id)).collect();
    let node_counts = nodes
        .iter()
        .map(|n| counts.get(&n.id).copied().unwrap_or_default())
        .collect();
    let edges = d
        .edges
        .iter()
        .filter(|e| !in_svg.contains(&e.from) && !in_svg.contains(&e.to))
        .filter_map(|e| {
            let (a, b) = (*index.get(e.from.as_str())?, *index.get(e.to.as_str())?);
            Some((
                a,
                b,
                marks.lit(&e.from, &e.to),
                marks.cycle_edge(&e.from, &e.to),
            ))
        })
        .collect();
    let dangling = d
        .dangling
        .iter()
        .filter_map(|r| {
            let from = r.from.as_deref()?;
            (!in_svg.contains(from)).then_some((*index.get(from)?, r.name.clone()))
        })
        .collect();
    drop(index);
    Scene {
        nodes,
        drawn,
        roles,
        cycle,
        counts: node_counts,
        edges,
        focus: !selection.is_empty(),
        dangling,
    }
}

#[derive(Properties, PartialEq)]
struct LayerProps {
    design: Shared<DesignDto>,
    /// The nodes with local moves applied.
    nodes: Shared<Vec<DesignNodeDto>>,
    /// The drawn region: (x0, y0, x1, y1) in cells.
    cells: (i64, i64, i64, i64),
    detailed: bool,
    selection: Shared<HashSet<String>>,
    impact: Option<Shared<ImpactDto>>,
    counts: Shared<HashMap<String, (u32, u32)>>,
    /// The selected component's form, for its ports.
    form: Option<Shared<FormDto>>,
    /// While a wire is dragged: the components it may connect to.
    wire_targets: Option<Shared<HashSet<String>>>,
    /// The selected reference (its field pointer).
    edge: Option<String>,
    /// The bulk is drawn on the `<canvas>`: only the selection (and its references) here.
    bitmap: bool,
}

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub path: AttrValue,
    /// The document's text: the picture is fetched again whenever it changes.
    pub text: AttrValue,
    /// Bumped by undo and redo (which may move nodes without changing the text).
    #[prop_or_default]
    pub revision: u64,
}

/// What the clipboard buttons and keys do.
#[derive(Clone, Copy)]
enum ClipboardOp {
    Copy,
    Paste,
    Duplicate,
}

fn bounds(nodes: &[DesignNodeDto]) -> ViewBox {
    if nodes.is_empty() {
        return (0.0, 0.0, 400.0, 300.0);
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for n in nodes {
        x0 = x0.min(n.x);
        y0 = y0.min(n.y);
        x1 = x1.max(n.x + n.w);
        y1 = y1.max(n.y + n.h);
    }
    (x0 - PAD, y0 - PAD, x1 - x0 + 2.0 * PAD, y1 - y0 + 2.0 * PAD)
}

/// The view moved (and widened if it must) so that `target` is inside it; unchanged when it
/// already is.
fn bring_into_view(view: ViewBox, target: ViewBox) -> ViewBox {
    let inside = target.0 >= view.0
        && target.1 >= view.1
        && target.0 + target.2 <= view.0 + view.2
        && target.1 + target.3 <= view.1 + view.3;
    if inside {
        return view;
    }
    let scale = (target.2 / view.2).max(target.3 / view.3).max(1.0);
    let (w, h) = (view.2 * scale, view.3 * scale);
    let (cx, cy) = (target.0 + target.2 / 2.0, target.1 + target.3 / 2.0);
    (cx - w / 2.0, cy - h / 2.0, w, h)
}

/// Widths the view may take.
const ZOOM_LIMITS: (f64, f64) = (120.0, 40_000.0);

/// Error and warning counts on and inside each component (a diagnostic counts for the
/// innermost component holding its pointer).
fn problem_counts(
    problems: Option<&crate::state::Problems>,
    nodes: &[DesignNodeDto],
) -> HashMap<String, (u32, u32)> {
    let mut counts = HashMap::new();
    let Some(problems) = problems else {
        return counts;
    };
    let ids: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    for d in &problems.result.diagnostics {
        let mut at = d.pointer.as_str();
        let owner = loop {
            if ids.contains(at) {
                break Some(at);
            }
            match at.rfind('/') {
                Some(i) if i > 0 => at = &at[..i],
                _ => break None,
            }
        };
        if let Some(id) = owner {
            let entry = counts.entry(id.to_string()).or_insert((0, 0));
            match d.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
                Severity::Info => {}
            }
        }
    }
    counts
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let design = use_state(|| None::<Rc<DesignDto>>);
    // Positions moved here and not yet confirmed by a new picture.
    let moved = use_state(|| Rc::new(HashMap::<String, (f64, f64)>::new()));
    let selection = use_state(|| Rc::new(HashSet::<String>::new()));
    let impact = use_state(|| None::<Rc<ImpactDto>>);
    let view = use_state(|| (0.0, 0.0, 800.0, 600.0));
    let fitted = use_state(|| ((0.0, 0.0, 800.0, 600.0), 1.0));
    let band = use_state(|| None::<ViewBox>);
    let drag = use_mut_ref(|| None::<Drag>);
    let svg = use_node_ref();
    let fitted_path = use_mut_ref(|| None::<String>);
    // A fit waiting for the drawing to be on screen (the first picture arrives while the
    // canvas still shows "Drawing…", and a fit measured then would think it is at 100 %).
    let pending_fit = use_mut_ref(|| false);
    // Components just created by paste or duplicate: brought into view once drawn.
    let reveal = use_mut_ref(|| None::<Vec<String>>);
    let form = use_state(|| None::<Rc<FormDto>>);
    let wire_targets = use_state(|| None::<Rc<HashSet<String>>>);
    // The loose end of a wire being dragged, in plane units.
    let wire_end = use_state(|| None::<(f64, f64)>);
    let edge = use_state(|| None::<String>);
    // A palette entry being dragged: the choice and where the pointer is (client pixels).
    let carried = use_state(|| None::<(Choice, f64, f64, bool)>);
    let confirm_delete = use_state(|| None::<(Vec<String>, Vec<ReferrerDto>)>);
    let root = use_node_ref();
    let bitmap_canvas = use_node_ref();
    // The region the last render drew, and the canvas's scene: a pan draws without
    // rendering while it stays inside that region.
    let drawn_region = use_mut_ref(|| None::<ViewBox>);
    let scene_now = use_mut_ref(|| None::<Rc<Scene>>);
    // A resized window resizes the plane: render again, so the <canvas> is drawn to fit.
    {
        let redraw = use_force_update();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                redraw.force_update();
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "resize",
                    wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()),
                );
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()),
                    );
                }
            }
        });
    }

    let geometry = {
        let svg = svg.clone();
        move |v: ViewBox| viewbox::geometry(&svg, v)
    };
    let to_plane = {
        let svg = svg.clone();
        move |v: ViewBox, cx: f64, cy: f64| viewbox::to_drawing(&svg, v, cx, cy)
    };
    let fit_now = {
        let (svg, view, fitted) = (svg.clone(), view.clone(), fitted.clone());
        move |nodes: &[DesignNodeDto]| {
            let measured = fit_on_screen(&svg, bounds(nodes));
            view.set(measured.0);
            fitted.set(measured);
        }
    };

    // Fetch the picture whenever the document changes; fit it the first time a file shows.
    {
        let (design, moved, ctx) = (design.clone(), moved.clone(), ctx.clone());
        let fit_now = fit_now.clone();
        let (fitted_path, pending_fit, svg) =
            (fitted_path.clone(), pending_fit.clone(), svg.clone());
        let (reveal, view) = (reveal.clone(), view.clone());
        let path = props.path.to_string();
        use_effect_with(
            (props.path.clone(), props.text.clone(), props.revision),
            move |_| {
                spawn_local(async move {
                    match ipc::design(&path).await {
                        Ok(d) => {
                            let first = fitted_path.borrow().as_deref() != Some(path.as_str());
                            if first {
                                *fitted_path.borrow_mut() = Some(path.clone());
                                if svg.get().is_some() {
                                    fit_now(&d.nodes);
                                } else {
                                    *pending_fit.borrow_mut() = true;
                                }
                            }
                            let wanted = reveal.borrow_mut().take();
                            if let Some(ids) = wanted.filter(|_| !first) {
                                let picked: Vec<DesignNodeDto> = d
                                    .nodes
                                    .iter()
                                    .filter(|n| ids.contains(&n.id))
                                    .cloned()
                                    .collect();
                                if !picked.is_empty() {
                                    view.set(bring_into_view(*view, bounds(&picked)));
                                }
                            }
                            moved.set(Rc::new(HashMap::new()));
                            design.set(Some(Rc::new(d)));
                        }
                        Err(e) => ctx.dispatch(Action::Failed(e)),
                    }
                });
            },
        );
    }
    // What the selected component depends on, and what depends on it.
    {
        let (impact, path) = (impact.clone(), props.path.to_string());
        let single = (selection.len() == 1)
            .then(|| selection.iter().next().cloned())
            .flatten();
        use_effect_with(single, move |single| {
            impact.set(None);
            if let Some(id) = single.clone() {
                spawn_local(async move {
                    if let Ok(i) = ipc::impact(&path, &id).await {
                        impact.set(Some(Rc::new(i)));
                    }
                });
            }
        });
    }

    // The form (and ports) of the one selected component, again whenever the text changes.
    {
        let (form, path) = (form.clone(), props.path.to_string());
        let single = (selection.len() == 1)
            .then(|| selection.iter().next().cloned())
            .flatten();
        use_effect_with((single, props.text.clone()), move |(single, _)| {
            let single = single.clone();
            spawn_local(async move {
                let fetched = match single {
                    Some(id) => ipc::component_form(&path, &id).await.ok().map(Rc::new),
                    None => None,
                };
                form.set(fetched);
            });
        });
    }
    // Positions with local moves applied, and problem counts: recomputed only when their
    // inputs change (not on every pan frame).
    let nodes = use_memo(
        ((*design).clone().map(Shared), Shared((*moved).clone())),
        |(design, moved)| match design {
            Some(d) => d
                .nodes
                .iter()
                .map(|n| match moved.get(&n.id) {
                    Some(&(x, y)) => DesignNodeDto { x, y, ..n.clone() },
                    None => n.clone(),
                })
                .collect(),
            None => Vec::new(),
        },
    );
    let counts = use_memo(
        (ctx.problems.clone().map(Shared), Shared(nodes.clone())),
        |(problems, nodes)| problem_counts(problems.as_deref(), nodes),
    );
    // What to draw: the view plus a margin, snapped to cells; zoomed out with many nodes
    // there, on a <canvas>.
    let v = *view;
    let cells = cells_of(v);
    let region = cell_region(cells);
    let scale = fitted.1 * fitted.0 .2 / v.2;
    let detailed = scale >= DETAIL_SCALE;
    let use_bitmap = !detailed
        && nodes
            .iter()
            .filter(|n| intersects(region, (n.x, n.y, n.w, n.h)))
            .count()
            > BITMAP_NODES;
    let scene = use_memo(
        (
            use_bitmap,
            (*design).clone().map(Shared),
            Shared(nodes.clone()),
            Shared((*selection).clone()),
            (*impact).clone().map(Shared),
            Shared(counts.clone()),
        ),
        |(on, design, nodes, selection, impact, counts)| {
            let d = design.as_ref().filter(|_| *on)?;
            Some(Rc::new(build_scene(
                d,
                nodes.0.clone(),
                selection,
                impact.as_deref(),
                counts,
            )))
        },
    );
    *scene_now.borrow_mut() = (*scene).clone();
    {
        let (pending_fit, svg, fit_now, nodes) = (
            pending_fit.clone(),
            svg.clone(),
            fit_now.clone(),
            nodes.clone(),
        );
        use_effect(move || {
            if *pending_fit.borrow() && svg.get().is_some() {
                *pending_fit.borrow_mut() = false;
                fit_now(&nodes);
            }
        });
    }
    *drawn_region.borrow_mut() = Some(region);
    {
        let (canvas, svg) = (bitmap_canvas.clone(), svg.clone());
        // After every render, not only when the scene or the view change: a render may also
        // resize the plane (the inspector opening beside it).
        let scene = scene.clone();
        use_effect(move || {
            if let (Some(scene), Some(canvas), Some(svg)) = (
                (*scene).as_ref(),
                canvas.cast::<web_sys::HtmlCanvasElement>(),
                svg.cast::<web_sys::Element>(),
            ) {
                let (drawn, missing) = bitmap::draw(&canvas, &svg, v, scene);
                let _ = canvas.set_attribute("data-drawn", &drawn.to_string());
                let _ = canvas.set_attribute("data-missing", &missing.to_string());
            }
        });
    }
    let Some(d) = (*design).clone() else {
        return html! { <div class="canvas-empty muted" data-testid="canvas-loading">{"Drawing…"}</div> };
    };
    if d.nodes.is_empty() {
        return html! {
            <div class="canvas-empty muted" data-testid="canvas-empty">
                {"This document has no components to draw: the canvas shows files of a schema pack \
                  (agent stacks, Compose files, workflows, collectors). Choose one in the status bar."}
            </div>
        };
    }
    let by_id: HashMap<&str, &DesignNodeDto> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();

    let send_moves = {
        let (ctx, path) = (ctx.clone(), props.path.to_string());
        move |moves: Vec<NodeMoveDto>| {
            let (ctx, path) = (ctx.clone(), path.clone());
            spawn_local(async move {
                // Only the undo state comes back (the text is unchanged).
                match ipc::move_components(&path, &moves).await {
                    Ok(state) => ctx.dispatch(Action::HistoryState(state)),
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        }
    };

    // Deleting (one component or the selection, as one undoable step): what nothing outside
    // refers to goes at once; otherwise the user is shown who refers to it and chooses.
    let request_delete = {
        let (ctx, path, confirm_delete, selection) = (
            ctx.clone(),
            props.path.to_string(),
            confirm_delete.clone(),
            selection.clone(),
        );
        move |ids: Vec<String>| {
            let (ctx, path, confirm_delete, selection) = (
                ctx.clone(),
                path.clone(),
                confirm_delete.clone(),
                selection.clone(),
            );
            if ids.is_empty() {
                return;
            }
            spawn_local(async move {
                match ipc::referrers_of(&path, &ids).await {
                    Ok(refs) if refs.is_empty() => {
                        match ipc::delete_components(&path, &ids, false).await {
                            Ok(doc) => {
                                selection.set(Rc::new(HashSet::new()));
                                state::show_document(&ctx, doc, Some("Deleted".into()));
                            }
                            Err(e) => ctx.dispatch(Action::Failed(e)),
                        }
                    }
                    Ok(refs) => confirm_delete.set(Some((ids, refs))),
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        }
    };
    let delete_confirmed = {
        let (ctx, path, confirm_delete, selection) = (
            ctx.clone(),
            props.path.to_string(),
            confirm_delete.clone(),
            selection.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some((ids, _)) = (*confirm_delete).clone() else {
                return;
            };
            confirm_delete.set(None);
            let (ctx, path, selection) = (ctx.clone(), path.clone(), selection.clone());
            spawn_local(async move {
                match ipc::delete_components(&path, &ids, true).await {
                    Ok(doc) => {
                        selection.set(Rc::new(HashSet::new()));
                        state::show_document(
                            &ctx,
                            doc,
                            Some("Deleted, with the references to it".into()),
                        );
                    }
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        })
    };
    let cancel_delete = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: MouseEvent| confirm_delete.set(None))
    };
    // Adding from the palette, at a place on the plane (its centre when none).
    let add = {
        let (ctx, path, selection, view) = (
            ctx.clone(),
            props.path.to_string(),
            selection.clone(),
            view.clone(),
        );
        move |(kind, variant): Choice, at: Option<(f64, f64)>| {
            let v = *view;
            let (x, y) = at.unwrap_or((v.0 + v.2 / 2.0, v.1 + v.3 / 2.0));
            let (ctx, path, selection) = (ctx.clone(), path.clone(), selection.clone());
            spawn_local(async move {
                let at = Some(((x - 105.0).round(), (y - 43.0).round()));
                match ipc::add_component(&path, &kind, variant.as_deref(), at).await {
                    Ok(added) => {
                        let mut notice = format!("Added {}", added.name);
                        if !added.missing.is_empty() {
                            notice.push_str(&format!(
                                " — still to fill in: {}",
                                added.missing.join("; ")
                            ));
                        }
                        selection.set(Rc::new(HashSet::from([added.id.clone()])));
                        state::show_document(&ctx, added.document, Some(notice));
                    }
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        }
    };
    let on_palette_press = {
        let (carried, root) = (carried.clone(), root.clone());
        Callback::from(move |(choice, e): (Choice, PointerEvent)| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            carried.set(Some((
                choice,
                f64::from(e.client_x()),
                f64::from(e.client_y()),
                false,
            )));
        })
    };
    let on_palette_add = {
        let add = add.clone();
        Callback::from(move |choice: Choice| add(choice, None))
    };
    let on_root_move = {
        let carried = carried.clone();
        Callback::from(move |e: PointerEvent| {
            let Some((choice, sx, sy, moved)) = (*carried).clone() else {
                return;
            };
            let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let moved = moved || (cx - sx).abs() + (cy - sy).abs() > 4.0;
            carried.set(Some((choice, cx, cy, moved)));
        })
    };
    let on_root_up = {
        let (carried, svg, view, to_plane, add) = (
            carried.clone(),
            svg.clone(),
            view.clone(),
            to_plane.clone(),
            add.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let Some((choice, _, _, moved)) = (*carried).clone() else {
                return;
            };
            carried.set(None);
            let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let over_plane = svg.cast::<web_sys::Element>().is_some_and(|el| {
                let r = el.get_bounding_client_rect();
                cx >= r.left() && cx <= r.right() && cy >= r.top() && cy <= r.bottom()
            });
            if over_plane {
                add(choice, to_plane(*view, cx, cy));
            } else if !moved {
                add(choice, None);
            }
        })
    };
    let on_inspector_delete = {
        let request_delete = request_delete.clone();
        Callback::from(move |id: String| request_delete(vec![id]))
    };

    let onwheel = {
        let (view, to_plane) = (view.clone(), to_plane.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let v = *view;
            let factor = if e.delta_y() > 0.0 {
                ZOOM_STEP
            } else {
                1.0 / ZOOM_STEP
            };
            let (cx, cy) = to_plane(v, f64::from(e.client_x()), f64::from(e.client_y()))
                .unwrap_or((v.0 + v.2 / 2.0, v.1 + v.3 / 2.0));
            view.set(viewbox::zoom(v, factor, (cx, cy), ZOOM_LIMITS));
        })
    };
    let onpointerdown = {
        let scene_now = scene_now.clone();
        let (view, drag, svg, selection, to_plane, nodes) = (
            view.clone(),
            drag.clone(),
            svg.clone(),
            selection.clone(),
            to_plane.clone(),
            nodes.clone(),
        );
        let (band, edge, wire_end, wire_targets) = (
            band.clone(),
            edge.clone(),
            wire_end.clone(),
            wire_targets.clone(),
        );
        let path = props.path.to_string();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(el) = svg.cast::<web_sys::Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
                // Keys go to the canvas from now on (`focus` is the same method on SVG).
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).focus();
            }
            let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let element = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            let hit = |selector: &str, attribute: &str| {
                element
                    .as_ref()
                    .and_then(|el| el.closest(selector).ok().flatten())
                    .and_then(|el| el.get_attribute(attribute))
            };
            // A port: a wire starts; the components it may reach light up.
            if let Some(field) = hit("[data-testid=canvas-port]", "data-field") {
                edge.set(None);
                wire_end.set(to_plane(*view, cx, cy));
                *drag.borrow_mut() = Some(Drag::Wire {
                    field: field.clone(),
                });
                let (wire_targets, path) = (wire_targets.clone(), path.clone());
                spawn_local(async move {
                    if let Ok(t) = ipc::targets(&path, &field).await {
                        wire_targets.set(Some(Rc::new(t.valid.into_iter().collect())));
                    }
                });
                return;
            }
            // A reference: selected (Delete removes it).
            if let Some(field) = hit("[data-testid=canvas-edge-hit]", "data-field") {
                selection.set(Rc::new(HashSet::new()));
                edge.set(Some(field));
                return;
            }
            edge.set(None);
            // Which node, if any, is under the pointer (the topmost: drawn last); on the
            // <canvas>, found by position.
            let target = hit("[data-testid=canvas-node]", "data-id").or_else(|| {
                let (x, y) = to_plane(*view, cx, cy)?;
                let scene = scene_now.borrow().clone()?;
                scene.hit(x, y).map(|n| n.id.clone())
            });
            match target {
                Some(id) => {
                    let mut sel = (**selection).clone();
                    if e.shift_key() {
                        if !sel.remove(&id) {
                            sel.insert(id.clone());
                        }
                    } else if !sel.contains(&id) {
                        sel = HashSet::from([id.clone()]);
                    }
                    let start = nodes
                        .iter()
                        .filter(|n| sel.contains(&n.id))
                        .map(|n| (n.id.clone(), n.x, n.y))
                        .collect();
                    // Pressing a node already selected renders nothing.
                    if sel != **selection {
                        selection.set(Rc::new(sel));
                    }
                    *drag.borrow_mut() = Some(Drag::Move {
                        sx: cx,
                        sy: cy,
                        start,
                        moved: false,
                        offset: (0.0, 0.0),
                        live: None,
                    });
                }
                None if e.shift_key() => {
                    if let Some((x0, y0)) = to_plane(*view, cx, cy) {
                        band.set(Some((x0, y0, 0.0, 0.0)));
                        *drag.borrow_mut() = Some(Drag::Band { x0, y0 });
                    }
                }
                None => {
                    *drag.borrow_mut() = Some(Drag::Pan {
                        sx: cx,
                        sy: cy,
                        view: *view,
                        now: *view,
                        moved: false,
                    });
                }
            }
        })
    };
    let onpointermove = {
        let (view, drag, geometry, to_plane, band) = (
            view.clone(),
            drag.clone(),
            geometry.clone(),
            to_plane.clone(),
            band.clone(),
        );
        let (svg, root, nodes) = (svg.clone(), root.clone(), nodes.clone());
        let (scene_now, drawn_region, bitmap_canvas) = (
            scene_now.clone(),
            drawn_region.clone(),
            bitmap_canvas.clone(),
        );
        let wire_end = wire_end.clone();
        Callback::from(move |e: PointerEvent| {
            let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let mut state = drag.borrow_mut();
            match state.as_mut() {
                Some(Drag::Pan {
                    sx,
                    sy,
                    view: start,
                    now,
                    moved: m,
                }) => {
                    let Some((scale, _, _)) = geometry(*start) else {
                        return;
                    };
                    let (dx, dy) = ((cx - *sx) / scale, (cy - *sy) / scale);
                    *m |= dx.abs() + dy.abs() > 2.0 / scale;
                    let next = (start.0 - dx, start.1 - dy, start.2, start.3);
                    *now = next;
                    // Without rendering: the drawing's viewBox, the minimap's frame and the
                    // <canvas>; a render only when the view leaves the region drawn as SVG.
                    if let Some(el) = svg.cast::<web_sys::Element>() {
                        let _ = el.set_attribute(
                            "viewBox",
                            &format!("{:.2} {:.2} {:.2} {:.2}", next.0, next.1, next.2, next.3),
                        );
                    }
                    if let Some(frame) = root.cast::<web_sys::Element>().and_then(|r| {
                        r.query_selector("[data-testid=minimap-view]")
                            .ok()
                            .flatten()
                    }) {
                        let _ = frame.set_attribute("x", &next.0.to_string());
                        let _ = frame.set_attribute("y", &next.1.to_string());
                    }
                    let on_bitmap = scene_now.borrow().is_some();
                    match on_bitmap {
                        // The picture drawn at the press slides with the pointer (a copy of
                        // pixels, not a redraw of every node and reference); it is drawn
                        // again for the new view when the pan ends.
                        true => {
                            if let Some(canvas) = bitmap_canvas.cast::<web_sys::HtmlElement>() {
                                let _ = canvas.style().set_property(
                                    "transform",
                                    &format!("translate({:.0}px, {:.0}px)", cx - *sx, cy - *sy),
                                );
                            }
                        }
                        false => {
                            let inside =
                                (*drawn_region.borrow()).is_some_and(|r| contains(r, next));
                            if !inside {
                                view.set(next);
                            }
                        }
                    }
                }
                Some(Drag::Move {
                    sx,
                    sy,
                    start,
                    moved: m,
                    offset,
                    live,
                }) => {
                    let Some((scale, _, _)) = geometry(*view) else {
                        return;
                    };
                    let (dx, dy) = ((cx - *sx) / scale, (cy - *sy) / scale);
                    if !*m && dx.abs() + dy.abs() < 3.0 / scale {
                        return;
                    }
                    *m = true;
                    *offset = (dx, dy);
                    // Moved in the DOM, not through a render: the nodes' transforms and the
                    // curves of their references.
                    if live.is_none() {
                        if let Some(el) = svg.cast::<web_sys::Element>() {
                            let ids: HashSet<&str> =
                                start.iter().map(|(id, _, _)| id.as_str()).collect();
                            *live = Some(Rc::new(collect_live(&el, &ids, start, &nodes)));
                        }
                    }
                    let Some(live) = live.as_ref() else { return };
                    let at = |x: f64, y: f64| ((x + dx).round(), (y + dy).round());
                    for (el, x, y) in &live.nodes {
                        let (nx, ny) = at(*x, *y);
                        let _ =
                            el.set_attribute("transform", &format!("translate({nx:.1} {ny:.1})"));
                    }
                    for (paths, a, b) in &live.edges {
                        let (a, b) = (a.at((dx, dy)), b.at((dx, dy)));
                        let d = edge_path(a, b);
                        for p in paths {
                            let _ = p.set_attribute("d", &d);
                        }
                    }
                    // A selection too large for the SVG is drawn on the <canvas>: draw it
                    // again with those nodes where the pointer has taken them.
                    let scene = scene_now.borrow().clone();
                    if let (Some(scene), Some(canvas), Some(el), true) = (
                        scene,
                        bitmap_canvas.cast::<web_sys::HtmlCanvasElement>(),
                        svg.cast::<web_sys::Element>(),
                        live.nodes.len() < start.len(),
                    ) {
                        let moving: HashMap<&str, (f64, f64)> = start
                            .iter()
                            .map(|(id, x, y)| (id.as_str(), (*x, *y)))
                            .collect();
                        let nodes = scene
                            .nodes
                            .iter()
                            .map(|n| match moving.get(n.id.as_str()) {
                                Some(&(x, y)) => {
                                    let (x, y) = at(x, y);
                                    DesignNodeDto { x, y, ..n.clone() }
                                }
                                None => n.clone(),
                            })
                            .collect();
                        let moved = Scene {
                            nodes: Rc::new(nodes),
                            ..(*scene).clone()
                        };
                        bitmap::draw(&canvas, &el, *view, &moved);
                    }
                }
                Some(Drag::Wire { .. }) => wire_end.set(to_plane(*view, cx, cy)),
                Some(Drag::Band { x0, y0 }) => {
                    if let Some((x1, y1)) = to_plane(*view, cx, cy) {
                        band.set(Some((
                            x0.min(x1),
                            y0.min(y1),
                            (x1 - *x0).abs(),
                            (y1 - *y0).abs(),
                        )));
                    }
                }
                None => {}
            }
        })
    };
    let end_drag = {
        let (drag, moved, selection, band, nodes) = (
            drag.clone(),
            moved.clone(),
            selection.clone(),
            band.clone(),
            nodes.clone(),
        );
        let (wire_end, wire_targets, view, to_plane, ctx) = (
            wire_end.clone(),
            wire_targets.clone(),
            view.clone(),
            to_plane.clone(),
            ctx.clone(),
        );
        let path = props.path.to_string();
        let send_moves = send_moves.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(state) = drag.borrow_mut().take() else {
                return;
            };
            match state {
                Drag::Move {
                    start,
                    moved: true,
                    offset: (dx, dy),
                    ..
                } => {
                    // The move is committed once: the positions, and the backend.
                    let moves = start
                        .iter()
                        .map(|(id, x, y)| NodeMoveDto {
                            id: id.clone(),
                            x: (x + dx).round(),
                            y: (y + dy).round(),
                        })
                        .collect::<Vec<_>>();
                    if !moves.is_empty() {
                        let mut next = (**moved).clone();
                        for m in &moves {
                            next.insert(m.id.clone(), (m.x, m.y));
                        }
                        moved.set(Rc::new(next));
                        send_moves(moves);
                    }
                }
                Drag::Pan {
                    moved: true, now, ..
                } => view.set(now),
                Drag::Wire { field } => {
                    wire_end.set(None);
                    wire_targets.set(None);
                    let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
                    let over = to_plane(*view, cx, cy).and_then(|(x, y)| {
                        nodes
                            .iter()
                            .rev()
                            .find(|n| x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h)
                            .map(|n| n.id.clone())
                    });
                    if let Some(target) = over.filter(|t| !field.starts_with(&format!("{t}/"))) {
                        let (ctx, path) = (ctx.clone(), path.clone());
                        spawn_local(async move {
                            match ipc::connect(&path, &field, &target).await {
                                Ok(doc) => {
                                    state::show_document(&ctx, doc, Some("Connected".into()))
                                }
                                Err(e) => ctx.dispatch(Action::Failed(e)),
                            }
                        });
                    }
                }
                Drag::Pan { moved: false, .. } if !e.shift_key() => {
                    selection.set(Rc::new(HashSet::new()))
                }
                Drag::Band { .. } => {
                    if let Some(rect) = *band {
                        let mut sel = (**selection).clone();
                        sel.extend(
                            nodes
                                .iter()
                                .filter(|n| intersects(rect, (n.x, n.y, n.w, n.h)))
                                .map(|n| n.id.clone()),
                        );
                        selection.set(Rc::new(sel));
                    }
                    band.set(None);
                }
                _ => {}
            }
        })
    };
    // Copy, paste and duplicate: the backend plans each (unique names, references inside
    // the selection following the copies) as one undoable step; the copies get selected.
    let clipboard_op = {
        let (ctx, selection) = (ctx.clone(), selection.clone());
        let path = props.path.to_string();
        let reveal = reveal.clone();
        move |op: ClipboardOp| {
            let ids: Vec<String> = selection.iter().cloned().collect();
            let (ctx, selection, path) = (ctx.clone(), selection.clone(), path.clone());
            let reveal = reveal.clone();
            let clipboard = ctx.clipboard.clone();
            spawn_local(async move {
                let created = match op {
                    ClipboardOp::Copy => {
                        if ids.is_empty() {
                            return;
                        }
                        match ipc::copy_components(&path, &ids).await {
                            Ok(c) => ctx.dispatch(Action::Copied(c)),
                            Err(e) => ctx.dispatch(Action::Failed(e)),
                        }
                        return;
                    }
                    ClipboardOp::Duplicate if ids.is_empty() => return,
                    ClipboardOp::Duplicate => ipc::duplicate_components(&path, &ids).await,
                    ClipboardOp::Paste => match clipboard {
                        Some(c) => ipc::paste_components(&path, &c).await,
                        None => return,
                    },
                };
                match created {
                    Ok(c) => {
                        let names: Vec<&str> = c.created.iter().map(|n| n.name.as_str()).collect();
                        let mut notice = format!("Added {}", names.join(", "));
                        for note in &c.notes {
                            notice.push_str(&format!(" · {note}"));
                        }
                        selection.set(Rc::new(c.ids.iter().cloned().collect()));
                        *reveal.borrow_mut() = Some(c.ids.clone());
                        state::show_document(&ctx, c.document, Some(notice));
                    }
                    Err(e) => ctx.dispatch(Action::Failed(e)),
                }
            });
        }
    };
    let clipboard_button = |op: ClipboardOp| {
        let clipboard_op = clipboard_op.clone();
        Callback::from(move |_: MouseEvent| clipboard_op(op))
    };
    let onkeydown = {
        let clipboard_op = clipboard_op.clone();
        let (view, selection, moved, nodes, fitted) = (
            view.clone(),
            selection.clone(),
            moved.clone(),
            nodes.clone(),
            fitted.clone(),
        );
        let send_moves = send_moves.clone();
        let (edge, ctx, request_delete) = (edge.clone(), ctx.clone(), request_delete.clone());
        let path = props.path.to_string();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let step = if e.shift_key() { 60.0 } else { 12.0 };
            let v = *view;
            let centre = (v.0 + v.2 / 2.0, v.1 + v.3 / 2.0);
            let arrow = match key.as_str() {
                "ArrowLeft" => Some((-step, 0.0)),
                "ArrowRight" => Some((step, 0.0)),
                "ArrowUp" => Some((0.0, -step)),
                "ArrowDown" => Some((0.0, step)),
                _ => None,
            };
            if let Some((dx, dy)) = arrow {
                if selection.is_empty() {
                    view.set((v.0 + dx * 2.0, v.1 + dy * 2.0, v.2, v.3));
                } else {
                    let mut next = (**moved).clone();
                    let moves: Vec<NodeMoveDto> = nodes
                        .iter()
                        .filter(|n| selection.contains(&n.id))
                        .map(|n| NodeMoveDto {
                            id: n.id.clone(),
                            x: n.x + dx,
                            y: n.y + dy,
                        })
                        .collect();
                    for m in &moves {
                        next.insert(m.id.clone(), (m.x, m.y));
                    }
                    moved.set(Rc::new(next));
                    send_moves(moves);
                }
                e.prevent_default();
                return;
            }
            match key.as_str() {
                "+" | "=" => view.set(viewbox::zoom(v, 1.0 / ZOOM_STEP, centre, ZOOM_LIMITS)),
                "-" | "_" => view.set(viewbox::zoom(v, ZOOM_STEP, centre, ZOOM_LIMITS)),
                "0" => view.set(fitted.0),
                "Escape" => {
                    selection.set(Rc::new(HashSet::new()));
                    edge.set(None);
                }
                "Delete" | "Backspace" => {
                    if let Some(field) = (*edge).clone() {
                        edge.set(None);
                        let (ctx, path) = (ctx.clone(), path.clone());
                        spawn_local(async move {
                            match ipc::disconnect(&path, &field).await {
                                Ok(doc) => state::show_document(
                                    &ctx,
                                    doc,
                                    Some("Reference removed".into()),
                                ),
                                Err(e) => ctx.dispatch(Action::Failed(e)),
                            }
                        });
                    } else {
                        request_delete(selection.iter().cloned().collect());
                    }
                }
                "F2" => {
                    // Rename: the inspector's name field.
                    if let Some(input) =
                        web_sys::window().and_then(|w| w.document()).and_then(|d| {
                            d.query_selector("[data-testid=inspector-name]")
                                .ok()
                                .flatten()
                        })
                    {
                        let input = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlInputElement>(
                            input,
                        );
                        let _ = input.focus();
                        input.select();
                    }
                }
                "a" | "A" if e.ctrl_key() || e.meta_key() => {
                    selection.set(Rc::new(nodes.iter().map(|n| n.id.clone()).collect()));
                }
                "c" | "C" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    clipboard_op(ClipboardOp::Copy);
                }
                "v" | "V" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    clipboard_op(ClipboardOp::Paste);
                }
                "d" | "D" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    clipboard_op(ClipboardOp::Duplicate);
                }
                "Tab" => {
                    // Walk the components in document order; the view follows.
                    let current = (selection.len() == 1)
                        .then(|| selection.iter().next().cloned())
                        .flatten();
                    let at = current.and_then(|id| nodes.iter().position(|n| n.id == id));
                    let n = nodes.len();
                    let next = match (at, e.shift_key()) {
                        (None, false) => 0,
                        (None, true) => n - 1,
                        (Some(i), false) => (i + 1) % n,
                        (Some(i), true) => (i + n - 1) % n,
                    };
                    let node = &nodes[next];
                    selection.set(Rc::new(HashSet::from([node.id.clone()])));
                    if !intersects(v, (node.x, node.y, node.w, node.h)) {
                        view.set((
                            node.x + node.w / 2.0 - v.2 / 2.0,
                            node.y + node.h / 2.0 - v.3 / 2.0,
                            v.2,
                            v.3,
                        ));
                    }
                }
                _ => return,
            }
            e.prevent_default();
        })
    };
    let zoom_by = |factor: f64| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            let v = *view;
            view.set(viewbox::zoom(
                v,
                factor,
                (v.0 + v.2 / 2.0, v.1 + v.3 / 2.0),
                ZOOM_LIMITS,
            ));
        })
    };
    let fit_view = {
        let fit_now = fit_now.clone();
        let nodes = nodes.clone();
        Callback::from(move |_: MouseEvent| fit_now(&nodes))
    };

    let layer = html! {
        <Layer design={Shared(d.clone())} nodes={Shared(nodes.clone())} {cells} bitmap={use_bitmap}
               {detailed} selection={Shared((*selection).clone())}
               impact={(*impact).clone().map(Shared)} counts={Shared(counts.clone())}
               form={(*form).clone().map(Shared)} wire_targets={(*wire_targets).clone().map(Shared)}
               edge={(*edge).clone()} />
    };
    // The wire being dragged, from its port to the pointer.
    let wire = (*wire_end).and_then(|(x2, y2)| {
        let Some(Drag::Wire { field }) = drag.borrow().clone() else { return None };
        let owner = nodes.iter().find(|n| field.starts_with(&format!("{}/", n.id)))?;
        let (x1, y1) = (owner.x + owner.w / 2.0, owner.y + owner.h);
        Some(html! {
            <line class="canvas-wire" data-testid="canvas-wire" x1={x1.to_string()} y1={y1.to_string()}
                  x2={x2.to_string()} y2={y2.to_string()} />
        })
    });
    let band_view = band.map(|(x, y, w, h)| html! {
        <rect class="canvas-band" data-testid="canvas-band" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} />
    });

    // The minimap: every node, and the view.
    let all = bounds(&nodes);
    let mini_scale = (MINIMAP_W / all.2).min(MINIMAP_H / all.3);
    let onminimap = {
        let view = view.clone();
        Callback::from(move |e: MouseEvent| {
            let v = *view;
            let (x, y) = (
                f64::from(e.offset_x()) / mini_scale + all.0,
                f64::from(e.offset_y()) / mini_scale + all.1,
            );
            view.set((x - v.2 / 2.0, y - v.3 / 2.0, v.2, v.3));
        })
    };
    // The nodes on a <canvas> (drawn when they or the selection change), the view's frame on
    // an SVG above it: moving the frame, or repainting the plane under a pan, copies pixels
    // instead of drawing thousands of boxes again.
    let minimap = html! {
        <div class="canvas-minimap" data-testid="canvas-minimap" onclick={onminimap}
             style={format!("width: {MINIMAP_W}px; height: {MINIMAP_H}px")}>
            <MinimapNodes nodes={Shared(nodes.clone())} selection={Shared((*selection).clone())}
                          origin={(all.0, all.1)} scale={mini_scale} />
            <svg class="canvas-minimap-frame" width={MINIMAP_W.to_string()} height={MINIMAP_H.to_string()}>
                <g transform={format!("scale({mini_scale}) translate({} {})", -all.0, -all.1)}>
                    <rect class="minimap-view" data-testid="minimap-view" x={v.0.to_string()} y={v.1.to_string()}
                          width={v.2.to_string()} height={v.3.to_string()} />
                </g>
            </svg>
        </div>
    };

    let summary = match (selection.len(), impact.as_ref()) {
        (0, _) => format!("{} components · {} references", nodes.len(), d.edges.len()),
        (1, Some(i)) => {
            let name = by_id
                .get(i.id.as_str())
                .map(|n| n.name.clone())
                .unwrap_or_default();
            let n = i.dependents.len();
            format!(
                "{n} component{} depend{} on {name} · it uses {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                i.depends_on.len()
            )
        }
        (k, _) => format!("{k} selected"),
    };
    let zoom_percent = (fitted.1 * fitted.0 .2 / v.2 * 100.0).round();

    html! {
        <div class="canvas" data-testid="canvas" ref={root}
             onpointermove={on_root_move} onpointerup={on_root_up}>
            <div class="canvas-tools">
                <span class="canvas-summary" data-testid="canvas-summary">{summary}</span>
                if !d.cycles.is_empty() {
                    <span class="pill danger" data-testid="canvas-cycles">{format!("{} cycle{}", d.cycles.len(), if d.cycles.len() == 1 { "" } else { "s" })}</span>
                }
                if !d.dangling.is_empty() {
                    <span class="pill warn" data-testid="canvas-dangling-count">{format!("{} missing reference{}", d.dangling.len(), if d.dangling.len() == 1 { "" } else { "s" })}</span>
                }
                <span class="status-spacer" />
                <button class="button small" title="Copy the selected components (Ctrl+C)" data-testid="canvas-copy"
                        disabled={selection.is_empty()} onclick={clipboard_button(ClipboardOp::Copy)}>{"Copy"}</button>
                <button class="button small" title="Paste copied components (Ctrl+V)" data-testid="canvas-paste"
                        disabled={ctx.clipboard.is_none()} onclick={clipboard_button(ClipboardOp::Paste)}>{"Paste"}</button>
                <button class="button small" title="Duplicate the selected components (Ctrl+D)" data-testid="canvas-duplicate"
                        disabled={selection.is_empty()} onclick={clipboard_button(ClipboardOp::Duplicate)}>{"Duplicate"}</button>
                <button class="button small" title="Zoom in (+)" data-testid="canvas-zoom-in" onclick={zoom_by(1.0 / ZOOM_STEP)}>{"+"}</button>
                <button class="button small" title="Zoom out (−)" data-testid="canvas-zoom-out" onclick={zoom_by(ZOOM_STEP)}>{"−"}</button>
                <button class="button small" title="Show everything (0)" data-testid="canvas-fit" onclick={fit_view}>{"Fit"}</button>
                <span class="muted" data-testid="canvas-zoom">{format!("{zoom_percent}%")}</span>
            </div>
            <div class="canvas-body">
            <Palette path={props.path.clone()} on_press={on_palette_press} on_add={on_palette_add} />
            <div class="canvas-stage">
            if use_bitmap {
                <canvas ref={bitmap_canvas} class="canvas-bitmap" data-testid="canvas-bitmap" />
            }
            <svg ref={svg} class="canvas-plane" data-testid="canvas-plane" tabindex="0"
                 aria-label="Design canvas: Tab walks the components, arrows move the selection"
                 viewBox={format!("{:.2} {:.2} {:.2} {:.2}", v.0, v.1, v.2, v.3)} preserveAspectRatio="xMidYMid meet"
                 {onwheel} {onpointerdown} {onpointermove} {onkeydown}
                 onpointerup={end_drag.clone()} onpointercancel={end_drag}>
                <defs>
                    <marker id="canvas-arrow" class="canvas-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                    <marker id="canvas-arrow-cycle" class="canvas-arrow cycle" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                {layer}
                {for wire}
                {for band_view}
            </svg>
            {minimap}
            </div>
            if let Some(f) = (*form).clone() {
                <Inspector path={props.path.clone()} form={f} on_delete={on_inspector_delete} />
            }
            </div>
            if let Some(((kind, variant), cx, cy, true)) = (*carried).clone() {
                <div class="palette-ghost" data-testid="palette-ghost"
                     style={format!("left: {cx}px; top: {cy}px")}>
                    {variant.unwrap_or(kind)}
                </div>
            }
            if let Some((ids, refs)) = (*confirm_delete).clone() {
                <div class="canvas-dialog" role="alertdialog" data-testid="delete-dialog">
                    <p>{format!(
                        "{} referred to by {} place{}{}:",
                        match ids.as_slice() {
                            [one] => format!("{} is", name_of(one)),
                            many => format!("These {} components are", many.len()),
                        },
                        refs.len(),
                        if refs.len() == 1 { "" } else { "s" },
                        if ids.len() > 1 { " outside them" } else { "" }
                    )}</p>
                    <ul>
                        {for refs.iter().map(|r| html! {
                            <li data-testid="delete-referrer">
                                {r.from_name.clone().unwrap_or_else(|| "(outside any component)".into())}
                                <span class="muted">{format!(" at {}", r.pointer)}</span>
                            </li>
                        })}
                    </ul>
                    <div class="dialog-actions">
                        <button class="button small danger" data-testid="delete-with-references" onclick={delete_confirmed}>
                            {"Delete it and remove these references"}
                        </button>
                        <button class="button small" data-testid="delete-cancel" onclick={cancel_delete}>{"Cancel"}</button>
                    </div>
                </div>
            }
        </div>
    }
}

/// The edges, missing references and nodes in the drawn region.
#[function_component(Layer)]
fn layer(props: &LayerProps) -> Html {
    let (d, nodes, selection) = (&props.design, &props.nodes, &props.selection);
    let shown = cell_region(props.cells);
    let by_id: HashMap<&str, &DesignNodeDto> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    // With the bulk on the <canvas>, only the (small) selection is drawn here.
    let in_svg = props.bitmap.then(|| bitmap::svg_drawn(selection));
    let visible: HashSet<&str> = nodes
        .iter()
        .filter(|n| intersects(shown, (n.x, n.y, n.w, n.h)))
        .filter(|n| in_svg.as_ref().is_none_or(|s| s.contains(&n.id)))
        .map(|n| n.id.as_str())
        .collect();
    let marks = Marks::new(d, selection, props.impact.as_deref());
    let focus_mode = !selection.is_empty();
    let counts = &props.counts;

    let plain = std::cell::RefCell::new(String::new());
    let edges: Vec<Html> = d.edges.iter().filter_map(|e| {
        let (a, b) = (by_id.get(e.from.as_str())?, by_id.get(e.to.as_str())?);
        match &in_svg {
            // The references of the nodes drawn here, wherever their other end is.
            Some(s) if !s.contains(&a.id) && !s.contains(&b.id) => return None,
            Some(_) => {}
            None if !visible.contains(a.id.as_str()) && !visible.contains(b.id.as_str()) => return None,
            None => {}
        }
        let (x1, y1) = (a.x + a.w, a.y + a.h / 2.0);
        let (x2, y2) = (b.x, b.y + b.h / 2.0);
        let path = edge_path((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h));
        let cycle = marks.cycle_edge(&a.id, &b.id);
        let lit = marks.lit(&a.id, &b.id);
        let chosen = props.edge.as_deref() == Some(e.field.as_str());
        // A selected node's references are separate elements, so a drag can move them.
        let attached = selection.contains(&a.id) || selection.contains(&b.id);
        if !props.detailed && !cycle && !lit && !chosen && !attached {
            // Zoomed out: drawn as part of one path (below); one element per reference
            // would cost WebKit a layout of thousands of elements on every change.
            plain.borrow_mut().push_str(&format!("M {x1:.0} {y1:.0} L {x2:.0} {y2:.0} "));
            return None;
        }
        Some(html! {
            <g key={e.field.clone()}>
            if props.detailed {
                <path class={classes!("canvas-edge-hit", chosen.then_some("selected"))} d={path.clone()}
                      data-testid="canvas-edge-hit" data-field={e.field.clone()} />
            }
            <path class={classes!("canvas-edge", chosen.then_some("selected"), cycle.then_some("cycle"), lit.then_some("lit"), (focus_mode && !lit).then_some("faded"))}
                  d={path} marker-end={if cycle { "url(#canvas-arrow-cycle)" } else { "url(#canvas-arrow)" }}
                  data-testid="canvas-edge" data-from={e.from.clone()} data-to={e.to.clone()} data-field={e.field.clone()} />
            </g>
        })
    }).collect();
    let plain = plain.into_inner();
    let dangling = d.dangling.iter().filter_map(|r| {
        let a = by_id.get(r.from.as_deref()?)?;
        if !visible.contains(a.id.as_str()) {
            return None;
        }
        let (x1, y1) = (a.x + a.w, a.y + a.h - 14.0);
        Some(html! {
            <g key={r.pointer.clone()} class="canvas-dangling" data-testid="canvas-dangling" data-pointer={r.pointer.clone()}>
                <line x1={x1.to_string()} y1={y1.to_string()} x2={(x1 + 46.0).to_string()} y2={y1.to_string()} />
                <text x={(x1 + 50.0).to_string()} y={(y1 + 4.0).to_string()}>{format!("? {}", r.name)}</text>
            </g>
        })
    });
    let node_views = nodes.iter().filter(|n| visible.contains(n.id.as_str())).map(|n| {
        let selected = selection.contains(&n.id);
        let role = match marks.role(&n.id) {
            bitmap::Role::Selected => Some("selected"),
            bitmap::Role::Uses => Some("uses"),
            bitmap::Role::UsedBy => Some("used-by"),
            bitmap::Role::Plain => None,
        };
        let wiring = props.wire_targets.as_ref().map(|t| if t.contains(&n.id) { "target" } else { "not-target" });
        let (errors, warnings) = counts.get(&n.id).copied().unwrap_or_default();
        // The selected component's reference fields, as ports along its bottom edge.
        let ports = props.form.as_ref().filter(|f| f.pointer == n.id && props.detailed).map(|f| {
            let count = f.ports.len().max(1) as f64;
            html! {
                {for f.ports.iter().enumerate().map(|(i, port)| {
                    let x = n.w * (i as f64 + 0.5) / count;
                    html! {
                        <g key={port.field.clone()} class="canvas-port" data-testid="canvas-port" data-field={port.field.clone()}
                           transform={format!("translate({x:.1} {:.1})", n.h)}>
                            <title>{format!("{}: drag onto a {} to connect", port.label, port.kinds.join(" or "))}</title>
                            <circle r="7" />
                            <text y={if i % 2 == 0 { "21" } else { "33" }} text-anchor="middle">{port.label.clone()}</text>
                        </g>
                    }
                })}
            }
        });
        let label = format!(
            "{} ({}){}",
            n.name,
            n.kind,
            if errors > 0 { format!(", {errors} error{}", if errors == 1 { "" } else { "s" }) } else { String::new() }
        );
        html! {
            <g key={n.id.clone()} class={classes!("canvas-node", role, wiring, marks.in_cycle(&n.id).then_some("cycle"), (focus_mode && role.is_none()).then_some("faded"))}
               data-testid="canvas-node" data-id={n.id.clone()} data-kind={n.kind.clone()}
               data-selected={selected.then_some("true")} data-errors={errors.to_string()}
               transform={format!("translate({:.1} {:.1})", n.x, n.y)} role="button" aria-label={label}>
                if props.detailed {
                    <rect class="canvas-node-box" width={n.w.to_string()} height={n.h.to_string()} rx="9" />
                    <rect class="canvas-node-stripe" width="6" height={n.h.to_string()} rx="3" style={format!("fill: {}", n.color)} />
                } else {
                    <rect class="canvas-node-box coarse" width={n.w.to_string()} height={n.h.to_string()} rx="9"
                          style={format!("fill: {}", n.color)} />
                }
                if props.detailed {
                    <text x="16" y="22" class="canvas-node-name">{n.name.clone()}</text>
                    <text x={(n.w - 10.0).to_string()} y="22" class="canvas-node-kind" text-anchor="end">{n.kind.clone()}</text>
                    {for n.fields.iter().enumerate().map(|(i, (k, val))| html! {
                        <text x="16" y={(42.0 + 15.0 * i as f64).to_string()} class="canvas-node-field">
                            <tspan class="canvas-field-key">{format!("{k}: ")}</tspan>{val.clone()}
                        </text>
                    })}
                } else {
                    <text x="16" y={(n.h / 2.0 + 10.0).to_string()} class="canvas-node-name coarse">{n.name.clone()}</text>
                }
                {for ports}
                if errors > 0 || warnings > 0 {
                    <g class={classes!("canvas-badge", if errors > 0 { "error" } else { "warning" })}
                       data-testid="canvas-badge" transform={format!("translate({:.1} 0)", n.w)}>
                        <circle r="10" />
                        <text text-anchor="middle" y="4">{if errors > 0 { errors } else { warnings }}</text>
                    </g>
                }
            </g>
        }
    });
    html! {
        <>
            if !plain.is_empty() {
                <path class={classes!("canvas-edge", "joined", focus_mode.then_some("faded"))} d={plain}
                      data-testid="canvas-edges-joined" />
            }
            {for edges}
            {for dangling}
            {for node_views}
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MinimapProps {
    nodes: Shared<Vec<DesignNodeDto>>,
    selection: Shared<HashSet<String>>,
    /// The plane's point at the minimap's top left corner, and plane units to pixels.
    origin: (f64, f64),
    scale: f64,
}

/// Every node as a box on the minimap's `<canvas>`, drawn again only when the nodes, the
/// selection or the minimap's scale change.
#[function_component(MinimapNodes)]
fn minimap_nodes(props: &MinimapProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let (origin, scale) = (props.origin, props.scale);
        use_effect_with(
            (
                props.nodes.clone(),
                props.selection.clone(),
                props.origin.0.to_bits(),
                props.origin.1.to_bits(),
                props.scale.to_bits(),
            ),
            move |(nodes, selection, ..)| {
                if let Some(canvas) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                    let size = (MINIMAP_W, MINIMAP_H);
                    bitmap::draw_minimap(&canvas, size, nodes, selection, origin, scale);
                }
            },
        );
    }
    html! {
        <canvas ref={canvas} class="canvas-minimap-nodes" data-testid="minimap-nodes"
                style={format!("width: {MINIMAP_W}px; height: {MINIMAP_H}px")} />
    }
}
