//! Layered (Sugiyama-style) layout: cycle breaking, longest-path layering, dummy nodes,
//! barycenter crossing reduction and coordinate assignment. Layers run left to right: a
//! component is to the left of what it uses.

use crate::Graph;
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// How far below the centre line a reversed edge runs, so that it does not hide an edge
/// the other way between the same nodes.
const REVERSED_OFFSET: f64 = 6.0;

/// At most this many dummy nodes. Long chains of references make the number of dummies
/// grow with the square of the depth (an agent stack of 5,000 components whose delegations
/// form a chain thousands of layers deep needs millions), and every sweep walks them all;
/// past the budget the longest edges get none: they take no part in ordering and are
/// drawn straight from end to end.
const DUMMY_BUDGET: usize = 50_000;

/// Sizes and effort of a layout.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    pub node_width: f64,
    pub node_height: f64,
    /// Horizontal space between layers.
    pub layer_gap: f64,
    /// Vertical space between nodes of a layer (half of it next to a long edge).
    pub node_gap: f64,
    pub margin: f64,
    /// Crossing-reduction iterations (each a down and an up sweep); 0 keeps the first order.
    pub sweeps: usize,
    /// Coordinate-assignment passes.
    pub passes: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_width: 180.0,
            node_height: 48.0,
            layer_gap: 80.0,
            node_gap: 24.0,
            margin: 24.0,
            sweeps: 4,
            passes: 8,
        }
    }
}

/// A node's box: `x`, `y` is the top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodePos {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub layer: usize,
}

/// The route of the edges from `from` to `to` (one per pair of nodes, however many
/// references there are): from the side of `from` to the side of `to`, through a point
/// on each side of every layer it passes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
    /// The edge runs against the layers (right to left): it was reversed to break a cycle,
    /// or it is a self-reference (drawn as a loop on the node's right side).
    pub reversed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    /// In the graph's node order.
    pub nodes: Vec<NodePos>,
    pub edges: Vec<EdgePath>,
    /// The right and bottom of everything, plus the margin.
    pub width: f64,
    pub height: f64,
    /// The left side of each layer.
    pub layers: Vec<f64>,
    /// Edge crossings between adjacent layers (the order-based count).
    pub crossings: usize,
}

impl Layout {
    /// `(min_x, min_y, max_x, max_y)` of the nodes and edges, without margin. With a
    /// previous layout, new nodes can land above the others (`min_y` below the margin).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let mut b = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        let mut add = |x: f64, y: f64| {
            b.0 = b.0.min(x);
            b.1 = b.1.min(y);
            b.2 = b.2.max(x);
            b.3 = b.3.max(y);
        };
        for n in &self.nodes {
            add(n.x, n.y);
            add(n.x + n.w, n.y + n.h);
        }
        for e in &self.edges {
            for &(x, y) in &e.points {
                add(x, y);
            }
        }
        if b.0.is_infinite() {
            (0.0, 0.0, 0.0, 0.0)
        } else {
            b
        }
    }

    /// The node box of an id.
    pub fn node(&self, id: &str) -> Option<&NodePos> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// Crossings of a layout's edges, from its geometry: pairs of segments between the same two
/// adjacent layers whose ends are in opposite orders. Equals [`Layout::crossings`] when no
/// two edges share a route (a reversed edge beside one the other way counts twice).
/// Quadratic in the segments between two layers: for checks, not for large drawings.
pub fn crossings(layout: &Layout) -> usize {
    let mut gaps: HashMap<usize, Vec<(f64, f64)>> = HashMap::new();
    let w = layout.nodes.first().map_or(0.0, |n| n.w);
    for e in &layout.edges {
        if e.from == e.to {
            continue;
        }
        for s in e.points.windows(2) {
            let (a, b) = if s[0].0 <= s[1].0 {
                (s[0], s[1])
            } else {
                (s[1], s[0])
            };
            // Segments between layers start at the right side of one.
            if let Some(l) = layout
                .layers
                .iter()
                .position(|&x| (x + w - a.0).abs() < 1e-6)
            {
                if layout
                    .layers
                    .get(l + 1)
                    .is_some_and(|&x| (x - b.0).abs() < 1e-6)
                {
                    gaps.entry(l).or_default().push((a.1, b.1));
                }
            }
        }
    }
    let mut total = 0;
    for segs in gaps.values() {
        for i in 0..segs.len() {
            for j in i + 1..segs.len() {
                if (segs[i].0 - segs[j].0) * (segs[i].1 - segs[j].1) < 0.0 {
                    total += 1;
                }
            }
        }
    }
    total
}

