//! Canvas frame times in the real window (a benchmark, not a test: it asserts only that the
//! canvas works at that size, and prints its figures). Run by `scripts/bench-canvas.sh`:
//!
//!     cargo nextest run -p trellis-e2e --test e2e_canvas_scale --run-ignored only --no-capture
//!
//! For generated agent stacks of 12, 1,000 and 5,000 components, side by side in one run:
//! the time from choosing the canvas to the drawing being there, then frame intervals
//! (`requestAnimationFrame`, in the webview) during a scripted pan across the plane and a
//! drag of one node, as p50 / p95 / max. The window runs under Xvfb with software
//! rendering, on a shared 2-core machine, where repainting any change costs tens of
//! milliseconds whatever the document: the 12-component stack is the peer that measures
//! that floor, and the large stacks are reported as ratios to it.
//!
//! Zoomed out with many nodes in view the canvas draws on a `<canvas>` element (no SVG
//! nodes); fitted, these long chains make every node a speck, so every node drag happens
//! at the same zoom (about 10 %), on a node selected with Tab.

use std::time::{Duration, Instant};

use serde_json::Value;
use trellis_e2e::{keys, App};

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

/// p50 and p95 of frame intervals, printed.
fn report(what: &str, frames: &[f64]) -> (f64, f64) {
    let (p50, p95) = (percentile(frames, 0.5), percentile(frames, 0.95));
    println!(
        "{what}: {} frames, p50 {p50:.1} ms, p95 {p95:.1} ms, max {:.1} ms",
        frames.len(),
        frames.last().copied().unwrap_or(f64::NAN)
    );
    (p50, p95)
}

/// What one size measured: seconds to show the canvas, pan and drag (p50, p95) in ms.
struct Figures {
    n: usize,
    shown: f64,
    pan: (f64, f64),
    drag: (f64, f64),
}

/// Clicks the zoom buttons until the canvas shows about `percent` % (within one step).
fn zoom_to(app: &App, percent: f64) {
    for _ in 0..60 {
        let label = app.text(&app.find(r#"[data-testid="canvas-zoom"]"#));
        let now: f64 = label
            .trim_end_matches('%')
            .trim()
            .parse()
            .unwrap_or(percent);
        let button = if now > percent * 1.12 {
            "canvas-zoom-out"
        } else if now < percent / 1.12 {
            "canvas-zoom-in"
        } else {
            return;
        };
        app.click(&app.find(&format!(r#"[data-testid="{button}"]"#)));
    }
}

/// The `design` command called from the webview: its round trip (the backend's picture, the
/// IPC and the webview's JSON parse) and the size of its reply.
fn design_round_trip(app: &App) -> Value {
    app.script(
        "window.__design = null; const t0 = performance.now();\
         window.__TAURI__.core.invoke('design', { path: 'agents.yaml' }).then(d => {\
           const ms = performance.now() - t0;\
           window.__design = { ms, bytes: JSON.stringify(d).length };\
         }, e => { window.__design = { error: JSON.stringify(e) }; }); return true;",
        vec![],
    );
    app.wait_for("the design reply", Duration::from_secs(120), |a| {
        !a.script("return window.__design;", vec![]).is_null()
    });
    app.script("return window.__design;", vec![])
}

fn measure(n: usize) -> Option<Figures> {
    let text = stack(n);
    let app = App::launch(&format!("canvas-scale-{n}"), |dir| {
        std::fs::write(dir.join("agents.yaml"), &text).unwrap();
    })?;
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
    let pan = report(&format!("{n} components, pan"), &stop_recording(&app));

    // Drag one node. Fitted, these long chains make every node a speck, so every size is
    // dragged at about 10 % (still zoomed out), after Tab twice: the second component is
    // selected and the view centres on it.
    app.click(&app.find(r#"[data-testid="canvas-fit"]"#));
    zoom_to(&app, 10.0);
    app.script(
        "document.querySelector('[data-testid=canvas-plane]').focus(); return true;",
        vec![],
    );
    app.chord(&[], keys::TAB);
    app.chord(&[], keys::TAB);
    app.wait_for("a selected node", Duration::from_secs(60), |a| {
        a.count(r#"[data-testid="canvas-node"][data-selected="true"]"#) == 1
    });
    let selected = app.find(r#"[data-testid="canvas-node"][data-selected="true"]"#);
    let id = app.attribute(&selected, "data-id").unwrap_or_default();
    let before = app.attribute(&selected, "transform");
    let zoom = app.text(&app.find(r#"[data-testid="canvas-zoom"]"#));
    println!(
        "{n} components: dragging {id} at {zoom}: {} nodes drawn as SVG, {} on the <canvas>",
        app.count(r#"[data-testid="canvas-node"]"#),
        bitmap_drawn(&app)
    );
    let node = app.find(&format!(
        r#"[data-testid="canvas-node"][data-id="{id}"] .canvas-node-box"#
    ));
    start_recording(&app);
    for _ in 0..3 {
        app.drag(&node, (0, 0), 15, 10);
    }
    let drag = report(&format!("{n} components, node drag"), &stop_recording(&app));
    let after = app.attribute(
        &app.find(&format!(r#"[data-testid="canvas-node"][data-id="{id}"]"#)),
        "transform",
    );
    assert_ne!(before, after, "the node moved");
    app.screenshot(&format!("canvas-scale-{n}"));
    Some(Figures {
        n,
        shown: opened.as_secs_f64(),
        pan,
        drag,
    })
}

#[test]
#[ignore = "a benchmark: scripts/bench-canvas.sh"]
fn canvas_frame_times_side_by_side() {
    let Some(peer) = measure(12) else { return };
    let mut rows = vec![];
    for n in [1000, 5000] {
        rows.extend(measure(n));
    }
    let ratio = |a: f64, b: f64| a / b;
    println!(
        "components: 12 (the peer) shown {:.2} s, pan {:.0}/{:.0} ms, drag {:.0}/{:.0} ms",
        peer.shown, peer.pan.0, peer.pan.1, peer.drag.0, peer.drag.1
    );
    for f in &rows {
        println!(
            "components: {} vs 12 (p50 and p95 ratios): shown {:.2} s, pan {:.2}x/{:.2}x, drag {:.2}x/{:.2}x",
            f.n,
            f.shown,
            ratio(f.pan.0, peer.pan.0),
            ratio(f.pan.1, peer.pan.1),
            ratio(f.drag.0, peer.drag.0),
            ratio(f.drag.1, peer.drag.1),
        );
    }
}
