//! The dependency graph of a configuration and its layered layout.
//!
//! - [`Graph`]: the components of a document ([`trellis_schema::Model`]) as nodes, the
//!   references between them as edges, the references that name nothing (dangling) and the
//!   reference cycles.
//! - [`Layout`]: a layered (Sugiyama-style) drawing of a graph: cycles broken by reversing
//!   feedback arcs, longest-path layers (what uses something on the left, what is used on
//!   the right), dummy nodes for long edges, barycenter crossing reduction and a
//!   priority-weighted coordinate assignment. [`Graph::layout_with`] keeps the order and
//!   positions of a previous layout for the nodes that are still there.
//! - [`to_svg`] and [`to_dot`]: standalone renderings.

mod layout;
mod render;

pub use layout::{crossings, EdgePath, Layout, LayoutOptions, NodePos};
pub use render::{kind_color, to_dot, to_svg};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use trellis_schema::Model;

/// A component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The component's pointer as a string (`/agents/writer`); unique in a graph.
    pub id: String,
    pub kind: String,
    pub name: String,
    pub pointer: String,
}

/// A resolved reference: the component `from` names the component `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Where the name is written (`/agents/writer/tools/0`).
    pub field: String,
    /// The annotated field (`/agents/writer/tools`).
    pub annotated: String,
}

/// A reference whose name matches no component of the kinds it may refer to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dangling {
    /// The component the reference is written in, if it is inside one.
    pub from: Option<String>,
    pub name: String,
    /// Where the name is written.
    pub pointer: String,
    /// The kinds the name may refer to.
    pub to: Vec<String>,
}

/// The dependency graph of one document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Graph {
    /// In the model's (document) order.
    pub nodes: Vec<Node>,
    /// In the model's reference order.
    pub edges: Vec<Edge>,
    pub dangling: Vec<Dangling>,
    /// Strongly connected components of more than one node, and nodes that refer to
    /// themselves; each in node order, ordered by their first node.
    pub cycles: Vec<Vec<String>>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// `(from, to)` node indices of each edge.
    #[serde(skip)]
    links: Vec<(usize, usize)>,
    /// Per node: the cycle it is in, as an index into `cycles`.
    #[serde(skip)]
    cycle_of: Vec<Option<usize>>,
}