/// The working state: real nodes are elements `0..n`, dummies follow.
struct Work {
    layer: Vec<usize>,
    dummy: Vec<bool>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    /// Segments between layer `l` and `l + 1`.
    gaps: Vec<Vec<(usize, usize)>>,
    order: Vec<Vec<usize>>,
    pos: Vec<usize>,
}

impl Work {
    fn add(&mut self, layer: usize, dummy: bool) -> usize {
        self.layer.push(layer);
        self.dummy.push(dummy);
        self.preds.push(Vec::new());
        self.succs.push(Vec::new());
        self.layer.len() - 1
    }

    fn link(&mut self, a: usize, b: usize) {
        self.succs[a].push(b);
        self.preds[b].push(a);
        self.gaps[self.layer[a]].push((a, b));
    }

    fn set_positions(&mut self) {
        for layer in &self.order {
            for (i, &e) in layer.iter().enumerate() {
                self.pos[e] = i;
            }
        }
    }

    fn crossings(&self) -> usize {
        (0..self.gaps.len()).map(|l| self.gap_crossings(l)).sum()
    }

    /// Inversions of the segments' lower ends when sorted by their upper ends (a Fenwick
    /// tree over the positions in the lower layer).
    fn gap_crossings(&self, l: usize) -> usize {
        let mut segs: Vec<(usize, usize)> = self.gaps[l]
            .iter()
            .map(|&(a, b)| (self.pos[a], self.pos[b]))
            .collect();
        segs.sort_unstable();
        let size = self.order.get(l + 1).map_or(0, Vec::len);
        let mut tree = vec![0usize; size + 1];
        let mut total = 0;
        for (seen, &(_, b)) in segs.iter().enumerate() {
            // Count earlier segments with a lower end strictly greater than b.
            let mut i = b + 1;
            let mut not_greater = 0;
            while i > 0 {
                not_greater += tree[i];
                i &= i - 1;
            }
            total += seen - not_greater;
            let mut i = b + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
        total
    }

    /// Reorders layer `l` by the barycenters of its neighbours in the adjacent layer (preds
    /// when `down`). Pinned elements keep their relative order; the others are merged in.
    fn reorder(&mut self, l: usize, down: bool, pinned: &[bool]) {
        let bary = |e: usize| -> f64 {
            let nbs = if down { &self.preds[e] } else { &self.succs[e] };
            if nbs.is_empty() {
                self.pos[e] as f64
            } else {
                nbs.iter().map(|&n| self.pos[n] as f64).sum::<f64>() / nbs.len() as f64
            }
        };
        let mut keyed: Vec<(f64, usize, usize)> = self.order[l]
            .iter()
            .map(|&e| (bary(e), self.pos[e], e))
            .collect();
        let order = if keyed.iter().any(|k| pinned[k.2]) {
            let old: Vec<(f64, usize, usize)> =
                keyed.iter().copied().filter(|k| pinned[k.2]).collect();
            let mut new: Vec<(f64, usize, usize)> =
                keyed.iter().copied().filter(|k| !pinned[k.2]).collect();
            new.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut out = Vec::with_capacity(keyed.len());
            let (mut i, mut j) = (0, 0);
            while i < old.len() || j < new.len() {
                if j < new.len() && (i == old.len() || new[j].0 < old[i].0) {
                    out.push(new[j].2);
                    j += 1;
                } else {
                    out.push(old[i].2);
                    i += 1;
                }
            }
            out
        } else {
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            keyed.into_iter().map(|k| k.2).collect()
        };
        for (i, &e) in order.iter().enumerate() {
            self.pos[e] = i;
        }
        self.order[l] = order;
    }
}

/// Positions a layer's elements as near their desired centres as the order and the
/// separations allow (weighted least squares; pool-adjacent-violators).
fn place(desired: &[f64], weight: &[f64], sep: &[f64]) -> Vec<f64> {
    let n = desired.len();
    let mut offset = vec![0.0; n];
    for i in 1..n {
        offset[i] = offset[i - 1] + sep[i - 1];
    }
    // Blocks of (weight, weighted sum, count) with non-decreasing means.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..n {
        let z = desired[i] - offset[i];
        blocks.push((weight[i], weight[i] * z, 1));
        while blocks.len() > 1 {
            let last = blocks[blocks.len() - 1];
            let prev = blocks[blocks.len() - 2];
            if prev.1 / prev.0 >= last.1 / last.0 {
                blocks.pop();
                let top = blocks.last_mut().expect("two blocks");
                *top = (prev.0 + last.0, prev.1 + last.1, prev.2 + last.2);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (w, s, count) in blocks {
        for _ in 0..count {
            let i = out.len();
            out.push(s / w + offset[i]);
        }
    }
    out
}

pub(crate) fn layout(graph: &Graph, previous: Option<&Layout>, options: &LayoutOptions) -> Layout {
    let n = graph.nodes.len();
    let mut pairs: Vec<(usize, usize)> = graph.links().to_vec();
    pairs.sort_unstable();
    pairs.dedup();
    pairs.retain(|p| p.0 != p.1);

    // (a) Cycle breaking: reverse the back edges of a depth-first search in node order.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &pairs {
        out[a].push(b);
    }
    let mut reversed: HashSet<(usize, usize)> = HashSet::new();
    let mut state = vec![0u8; n];
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        reversed.insert((v, w));
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    let mut dag: Vec<(usize, usize)> = pairs
        .iter()
        .map(|&(a, b)| {
            if reversed.contains(&(a, b)) {
                (b, a)
            } else {
                (a, b)
            }
        })
        .collect();
    dag.sort_unstable();
    dag.dedup();

    // (b) Longest-path layering from the sources.
    let mut layer = vec![0usize; n];
    let mut indegree = vec![0usize; n];
    let mut dag_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &dag {
        indegree[b] += 1;
        dag_out[a].push(b);
    }
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &dag_out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    let layers = layer.iter().max().map_or(0, |m| m + 1);

    // (c) Dummy nodes for edges that span more than one layer.
    let mut work = Work {
        layer: Vec::new(),
        dummy: Vec::new(),
        preds: Vec::new(),
        succs: Vec::new(),
        gaps: vec![Vec::new(); layers],
        order: vec![Vec::new(); layers],
        pos: Vec::new(),
    };
    for &l in &layer {
        work.add(l, false);
    }
    let mut spans: Vec<(usize, usize)> = dag
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| (layer[b] - layer[a] - 1, i))
        .filter(|&(span, _)| span > 0)
        .collect();
    let mut bare = vec![false; dag.len()];
    if spans.iter().map(|s| s.0).sum::<usize>() > DUMMY_BUDGET {
        spans.sort_unstable();
        let mut used = 0;
        for &(span, i) in &spans {
            if used + span <= DUMMY_BUDGET {
                used += span;
            } else {
                bare[i] = true;
            }
        }
    }
    let mut chains: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, &(a, b)) in dag.iter().enumerate() {
        if bare[i] {
            chains.insert((a, b), vec![a, b]);
            continue;
        }
        let mut chain = vec![a];
        for l in layer[a] + 1..layer[b] {
            chain.push(work.add(l, true));
        }
        chain.push(b);
        for s in chain.windows(2) {
            work.link(s[0], s[1]);
        }
        chains.insert((a, b), chain);
    }
    let total = work.layer.len();
    work.pos = vec![0; total];

