//! The zoomed-out canvas drawn on a `<canvas>` element (2D context) instead of SVG.
//!
//! WebKit lays out a whole SVG again after any change to it, so an SVG picture's cost follows
//! its element count. When the view is zoomed out and many nodes are in it, the canvas
//! draws the bulk of the picture here — boxes, names when readable, references as lines,
//! problem dots — and keeps only the selected nodes (and their references) as SVG on top,
//! where they stay interactive. Pointer input still goes to the SVG; the canvas hit-tests
//! nodes itself (`hit`).

use std::collections::HashSet;
use std::rc::Rc;

use trellis_protocol::DesignNodeDto;
use wasm_bindgen::JsCast;

use crate::components::viewbox::{intersects, ViewBox};

/// How a node or a reference is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Plain,
    /// Selected (drawn on the canvas only when too many are selected for the SVG).
    Selected,
    Uses,
    UsedBy,
}

/// What the canvas draws: indices into `nodes`.
#[derive(Clone)]
pub struct Scene {
    pub nodes: Rc<Vec<DesignNodeDto>>,
    /// Per node: drawn at all (false: the SVG draws it), its role, in a cycle, faded.
    pub drawn: Vec<bool>,
    pub roles: Vec<Role>,
    pub cycle: Vec<bool>,
    /// Per node: error and warning counts.
    pub counts: Vec<(u32, u32)>,
    /// References: (from, to, lit, cycle).
    pub edges: Vec<(usize, usize, bool, bool)>,
    /// Something is selected: the rest is faded.
    pub focus: bool,
    /// References that name no component: the node holding each, and the name.
    pub dangling: Vec<(usize, String)>,
}

impl Scene {
    /// The topmost node drawn here under the plane point (`x`, `y`).
    pub fn hit(&self, x: f64, y: f64) -> Option<&DesignNodeDto> {
        self.nodes
            .iter()
            .zip(&self.drawn)
            .rev()
            .find(|(n, &d)| d && x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h)
            .map(|(n, _)| n)
    }
}

/// The colours of the stylesheet, read from the drawing's computed style.
struct Palette {
    border: String,
    edge: String,
    accent: String,
    danger: String,
    warn: String,
    text: String,
    font: String,
}

fn palette(svg: &web_sys::Element) -> Palette {
    let style = web_sys::window().and_then(|w| w.get_computed_style(svg).ok().flatten());
    let var = |name: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    Palette {
        border: var("--border", "#d4d4d8"),
        edge: var("--gutter", "#a1a1aa"),
        accent: var("--accent", "#2563eb"),
        danger: var("--danger", "#dc2626"),
        warn: var("--warn", "#d97706"),
        text: var("--text", "#18181b"),
        font: var("--sans", "sans-serif"),
    }
}

/// The canvas's 2D context, its backing store sized to `width` × `height` CSS pixels at the
/// device's pixel ratio and cleared: (context, pixel ratio).
fn cleared(
    canvas: &web_sys::HtmlCanvasElement,
    (width, height): (f64, f64),
) -> Option<(web_sys::CanvasRenderingContext2d, f64)> {
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())?;
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (pw, ph) = (
        (width * dpr).round().max(1.0) as u32,
        (height * dpr).round().max(1.0) as u32,
    );
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
    Some((ctx, dpr))
}

