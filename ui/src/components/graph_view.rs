//! A laid-out component graph (from the backend's `trellis-graph` layout) drawn as SVG, with
//! zoom (wheel, buttons) and pan (drag), and arrowheads pointing at what a component uses.
//!
//! Nodes and edges carry their comparison status (`added`, `removed`, `changed`) as a class
//! and a `data-status` attribute; removed components are drawn as dashed ghosts.

use trellis_protocol::GraphDto;
use yew::prelude::*;

use crate::components::viewbox::{fit_on_screen, geometry, to_drawing, zoom, ViewBox};

const PAD: f64 = 16.0;
const ZOOM_STEP: f64 = 1.25;

fn fit(graph: &GraphDto) -> ViewBox {
    let (x0, y0, x1, y1) = graph.bounds;
    (
        x0 - PAD,
        y0 - PAD,
        (x1 - x0).max(1.0) + 2.0 * PAD,
        (y1 - y0).max(1.0) + 2.0 * PAD,
    )
}

#[derive(Properties, PartialEq)]
pub struct GraphViewProps {
    pub graph: GraphDto,
}

#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let graph = &props.graph;
    let svg = use_node_ref();
    // The fitted view and its scale, measured once the drawing is on screen.
    let fitted_state = use_state(|| (fit(graph), 1.0));
    let view = use_state(|| fit(graph));
    {
        // A new graph starts fitted.
        let (view, fitted_state, svg) = (view.clone(), fitted_state.clone(), svg.clone());
        let bounds = fit(graph);
        use_effect_with(graph.bounds, move |_| {
            let measured = fit_on_screen(&svg, bounds);
            view.set(measured.0);
            fitted_state.set(measured);
        });
    }
    let (fitted, fitted_scale) = *fitted_state;
    // Where a drag started: the pointer (client pixels) and the view then.
    let drag = use_mut_ref(|| None::<(f64, f64, ViewBox)>);

    // Client pixels per layout unit, and the client position of the view's corner
    // (the drawing is centred by `xMidYMid meet`).
    // Widths the view may take: from a close look to four times the whole.
    let limits = (80.0, fitted.2.max(fitted.3) * 4.0);
    let geometry = {
        let svg = svg.clone();
        move |v: ViewBox| geometry(&svg, v)
    };

    let onwheel = {
        let (view, svg) = (view.clone(), svg.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let v = *view;
            let factor = if e.delta_y() > 0.0 {
                ZOOM_STEP
            } else {
                1.0 / ZOOM_STEP
            };
            let centre = to_drawing(&svg, v, f64::from(e.client_x()), f64::from(e.client_y()))
                .unwrap_or((v.0 + v.2 / 2.0, v.1 + v.3 / 2.0));
            view.set(zoom(v, factor, centre, limits));
        })
    };
    let onpointerdown = {
        let view = view.clone();
        let drag = drag.clone();
        let svg = svg.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            // Captured by the drawing itself (Yew delegates events, so the event's current
            // target is not it): the drag goes on when the pointer leaves the drawing.
            if let Some(el) = svg.cast::<web_sys::Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some((f64::from(e.client_x()), f64::from(e.client_y()), *view));
        })
    };
    let onpointermove = {
        let view = view.clone();
        let drag = drag.clone();
        let geometry = geometry.clone();
        Callback::from(move |e: PointerEvent| {
            let Some((sx, sy, start)) = *drag.borrow() else {
                return;
            };
            let Some((scale, _, _)) = geometry(start) else {
                return;
            };
            let dx = (f64::from(e.client_x()) - sx) / scale;
            let dy = (f64::from(e.client_y()) - sy) / scale;
            view.set((start.0 - dx, start.1 - dy, start.2, start.3));
        })
    };
    let end_drag = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let zoom_by = |factor: f64| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            let v = *view;
            view.set(zoom(v, factor, (v.0 + v.2 / 2.0, v.1 + v.3 / 2.0), limits));
        })
    };
    let fit_view = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(fitted))
    };

    let (x, y, w, h) = *view;
    let zoom_percent = (fitted_scale * fitted.2 / w * 100.0).round();
    let edges = graph.edges.iter().map(|e| {
        let points = e
            .points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        let marker = match (e.cycle, e.status.as_deref()) {
            (_, Some("removed")) => "url(#arrow-removed)",
            (_, Some("added")) => "url(#arrow-added)",
            (_, Some("changed")) => "url(#arrow-changed)",
            (true, _) => "url(#arrow-cycle)",
            _ => "url(#arrow)",
        };
        let class = classes!("graph-edge", e.cycle.then_some("cycle"), e.status.clone());
        html! {
            <polyline class={class} points={points} data-testid="graph-edge"
                      marker-end={marker}
                      data-from={e.from.clone()} data-to={e.to.clone()}
                      data-status={e.status.clone()} />
        }
    });
    let nodes = graph.nodes.iter().map(|n| {
        let status = n.status.clone();
        html! {
            <g class={classes!("graph-node", status.clone())} data-testid="graph-node"
               data-id={n.id.clone()} data-status={status.clone()}>
                <title>{format!("{} ({}){}", n.name, n.kind, status.as_deref().map(|s| format!(": {s}")).unwrap_or_default())}</title>
                <rect x={n.x.to_string()} y={n.y.to_string()} width={n.w.to_string()}
                      height={n.h.to_string()} rx="8" />
                <text x={(n.x + 12.0).to_string()} y={(n.y + n.h / 2.0 - 2.0).to_string()} class="graph-name">
                    {n.name.clone()}
                </text>
                <text x={(n.x + 12.0).to_string()} y={(n.y + n.h / 2.0 + 13.0).to_string()} class="graph-kind">
                    {n.kind.clone()}
                </text>
            </g>
        }
    });
    let marker = |id: &'static str| {
        html! {
            <marker id={id} class={classes!("graph-arrow", id)} viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" />
            </marker>
        }
    };
    html! {
        <div class="graph-view">
            <div class="graph-tools">
                <button class="button small" title="Zoom in" aria-label="Zoom in"
                        data-testid="graph-zoom-in" onclick={zoom_by(1.0 / ZOOM_STEP)}>{"+"}</button>
                <button class="button small" title="Zoom out" aria-label="Zoom out"
                        data-testid="graph-zoom-out" onclick={zoom_by(ZOOM_STEP)}>{"−"}</button>
                <button class="button small" title="Show the whole graph" data-testid="graph-fit"
                        onclick={fit_view}>{"Fit"}</button>
                <span class="muted" data-testid="graph-zoom">{format!("{zoom_percent}%")}</span>
            </div>
            <svg ref={svg} class="graph-canvas" data-testid="graph-canvas"
                 viewBox={format!("{x:.2} {y:.2} {w:.2} {h:.2}")} preserveAspectRatio="xMidYMid meet"
                 {onwheel} {onpointerdown} {onpointermove}
                 onpointerup={end_drag.clone()} onpointercancel={end_drag}>
                <defs>
                    {marker("arrow")}
                    {marker("arrow-added")}
                    {marker("arrow-removed")}
                    {marker("arrow-changed")}
                    {marker("arrow-cycle")}
                </defs>
                {for edges}
                {for nodes}
            </svg>
        </div>
    }
}