    // Previous centres: nodes by id, dummies by (upper id, lower id, layer).
    let mut prev_y: Vec<Option<f64>> = vec![None; total];
    if let Some(prev) = previous {
        let prev_nodes: HashMap<&str, &NodePos> =
            prev.nodes.iter().map(|p| (p.id.as_str(), p)).collect();
        for (i, node) in graph.nodes.iter().enumerate() {
            prev_y[i] = prev_nodes.get(node.id.as_str()).map(|p| p.y + p.h / 2.0);
        }
        let mut prev_dummies: HashMap<(&str, &str, usize), f64> = HashMap::new();
        for e in &prev.edges {
            if e.from == e.to {
                continue;
            }
            let (upper, lower) = if e.reversed {
                (&e.to, &e.from)
            } else {
                (&e.from, &e.to)
            };
            let Some(start) = prev_nodes.get(upper.as_str()) else {
                continue;
            };
            let mut points = e.points.clone();
            if e.reversed {
                points.reverse();
            }
            let dummies = points.len().saturating_sub(2) / 2;
            let offset = if e.reversed { REVERSED_OFFSET } else { 0.0 };
            for k in 1..=dummies {
                prev_dummies.insert(
                    (upper, lower, start.layer + k),
                    points[2 * k - 1].1 - offset,
                );
            }
        }
        for (&(a, b), chain) in &chains {
            for &d in &chain[1..chain.len() - 1] {
                let key = (
                    graph.nodes[a].id.as_str(),
                    graph.nodes[b].id.as_str(),
                    work.layer[d],
                );
                prev_y[d] = prev_dummies.get(&key).copied();
            }
        }
    }
    let pinned: Vec<bool> = prev_y.iter().map(Option::is_some).collect();