/// Draws `scene` as the SVG `svg` shows `view` (`preserveAspectRatio="xMidYMid meet"`) onto
/// `canvas`, which lies under it in the same place. Returns how many nodes and how many
/// references to nothing were drawn.
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    svg: &web_sys::Element,
    view: ViewBox,
    scene: &Scene,
) -> (usize, usize) {
    // Slid by a pan in progress: drawn for `view` now, it goes back in place (before it is
    // measured).
    let _ = canvas.style().remove_property("transform");
    let own = canvas.get_bounding_client_rect();
    let Some((ctx, dpr)) = cleared(canvas, (own.width(), own.height())) else {
        return (0, 0);
    };
    let rect = svg.get_bounding_client_rect();
    let scale = (rect.width() / view.2).min(rect.height() / view.3);
    if !scale.is_finite() || scale <= 0.0 {
        return (0, 0);
    }
    let left = rect.left() + (rect.width() - view.2 * scale) / 2.0 - own.left();
    let top = rect.top() + (rect.height() - view.3 * scale) / 2.0 - own.top();
    let k = dpr * scale;
    ctx.set_transform(
        k,
        0.0,
        0.0,
        k,
        dpr * (left - view.0 * scale),
        dpr * (top - view.1 * scale),
    )
    .ok();
    // What is on the canvas element, in plane units (the view may not fill it).
    let shown = (
        view.0 - left / scale,
        view.1 - top / scale,
        own.width() / scale,
        own.height() / scale,
    );
    let colors = palette(svg);
    let px = 1.0 / scale;
    let nodes = &scene.nodes;
    let faded = |lit: bool| if scene.focus && !lit { 0.35 } else { 1.0 };

    // References: plain ones as one path, the highlighted ones over them.
    let segment_shown = |a: &DesignNodeDto, b: &DesignNodeDto| {
        let (x1, y1) = (a.x + a.w, a.y + a.h / 2.0);
        let (x2, y2) = (b.x, b.y + b.h / 2.0);
        intersects(
            shown,
            (
                x1.min(x2),
                y1.min(y2),
                (x2 - x1).abs() + px,
                (y2 - y1).abs() + px,
            ),
        )
        .then_some((x1, y1, x2, y2))
    };
    for pass in 0..3 {
        ctx.begin_path();
        let mut any = false;
        for &(from, to, lit, cycle) in &scene.edges {
            let kind = if cycle {
                2
            } else if lit {
                1
            } else {
                0
            };
            if kind != pass {
                continue;
            }
            if let Some((x1, y1, x2, y2)) = segment_shown(&nodes[from], &nodes[to]) {
                ctx.move_to(x1, y1);
                ctx.line_to(x2, y2);
                any = true;
            }
        }
        if !any {
            continue;
        }
        let (color, width, alpha) = match pass {
            0 => (&colors.edge, 1.5_f64.max(0.75 * px), faded(false)),
            1 => (&colors.accent, 2.4_f64.max(1.5 * px), 1.0),
            _ => (&colors.danger, 1.5_f64.max(1.0 * px), 1.0),
        };
        ctx.set_global_alpha(alpha);
        ctx.set_stroke_style_str(color);
        ctx.set_line_width(width);
        ctx.stroke();
    }

    // Nodes: filled with their kind's colour (grouped, few style changes), outlined by role.
    let mut drawn = 0;
    let mut order: Vec<usize> = (0..nodes.len())
        .filter(|&i| {
            scene.drawn[i] && intersects(shown, (nodes[i].x, nodes[i].y, nodes[i].w, nodes[i].h))
        })
        .collect();
    order.sort_by(|&a, &b| nodes[a].color.cmp(&nodes[b].color));
    let outline = 1.2_f64.max(0.5 * px);
    for dim in [true, false] {
        let mut current: Option<&str> = None;
        for &i in &order {
            let n = &nodes[i];
            let lit = scene.roles[i] != Role::Plain;
            if (scene.focus && !lit) != dim {
                continue;
            }
            if current != Some(n.color.as_str()) {
                ctx.set_global_alpha(if dim { 0.45 } else { 1.0 });
                ctx.set_fill_style_str(&n.color);
                current = Some(n.color.as_str());
            }
            ctx.fill_rect(n.x, n.y, n.w, n.h);
            drawn += 1;
        }
    }
    ctx.set_global_alpha(1.0);
    // Outlines only where they show (a node wider than a few pixels).
    if nodes.first().is_some_and(|n| n.w * scale >= 6.0) {
        ctx.set_stroke_style_str(&colors.border);
        ctx.set_line_width(outline);
        ctx.begin_path();
        for &i in &order {
            let n = &nodes[i];
            ctx.rect(n.x, n.y, n.w, n.h);
        }
        ctx.stroke();
    }
    for (role, color) in [
        (Role::Selected, colors.accent.as_str()),
        (Role::Uses, "#2563eb"),
        (Role::UsedBy, "#9333ea"),
    ] {
        ctx.begin_path();
        let mut any = false;
        for &i in order.iter().filter(|&&i| scene.roles[i] == role) {
            let n = &nodes[i];
            ctx.rect(n.x, n.y, n.w, n.h);
            any = true;
        }
        if any {
            ctx.set_stroke_style_str(color);
            ctx.set_line_width(2.6_f64.max(1.5 * px));
            ctx.stroke();
        }
    }
    ctx.begin_path();
    let mut any = false;
    for &i in order.iter().filter(|&&i| scene.cycle[i]) {
        let n = &nodes[i];
        ctx.rect(n.x, n.y, n.w, n.h);
        any = true;
    }
    if any {
        ctx.set_stroke_style_str(&colors.danger);
        ctx.set_line_width(2.0_f64.max(1.0 * px));
        ctx.stroke();
    }
    // Names, when they can be read (the SVG's coarse names are 30 units high).
    if 30.0 * scale >= 7.0 {
        ctx.set_fill_style_str(&colors.text);
        ctx.set_font(&format!("600 30px {}", colors.font));
        for &i in &order {
            let n = &nodes[i];
            ctx.set_global_alpha(if scene.focus && scene.roles[i] == Role::Plain {
                0.45
            } else {
                1.0
            });
            ctx.fill_text(&n.name, n.x + 16.0, n.y + n.h / 2.0 + 10.0)
                .ok();
        }
        ctx.set_global_alpha(1.0);
    }
    // References to nothing: a dashed line out of the node's right side, and the name asked
    // for when names can be read.
    let shown_nodes: HashSet<usize> = order.iter().copied().collect();
    let missing: Vec<&(usize, String)> = scene
        .dangling
        .iter()
        .filter(|(i, _)| shown_nodes.contains(i))
        .collect();
    if !missing.is_empty() {
        let length = 46.0_f64.max(14.0 * px);
        ctx.begin_path();
        for (i, _) in &missing {
            let n = &nodes[*i];
            let y = n.y + n.h - 14.0;
            ctx.move_to(n.x + n.w, y);
            ctx.line_to(n.x + n.w + length, y);
        }
        ctx.set_stroke_style_str(&colors.danger);
        ctx.set_line_width(1.5_f64.max(2.0 * px));
        let dash = js_sys::Array::of2(&(4.0 * px.max(1.0)).into(), &(3.0 * px.max(1.0)).into());
        ctx.set_line_dash(&dash).ok();
        ctx.stroke();
        ctx.set_line_dash(&js_sys::Array::new()).ok();
        if 30.0 * scale >= 7.0 {
            ctx.set_fill_style_str(&colors.danger);
            ctx.set_font(&format!("30px {}", colors.font));
            for (i, name) in &missing {
                let n = &nodes[*i];
                ctx.fill_text(
                    &format!("? {name}"),
                    n.x + n.w + length + 6.0,
                    n.y + n.h - 4.0,
                )
                .ok();
            }
        }
    }
    // Problems: a dot at the node's top right corner (at least a few pixels wide).
    let radius = 10.0_f64.max(3.0 * px);
    for (errors, color) in [(true, &colors.danger), (false, &colors.warn)] {
        ctx.begin_path();
        let mut any = false;
        for &i in &order {
            let (e, w) = scene.counts[i];
            if (errors && e > 0) || (!errors && e == 0 && w > 0) {
                let n = &nodes[i];
                ctx.move_to(n.x + n.w + radius, n.y);
                ctx.arc(n.x + n.w, n.y, radius, 0.0, std::f64::consts::TAU)
                    .ok();
                any = true;
            }
        }
        if any {
            ctx.set_fill_style_str(color);
            ctx.fill();
        }
    }
    (drawn, missing.len())
}

