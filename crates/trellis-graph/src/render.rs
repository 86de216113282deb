//! Standalone renderings: SVG from a layout, Graphviz DOT from a graph.

use crate::{Graph, Layout};
use std::collections::HashSet;
use std::fmt::Write;

/// Fill colours of the kinds the packs use; other kinds take one by the hash of the name.
const KINDS: &[(&str, &str)] = &[
    ("agent", "#dbeafe"),
    ("model", "#ede9fe"),
    ("provider", "#fef3c7"),
    ("tool", "#dcfce7"),
    ("memory", "#fce7f3"),
    ("middleware", "#e0f2fe"),
    ("service", "#dbeafe"),
    ("network", "#f3f4f6"),
    ("volume", "#fef9c3"),
    ("job", "#dbeafe"),
];
const PALETTE: &[&str] = &[
    "#fee2e2", "#ffedd5", "#ecfccb", "#ccfbf1", "#cffafe", "#e0e7ff", "#fae8ff", "#f5f5f4",
];

/// The fill colour of a kind.
pub fn kind_color(kind: &str) -> &'static str {
    if let Some((_, c)) = KINDS.iter().find(|(k, _)| *k == kind) {
        return c;
    }
    // FNV-1a: stable across runs and platforms.
    let hash = kind.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    PALETTE[(hash % PALETTE.len() as u64) as usize]
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A standalone SVG of the graph as laid out: boxes coloured by kind with the name and
/// kind, edges with arrowheads (red and dashed on a cycle), and a dashed stub to a
/// "missing: NAME" label for each dangling reference.
pub fn to_svg(graph: &Graph, layout: &Layout) -> String {
    let cyclic: HashSet<(&str, &str)> = graph
        .edges
        .iter()
        .enumerate()
        .filter(|(i, _)| graph.edge_in_cycle(*i))
        .map(|(_, e)| (e.from.as_str(), e.to.as_str()))
        .collect();

    // Dangling stubs: to the right of their node, one below the other.
    let mut stubs = Vec::new();
    let boxes: std::collections::HashMap<&str, &crate::NodePos> =
        layout.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut per_node: std::collections::HashMap<&str, usize> = Default::default();
    for d in &graph.dangling {
        let Some(from) = d.from.as_deref() else {
            continue;
        };
        let Some(node) = boxes.get(from) else {
            continue;
        };
        let k = per_node.entry(from).or_insert(0);
        let start = (node.x + node.w, node.y + node.h * 0.75);
        let end = (start.0 + 24.0, start.1 + 10.0 + *k as f64 * 16.0);
        *k += 1;
        stubs.push((start, end, format!("missing: {}", d.name)));
    }

    let (mut min_x, mut min_y, mut max_x, mut max_y) = layout.bounds();
    for (_, end, label) in &stubs {
        min_x = min_x.min(end.0);
        min_y = min_y.min(end.1 - 12.0);
        max_x = max_x.max(end.0 + 4.0 + label.chars().count() as f64 * 6.5);
        max_y = max_y.max(end.1 + 4.0);
    }
    let margin = 16.0;
    let (vx, vy) = (min_x - margin, min_y - margin);
    let (vw, vh) = (
        (max_x - min_x).max(0.0) + 2.0 * margin,
        (max_y - min_y).max(0.0) + 2.0 * margin,
    );

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" width="{}" height="{}" font-family="system-ui, sans-serif">"#,
        num(vx),
        num(vy),
        num(vw),
        num(vh),
        num(vw),
        num(vh)
    );
    s.push_str(concat!(
        "<defs>\n",
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker>"##,
        "\n",
        r##"<marker id="arrow-cycle" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#dc2626"/></marker>"##,
        "\n</defs>\n"
    ));

    s.push_str("<g class=\"edges\" fill=\"none\">\n");
    for e in &layout.edges {
        let mut d = String::new();
        for (i, &(x, y)) in e.points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{},{} ",
                if i == 0 { "M" } else { "L" },
                num(x),
                num(y)
            );
        }
        let style = if cyclic.contains(&(e.from.as_str(), e.to.as_str())) {
            r##"stroke="#dc2626" stroke-dasharray="6 4" marker-end="url(#arrow-cycle)""##
        } else {
            r##"stroke="#64748b" marker-end="url(#arrow)""##
        };
        let _ = writeln!(
            s,
            r#"<path d="{}" stroke-width="1.5" {style}><title>{} → {}</title></path>"#,
            d.trim_end(),
            xml(&e.from),
            xml(&e.to)
        );
    }
    s.push_str("</g>\n<g class=\"nodes\">\n");
    for pos in &layout.nodes {
        let Some(node) = graph.node(&pos.id) else {
            continue;
        };
        let color = kind_color(&node.kind);
        let _ = writeln!(
            s,
            concat!(
                r#"<g><title>{} {} ({})</title>"#,
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="#475569"/>"##,
                r##"<text x="{}" y="{}" font-size="13" font-weight="600" fill="#0f172a">{}</text>"##,
                r##"<text x="{}" y="{}" font-size="11" fill="#475569">{}</text></g>"##
            ),
            xml(&node.kind),
            xml(&node.name),
            xml(&node.id),
            num(pos.x),
            num(pos.y),
            num(pos.w),
            num(pos.h),
            color,
            num(pos.x + 10.0),
            num(pos.y + pos.h / 2.0 - 2.0),
            xml(&shorten(
                &node.name,
                ((pos.w - 20.0) / 7.5).max(4.0) as usize
            )),
            num(pos.x + 10.0),
            num(pos.y + pos.h / 2.0 + 13.0),
            xml(&node.kind)
        );
    }
    s.push_str("</g>\n<g class=\"dangling\">\n");
    for (start, end, label) in &stubs {
        let _ = writeln!(
            s,
            r##"<path d="M{},{} L{},{}" fill="none" stroke="#b91c1c" stroke-dasharray="3 3"/><text x="{}" y="{}" font-size="11" fill="#b91c1c">{}</text>"##,
            num(start.0),
            num(start.1),
            num(end.0),
            num(end.1),
            num(end.0 + 4.0),
            num(end.1 + 4.0),
            xml(label)
        );
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph in Graphviz DOT, left to right, every id quoted.
pub fn to_dot(graph: &Graph) -> String {
    let mut s = String::from(
        "digraph trellis {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n",
    );
    for n in &graph.nodes {
        let _ = writeln!(
            s,
            "  {} [label={}, fillcolor=\"{}\"];",
            dot(&n.id),
            dot(&format!("{}\n{}", n.name, n.kind)),
            kind_color(&n.kind)
        );
    }
    for (i, e) in graph.edges.iter().enumerate() {
        let style = if graph.edge_in_cycle(i) {
            ", color=\"#dc2626\", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{style}];",
            dot(&e.from),
            dot(&e.to),
            dot(&e.field)
        );
    }
    for (i, d) in graph.dangling.iter().enumerate() {
        let Some(from) = &d.from else {
            continue;
        };
        let missing = dot(&format!("missing:{i}"));
        let _ = writeln!(
            s,
            "  {missing} [label={}, shape=plaintext, style=\"\", fontcolor=\"#b91c1c\"];\n  {} -> {missing} [style=dashed, color=\"#b91c1c\"];",
            dot(&format!("missing: {}", d.name)),
            dot(from)
        );
    }
    s.push_str("}\n");
    s
}