    // Initial order: element order; with a previous layout, the previous positions, and
    // new elements beside their previously placed neighbours.
    for e in 0..total {
        work.order[work.layer[e]].push(e);
    }
    if previous.is_some() {
        let key: Vec<f64> = (0..total)
            .map(|e| {
                prev_y[e].unwrap_or_else(|| {
                    let nbs: Vec<f64> = work.preds[e]
                        .iter()
                        .chain(&work.succs[e])
                        .filter_map(|&m| prev_y[m])
                        .collect();
                    if nbs.is_empty() {
                        f64::INFINITY
                    } else {
                        nbs.iter().sum::<f64>() / nbs.len() as f64
                    }
                })
            })
            .collect();
        for layer in &mut work.order {
            layer.sort_by(|&a, &b| {
                key[a]
                    .total_cmp(&key[b])
                    .then(pinned[b].cmp(&pinned[a]))
                    .then(a.cmp(&b))
            });
        }
    }
    work.set_positions();

    // (d) Crossing reduction: barycenter sweeps, keeping the best order seen.
    let mut best = work.order.clone();
    let mut best_crossings = work.crossings();
    for _ in 0..options.sweeps {
        if best_crossings == 0 {
            break;
        }
        for down in [true, false] {
            if down {
                for l in 1..layers {
                    work.reorder(l, true, &pinned);
                }
            } else {
                for l in (0..layers.saturating_sub(1)).rev() {
                    work.reorder(l, false, &pinned);
                }
            }
            let c = work.crossings();
            if c < best_crossings {
                best_crossings = c;
                best = work.order.clone();
            }
        }
    }
    work.order = best;
    work.set_positions();

    // (e) Coordinates: centres within layers, as near as the order allows to the centres of
    // the neighbours (long edges weigh more, to run straight) or to the previous centres.
    let height = |e: usize| {
        if work.dummy[e] {
            0.0
        } else {
            options.node_height
        }
    };
    let separation = |a: usize, b: usize| {
        let gap = if work.dummy[a] || work.dummy[b] {
            options.node_gap / 2.0
        } else {
            options.node_gap
        };
        (height(a) + height(b)) / 2.0 + gap
    };
    let mut y = vec![0.0; total];
    for order in &work.order {
        let mut at = 0.0;
        for (i, &e) in order.iter().enumerate() {
            if i > 0 {
                at += separation(order[i - 1], e);
            }
            y[e] = at;
        }
        for &e in order {
            y[e] -= at / 2.0;
        }
    }
    let mean_of = |y: &[f64], nbs: &mut dyn Iterator<Item = &usize>| -> Option<f64> {
        let (sum, count) = nbs.fold((0.0, 0usize), |(s, c), &m| (s + y[m], c + 1));
        (count > 0).then(|| sum / count as f64)
    };
    if previous.is_some() {
        // Previous centres for the old; beside the neighbours (or below) for the new.
        let prev_vals: Vec<f64> = prev_y.iter().map(|p| p.unwrap_or(0.0)).collect();
        for order in &work.order {
            for (i, &e) in order.iter().enumerate() {
                y[e] = match prev_y[e] {
                    Some(p) => p,
                    None => {
                        let mut nbs = work.preds[e]
                            .iter()
                            .chain(&work.succs[e])
                            .filter(|&&m| prev_y[m].is_some());
                        mean_of(&prev_vals, &mut nbs).unwrap_or_else(|| {
                            if i > 0 {
                                y[order[i - 1]] + separation(order[i - 1], e)
                            } else {
                                0.0
                            }
                        })
                    }
                };
            }
        }
        for order in &work.order {
            let desired: Vec<f64> = order.iter().map(|&e| y[e]).collect();
            let weight: Vec<f64> = order
                .iter()
                .map(|&e| if pinned[e] { 1e6 } else { 1.0 })
                .collect();
            let sep: Vec<f64> = order.windows(2).map(|w| separation(w[0], w[1])).collect();
            for (&e, v) in order.iter().zip(place(&desired, &weight, &sep)) {
                y[e] = v;
            }
        }
    } else {
        for pass in 0..options.passes {
            let ls: Vec<usize> = if pass % 2 == 0 {
                (0..layers).collect()
            } else {
                (0..layers).rev().collect()
            };
            for l in ls {
                let order = &work.order[l];
                let desired: Vec<f64> = order
                    .iter()
                    .map(|&e| {
                        mean_of(&y, &mut work.preds[e].iter().chain(&work.succs[e])).unwrap_or(y[e])
                    })
                    .collect();
                let weight: Vec<f64> = order
                    .iter()
                    .map(|&e| if work.dummy[e] { 2.0 } else { 1.0 })
                    .collect();
                let sep: Vec<f64> = order.windows(2).map(|w| separation(w[0], w[1])).collect();
                for (&e, v) in order.iter().zip(place(&desired, &weight, &sep)) {
                    y[e] = v;
                }
            }
        }
        // Top at the margin.
        let top = (0..total)
            .map(|e| y[e] - height(e) / 2.0)
            .fold(f64::INFINITY, f64::min);
        if top.is_finite() {
            for v in &mut y {
                *v += options.margin - top;
            }
        }
    }

