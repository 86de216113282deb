//! The arithmetic of an SVG drawing shown through a `viewBox` with
//! `preserveAspectRatio="xMidYMid meet"`: fitting, zooming around a point, and turning
//! client pixels into drawing units. Shared by the canvas and the comparison graph.

use yew::NodeRef;

/// The visible part of a drawing, in its units: (x, y, width, height).
pub type ViewBox = (f64, f64, f64, f64);

/// Whether two rectangles overlap.
pub fn intersects(a: ViewBox, b: ViewBox) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Whether `inner` lies wholly inside `outer`.
pub fn contains(outer: ViewBox, inner: ViewBox) -> bool {
    inner.0 >= outer.0
        && inner.1 >= outer.1
        && inner.0 + inner.2 <= outer.0 + outer.2
        && inner.1 + inner.3 <= outer.1 + outer.3
}

/// `content` fitted into `width` × `height` pixels, never enlarged (a small drawing shows
/// at its natural size, centred at the top): the view and its scale (pixels per unit).
pub fn fit_into(content: ViewBox, width: f64, height: f64) -> (ViewBox, f64) {
    let (x, y, w, h) = content;
    if !(width > 0.0 && height > 0.0) {
        return (content, 1.0);
    }
    let scale = (width / w).min(height / h).min(1.0);
    let (vw, vh) = (width / scale, height / scale);
    ((x + w / 2.0 - vw / 2.0, y, vw, vh), scale)
}

/// `view` scaled by `factor` (above 1 shows more) around the point (`cx`, `cy`), its width
/// kept between `min_w` and `max_w`.
pub fn zoom(
    view: ViewBox,
    factor: f64,
    (cx, cy): (f64, f64),
    (min_w, max_w): (f64, f64),
) -> ViewBox {
    let (x, y, w, h) = view;
    let factor = factor.clamp(min_w / w, max_w / w);
    (
        cx - (cx - x) * factor,
        cy - (cy - y) * factor,
        w * factor,
        h * factor,
    )
}

/// Where the drawing `svg` shows `view`: client pixels per unit, and the client position of
/// the view's corner. `None` before the drawing is on screen.
pub fn geometry(svg: &NodeRef, view: ViewBox) -> Option<(f64, f64, f64)> {
    let rect = svg.cast::<web_sys::Element>()?.get_bounding_client_rect();
    let scale = (rect.width() / view.2).min(rect.height() / view.3);
    if !scale.is_finite() || scale <= 0.0 {
        return None;
    }
    let left = rect.left() + (rect.width() - view.2 * scale) / 2.0;
    let top = rect.top() + (rect.height() - view.3 * scale) / 2.0;
    Some((scale, left, top))
}

/// The drawing units under the client point (`cx`, `cy`).
pub fn to_drawing(svg: &NodeRef, view: ViewBox, cx: f64, cy: f64) -> Option<(f64, f64)> {
    geometry(svg, view)
        .map(|(scale, left, top)| (view.0 + (cx - left) / scale, view.1 + (cy - top) / scale))
}

/// `content` fitted into the drawing `svg` as it is on screen now.
pub fn fit_on_screen(svg: &NodeRef, content: ViewBox) -> (ViewBox, f64) {
    svg.cast::<web_sys::Element>()
        .map(|el| el.get_bounding_client_rect())
        .map(|r| fit_into(content, r.width(), r.height()))
        .unwrap_or((content, 1.0))
}