impl Graph {
    /// The graph of a component model: a node per component, an edge per reference that
    /// resolves (references outside any component and names of built-ins are left out), a
    /// dangling entry per reference that does not.
    pub fn from_model(model: &Model) -> Graph {
        let nodes: Vec<Node> = model
            .components
            .iter()
            .map(|c| {
                let pointer = c.pointer.to_string();
                Node {
                    id: pointer.clone(),
                    kind: c.kind.clone(),
                    name: c.name.clone(),
                    pointer,
                }
            })
            .collect();
        // The first component of a kind and name wins, as in `Model::find`.
        let mut by_name: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, c) in model.components.iter().enumerate() {
            by_name.entry((&c.kind, &c.name)).or_insert(i);
        }
        let mut edges = Vec::new();
        let mut dangling = Vec::new();
        for r in &model.references {
            if r.builtin.contains(&r.name) {
                continue;
            }
            let target =
                r.to.iter()
                    .filter_map(|kind| by_name.get(&(kind.as_str(), r.name.as_str())).copied())
                    .min();
            let from = r.from.map(|i| nodes[i].id.clone());
            match (target, from) {
                (Some(to), Some(from)) => edges.push(Edge {
                    from,
                    to: nodes[to].id.clone(),
                    field: r.pointer.to_string(),
                    annotated: r.field.to_string(),
                }),
                (Some(_), None) => {}
                (None, from) => dangling.push(Dangling {
                    from,
                    name: r.name.clone(),
                    pointer: r.pointer.to_string(),
                    to: r.to.clone(),
                }),
            }
        }
        Graph::from_parts(nodes, edges, dangling)
    }

    /// A graph from its parts (for other sources and for tests). Nodes with an id seen
    /// before and edges between unknown ids are left out.
    pub fn from_parts(nodes: Vec<Node>, edges: Vec<Edge>, dangling: Vec<Dangling>) -> Graph {
        let mut index = HashMap::new();
        let nodes: Vec<Node> = nodes
            .into_iter()
            .filter(|n| {
                if index.contains_key(&n.id) {
                    false
                } else {
                    index.insert(n.id.clone(), index.len());
                    true
                }
            })
            .collect();
        let mut links = Vec::new();
        let edges: Vec<Edge> = edges
            .into_iter()
            .filter(|e| match (index.get(&e.from), index.get(&e.to)) {
                (Some(&a), Some(&b)) => {
                    links.push((a, b));
                    true
                }
                _ => false,
            })
            .collect();

        let mut pg: DiGraph<(), ()> = DiGraph::with_capacity(nodes.len(), links.len());
        for _ in &nodes {
            pg.add_node(());
        }
        for &(a, b) in &links {
            pg.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
        let mut groups: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&pg)
            .into_iter()
            .map(|scc| {
                let mut ids: Vec<usize> = scc.into_iter().map(|n| n.index()).collect();
                ids.sort_unstable();
                ids
            })
            .filter(|scc| scc.len() > 1 || links.contains(&(scc[0], scc[0])))
            .collect();
        groups.sort_unstable();
        let mut cycle_of = vec![None; nodes.len()];
        for (c, group) in groups.iter().enumerate() {
            for &n in group {
                cycle_of[n] = Some(c);
            }
        }
        let cycles = groups
            .iter()
            .map(|g| g.iter().map(|&n| nodes[n].id.clone()).collect())
            .collect();
        Graph {
            nodes,
            edges,
            dangling,
            cycles,
            index,
            links,
            cycle_of,
        }
    }

    /// The graph as JSON: `{ nodes, edges, dangling, cycles }`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a graph serialises")
    }

    /// The node with the id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// The index of the node with the id in [`Graph::nodes`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Whether the edge (by index into [`Graph::edges`]) lies on a cycle: its ends are in
    /// the same cycle (or it is a self-reference).
    pub fn edge_in_cycle(&self, edge: usize) -> bool {
        let (a, b) = self.links[edge];
        a == b || (self.cycle_of[a].is_some() && self.cycle_of[a] == self.cycle_of[b])
    }

    /// `(from, to)` node indices of each edge, parallel to [`Graph::edges`].
    pub(crate) fn links(&self) -> &[(usize, usize)] {
        &self.links
    }

    /// What the component uses, directly or not, in breadth-first order (nearest first,
    /// then node order); without the component itself, even when it is on a cycle. Empty
    /// for an unknown id.
    pub fn depends_on(&self, id: &str) -> Vec<String> {
        self.reach(id, false)
    }

    /// What uses the component, directly or not, in the same order as
    /// [`Graph::depends_on`].
    pub fn dependents(&self, id: &str) -> Vec<String> {
        self.reach(id, true)
    }

    fn reach(&self, id: &str, backwards: bool) -> Vec<String> {
        let Some(&start) = self.index.get(id) else {
            return Vec::new();
        };
        let mut adjacent = vec![Vec::new(); self.nodes.len()];
        for &(a, b) in &self.links {
            if backwards {
                adjacent[b].push(a);
            } else {
                adjacent[a].push(b);
            }
        }
        let mut seen = vec![false; self.nodes.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        let mut out = Vec::new();
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<usize> = adjacent[n].iter().copied().filter(|&m| !seen[m]).collect();
            next.sort_unstable();
            next.dedup();
            for m in next {
                seen[m] = true;
                out.push(self.nodes[m].id.clone());
                queue.push_back(m);
            }
        }
        out
    }

    /// A layered layout with the default options.
    pub fn layout(&self) -> Layout {
        self.layout_with(None)
    }

    /// A layered layout that keeps, for the nodes (and long edges) still there, the order
    /// within layers and the positions of `previous`; new nodes are fitted in beside the
    /// nodes they are connected to.
    pub fn layout_with(&self, previous: Option<&Layout>) -> Layout {
        layout::layout(self, previous, &LayoutOptions::default())
    }

    /// [`Graph::layout_with`] with options.
    pub fn layout_with_options(
        &self,
        previous: Option<&Layout>,
        options: &LayoutOptions,
    ) -> Layout {
        layout::layout(self, previous, options)
    }
}