    let column = |l: usize| options.margin + l as f64 * (options.node_width + options.layer_gap);
    let nodes: Vec<NodePos> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| NodePos {
            id: node.id.clone(),
            x: column(layer[i]),
            y: y[i] - options.node_height / 2.0,
            w: options.node_width,
            h: options.node_height,
            layer: layer[i],
        })
        .collect();

    // Edge routes, one per pair in the order of first appearance.
    let w = options.node_width;
    let mut edges = Vec::new();
    let mut done: HashSet<(usize, usize)> = HashSet::new();
    for &(a, b) in graph.links() {
        if !done.insert((a, b)) {
            continue;
        }
        if a == b {
            let (x, top, h) = (
                column(layer[a]) + w,
                y[a] - options.node_height / 2.0,
                options.node_height,
            );
            edges.push(EdgePath {
                from: graph.nodes[a].id.clone(),
                to: graph.nodes[b].id.clone(),
                points: vec![
                    (x, top + h / 3.0),
                    (x + options.layer_gap / 4.0, top + h / 3.0),
                    (x + options.layer_gap / 4.0, top + 2.0 * h / 3.0),
                    (x, top + 2.0 * h / 3.0),
                ],
                reversed: true,
            });
            continue;
        }
        let rev = reversed.contains(&(a, b));
        let key = if rev { (b, a) } else { (a, b) };
        let chain = &chains[&key];
        let mut points = Vec::with_capacity(chain.len() * 2);
        points.push((column(layer[key.0]) + w, y[key.0]));
        for &d in &chain[1..chain.len() - 1] {
            let x = column(work.layer[d]);
            points.push((x, y[d]));
            points.push((x + w, y[d]));
        }
        points.push((column(layer[key.1]), y[key.1]));
        if rev {
            points.reverse();
            // Beside the edges that run the other way between the same nodes.
            for p in &mut points {
                p.1 += REVERSED_OFFSET;
            }
        }
        edges.push(EdgePath {
            from: graph.nodes[a].id.clone(),
            to: graph.nodes[b].id.clone(),
            points,
            reversed: rev,
        });
    }

    let mut result = Layout {
        nodes,
        edges,
        width: 0.0,
        height: 0.0,
        layers: (0..layers).map(column).collect(),
        crossings: best_crossings,
    };
    let (_, _, max_x, max_y) = result.bounds();
    result.width = max_x + options.margin;
    result.height = max_y + options.margin;
    result
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn place_keeps_desired_positions_that_fit_and_spreads_those_that_do_not() {
        assert_eq!(
            place(&[0.0, 100.0, 300.0], &[1.0; 3], &[50.0, 50.0]),
            [0.0, 100.0, 300.0]
        );
        // Three wanting the same spot: centred on it, 10 apart.
        assert_eq!(
            place(&[5.0, 5.0, 5.0], &[1.0; 3], &[10.0, 10.0]),
            [-5.0, 5.0, 15.0]
        );
        // A heavy element stays; the light one moves out of its way.
        let y = place(&[0.0, 1.0], &[1e6, 1.0], &[10.0]);
        assert!(y[0].abs() < 1e-3 && (y[1] - 10.0).abs() < 1e-3, "{y:?}");
    }
}