/// Which nodes the SVG keeps drawing in bitmap mode: the selection, when it is small.
pub fn svg_drawn(selection: &HashSet<String>) -> HashSet<String> {
    if selection.len() <= SVG_SELECTION_CAP {
        selection.clone()
    } else {
        HashSet::new()
    }
}

/// At most this many selected nodes stay SVG elements on top of the canvas (a larger
/// selection is drawn on the canvas, outlined).
pub const SVG_SELECTION_CAP: usize = 200;

/// Draws every node as a box on the minimap's `canvas`, `size` CSS pixels (given, not
/// measured: the minimap may be hidden while it is drawn): the plane point `origin` at the
/// top left corner, `scale` pixels per plane unit; the selection on top in the accent
/// colour.
pub fn draw_minimap(
    canvas: &web_sys::HtmlCanvasElement,
    size: (f64, f64),
    nodes: &[DesignNodeDto],
    selection: &HashSet<String>,
    origin: (f64, f64),
    scale: f64,
) {
    let Some((ctx, dpr)) = cleared(canvas, size) else {
        return;
    };
    if !scale.is_finite() || scale <= 0.0 {
        return;
    }
    let k = dpr * scale;
    ctx.set_transform(k, 0.0, 0.0, k, -origin.0 * k, -origin.1 * k)
        .ok();
    // A box stays at least a pixel wide, so a long thin picture still shows.
    let least = 1.0 / k;
    ctx.set_global_alpha(0.7);
    for n in nodes {
        ctx.set_fill_style_str(&n.color);
        ctx.fill_rect(n.x, n.y, n.w.max(least), n.h.max(least));
    }
    ctx.set_global_alpha(1.0);
    let accent = palette(canvas).accent;
    ctx.set_fill_style_str(&accent);
    for n in nodes.iter().filter(|n| selection.contains(&n.id)) {
        ctx.fill_rect(n.x, n.y, n.w.max(least), n.h.max(least));
    }
}
