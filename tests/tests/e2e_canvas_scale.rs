//! Canvas frame times in the real window (a benchmark, not a test: it asserts only that the
//! canvas works at that size, and prints its figures). Run by `scripts/bench-canvas.sh`:
//!
//!     cargo nextest run -p trellis-e2e --test e2e_canvas_scale --run-ignored only --no-capture
//!
//! For generated agent stacks of 1,000 and 5,000 components: the time from choosing the
//! canvas to the drawing being there, then frame intervals (`requestAnimationFrame`, in the
//! webview) during a scripted pan across the plane and a drag of one node, as p50 / p95 /
//! max. The window runs under Xvfb with software rendering, on a shared 2-core machine.
//!
//! Zoomed out with many nodes in view the canvas draws on a `<canvas>` element (no SVG
//! nodes), so the node to drag is found from the `design` command's positions and the
//! drawing's `viewBox`, and grabbed where it is drawn.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use trellis_e2e::App;

/// An agent stack of about `n` components: providers, models using them, agents using the
/// models and delegating to two earlier agents.
fn stack(n: usize) -> String {
    let providers = (n / 50).max(1);
    let models = (n / 5).max(1);
    let agents = n - providers - models;
    let mut out = String::from("version: 1\nname: scale\nproviders:\n");
    for p in 0..providers {
        out.push_str(&format!(
            "  p{p}:\n    type: openai\n    api_key: ${{OPENAI_API_KEY}}\n"
        ));
    }
    out.push_str("models:\n");
    for m in 0..models {
        out.push_str(&format!(
            "  m{m}:\n    provider: p{}\n    name: gpt-4o\n",
            m % providers
        ));
    }
    out.push_str("agents:\n");
    for a in 0..agents {
        out.push_str(&format!("  a{a}:\n    model: m{}\n", a % models));
        if a >= 2 {
            out.push_str(&format!("    delegates_to: [a{}, a{}]\n", a / 2, a - 1));
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn start_recording(app: &App) {
    app.script(
        "window.__frames = []; window.__rec = true;\
         const tick = t => { window.__frames.push(t); if (window.__rec) requestAnimationFrame(tick); };\
         requestAnimationFrame(tick); return true;",
        vec![],
    );
}

/// Frame intervals in ms since `start_recording`, sorted.
fn stop_recording(app: &App) -> Vec<f64> {
    let frames = app.script(
        "window.__rec = false; const f = window.__frames; const d = [];\
         for (let i = 1; i < f.length; i++) d.push(f[i] - f[i - 1]); return d;",
        vec![],
    );
    let mut d: Vec<f64> = frames
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    d.sort_by(f64::total_cmp);
    d
}

fn report(what: &str, frames: &[f64]) {
    println!(
        "{what}: {} frames, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        frames.len(),
        percentile(frames, 0.5),
        percentile(frames, 0.95),
        frames.last().copied().unwrap_or(f64::NAN)
    );
}

/// The `design` command called from the webview: its round trip (the backend's picture, the
/// IPC and the webview's JSON parse) and the size of its reply.
fn design_round_trip(app: &App) -> Value {
    app.script(
        "window.__design = null; const t0 = performance.now();\
         window.__TAURI__.core.invoke('design', { path: 'agents.yaml' }).then(d => {\
           const ms = performance.now() - t0;\
           window.__design = { ms, bytes: JSON.stringify(d).length, nodes: d.nodes.map(n => [n.id, n.x, n.y, n.w, n.h]) };\
         }, e => { window.__design = { error: JSON.stringify(e) }; }); return true;",
        vec![],
    );
    app.wait_for("the design reply", Duration::from_secs(120), |a| {
        !a.script("return window.__design;", vec![]).is_null()
    });
    app.script("return window.__design;", vec![])
}

/// A node whose middle is well inside the plane and not under the minimap, from the drawn
/// SVG nodes or (drawn on the <canvas>) from the design's positions and the `viewBox`:
/// its id and its middle in client pixels.
fn node_in_view(app: &App, design: &Value) -> (String, i64, i64) {
    let found = app.script(
        "const plane = document.querySelector('[data-testid=canvas-plane]');\
         const p = plane.getBoundingClientRect();\
         const [vx, vy, vw, vh] = plane.getAttribute('viewBox').split(' ').map(Number);\
         const s = Math.min(p.width / vw, p.height / vh);\
         const left = p.left + (p.width - vw * s) / 2, top = p.top + (p.height - vh * s) / 2;\
         const ok = (x, y) => x > p.left + 20 && x < p.right - 20 && y > p.top + 20 && y < p.bottom - 20\
           && plane.contains(document.elementFromPoint(x, y));\
         const nodes = [...document.querySelectorAll('[data-testid=canvas-node]')];\
         for (const n of nodes) { const r = n.getBoundingClientRect();\
           const x = r.left + r.width / 2, y = r.top + r.height / 2;\
           if (ok(x, y)) return [n.dataset.id, Math.round(x), Math.round(y)]; }\
         for (const [id, nx, ny, nw, nh] of arguments[0]) {\
           const x = left + (nx + nw / 2 - vx) * s, y = top + (ny + nh / 2 - vy) * s;\
           if (ok(x, y)) return [id, Math.round(x), Math.round(y)]; }\
         return null;",
        vec![design["nodes"].clone()],
    );
    let id = found[0].as_str().expect("a node in view").to_string();
    (id, found[1].as_i64().unwrap(), found[2].as_i64().unwrap())
}

fn measure(n: usize) {
    let text = stack(n);
    let Some(app) = App::launch(&format!("canvas-scale-{n}"), |dir| {
        std::fs::write(dir.join("agents.yaml"), &text).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    let start = Instant::now();
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    let bitmap_drawn = |a: &App| {
        a.script(
            "const c = document.querySelector('[data-testid=canvas-bitmap]');\
             return c ? Number(c.dataset.drawn || 0) : 0;",
            vec![],
        )
        .as_u64()
        .unwrap_or(0)
    };
    app.wait_for("the canvas", Duration::from_secs(120), |a| {
        a.count(r#"[data-testid="canvas-node"]"#) > 0 || bitmap_drawn(a) > 0
    });
    let opened = start.elapsed();
    let summary = app.text(&app.find(r#"[data-testid="canvas-summary"]"#));
    assert!(summary.starts_with(&format!("{n} components")), "{summary}");
    let drawn = app.count(r#"[data-testid="canvas-node"]"#);
    println!(
        "{n} components: canvas shown in {opened:.2?}; {drawn} nodes drawn as SVG, {} on the <canvas> (the rest are out of view)",
        bitmap_drawn(&app)
    );
    let design = design_round_trip(&app);
    println!(
        "{n} components: design command {:.0} ms round trip, {} KB reply{}",
        design["ms"].as_f64().unwrap_or(f64::NAN),
        design["bytes"].as_u64().unwrap_or(0) / 1024,
        design
            .get("error")
            .map(|e| format!(" (error {e})"))
            .unwrap_or_default()
    );
    app.screenshot(&format!("canvas-scale-{n}-shown"));

    // Pan: drag the background across the plane.
    let plane = app.find(r#"[data-testid="canvas-plane"]"#);
    start_recording(&app);
    for _ in 0..3 {
        app.drag(&plane, (200, 150), -400, -250);
    }
    report(&format!("{n} components, pan"), &stop_recording(&app));

    // Drag one node around.
    app.click(&app.find(r#"[data-testid="canvas-fit"]"#));
    // A node well inside the visible plane, grabbed where it is drawn (the first press
    // selects it, which draws it as SVG; later drags start on it again).
    let (id, x, y) = node_in_view(&app, &design);
    let centre = app.script(
        "const r = document.querySelector('[data-testid=canvas-plane]').getBoundingClientRect();\
         return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
        vec![],
    );
    let (px, py) = (centre[0].as_i64().unwrap(), centre[1].as_i64().unwrap());
    let before = app.script(
        "const n = document.querySelector(`[data-testid=canvas-node][data-id=\"${arguments[0]}\"]`);\
         return n ? n.getAttribute('transform') : null;",
        vec![json!(id)],
    );
    start_recording(&app);
    for i in 0..3 {
        app.drag(&plane, (x - px + 15 * i, y - py + 10 * i), 15, 10);
    }
    report(&format!("{n} components, node drag"), &stop_recording(&app));
    let after = app.script(
        "const n = document.querySelector(`[data-testid=canvas-node][data-id=\"${arguments[0]}\"]`);\
         return n ? n.getAttribute('transform') : null;",
        vec![json!(id)],
    );
    println!("{n} components: dragged {id}: {before} → {after}");
    assert_ne!(before, after, "the node moved");
    app.screenshot(&format!("canvas-scale-{n}"));
}

#[test]
#[ignore = "a benchmark: scripts/bench-canvas.sh"]
fn canvas_frame_times_at_1000_components() {
    measure(1000);
}

#[test]
#[ignore = "a benchmark: scripts/bench-canvas.sh"]
fn canvas_frame_times_at_5000_components() {
    measure(5000);
}
