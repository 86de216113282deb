//! The syntax-agnostic document tree: an arena of nodes, each knowing its byte span.
//!
//! Every format parser (`yaml`, `json`, `toml`) produces a [`Tree`]; everything above the
//! parsers (pointers, values, edit resolution, the API) works on this one shape. Values follow
//! the JSON data model: map keys are strings, scalars are null, booleans, numbers or strings.

use crate::span::Span;

/// Index of a node in [`Tree::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A number as written. Integers that fit keep their exact value; everything else is `f64`.
/// YAML's `.inf` and `.nan` are floats too (the JSON model shows them as the strings
/// `".inf"`, `"-.inf"`, `".nan"`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    UInt(u64),
    Float(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Seq(Vec<NodeId>),
    Map(Vec<Entry>),
    /// A YAML alias (`*name`) standing for the node its anchor named.
    Alias {
        name: String,
        target: NodeId,
    },
}

/// One key of a map with where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key as a JSON-model string (YAML `1:` gives `"1"`).
    pub key: String,
    /// The key's text as written, quotes included.
    pub key_span: Span,
    pub key_style: Style,
    pub value: NodeId,
}

/// How a node is written. Edits use it to write new text in the style around it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Style {
    /// Unquoted scalar (YAML plain, JSON/TOML bare literals, TOML bare keys).
    #[default]
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// YAML `|` block scalar; TOML `'''` multi-line literal string.
    Literal,
    /// YAML `>` block scalar; TOML `"""` multi-line basic string.
    Folded,
    /// A YAML block collection (indentation-structured), a JSON collection spread over several
    /// lines, a TOML `[table]` / body of key-value lines.
    Block,
    /// A YAML flow collection (`[..]`, `{..}`), a JSON collection on one line, a TOML inline
    /// table or array.
    Flow,
    /// A TOML array of tables (`[[name]]`).
    TableArray,
    /// A TOML table made only of dotted keys (`a.b = 1` makes `a` a dotted table).
    Dotted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The value's own text: a scalar with its quotes; a flow collection from bracket to
    /// bracket; a block collection from its first entry's first byte to its last entry's last
    /// byte (no trailing comment or line break). Anchors and tags are not part of it.
    pub span: Span,
    pub style: Style,
    pub parent: Option<NodeId>,
}

/// The parsed form of a document. YAML streams may hold several documents; JSON and TOML
/// always hold exactly one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// Root node of each document of the stream, in order. Empty for an empty YAML stream.
    pub docs: Vec<NodeId>,
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// Appends a node and returns its id. Parsers build bottom-up or top-down as suits
    /// them; `parent` links are fixed up with [`Tree::link_parents`].
    pub fn push(&mut self, kind: NodeKind, span: Span, style: Style) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind,
            span,
            style,
            parent: None,
        });
        id
    }

    /// Sets every node's `parent` from the collections' children.
    pub fn link_parents(&mut self) {
        for i in 0..self.nodes.len() {
            let parent = Some(NodeId(i as u32));
            let children: Vec<NodeId> = match &self.nodes[i].kind {
                NodeKind::Seq(items) => items.clone(),
                NodeKind::Map(entries) => entries.iter().map(|e| e.value).collect(),
                _ => continue,
            };
            for c in children {
                self.nodes[c.index()].parent = parent;
            }
        }
    }

    /// Follows aliases to the node that holds the content.
    pub fn resolve_alias(&self, mut id: NodeId) -> NodeId {
        // Anchors must be defined before their aliases, so chains are finite; bound the
        // walk anyway so a malformed tree cannot loop.
        for _ in 0..64 {
            match &self.node(id).kind {
                NodeKind::Alias { target, .. } => id = *target,
                _ => return id,
            }
        }
        id
    }

    /// Children of a collection: `(key, child)` pairs, with `None` keys for sequence items.
    pub fn children(&self, id: NodeId) -> Vec<(Option<&str>, NodeId)> {
        match &self.node(id).kind {
            NodeKind::Seq(items) => items.iter().map(|&c| (None, c)).collect(),
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| (Some(e.key.as_str()), e.value))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether `id` is `ancestor` or lies inside it.
    pub fn is_within(&self, mut id: NodeId, ancestor: NodeId) -> bool {
        loop {
            if id == ancestor {
                return true;
            }
            match self.node(id).parent {
                Some(parent) => id = parent,
                None => return false,
            }
        }
    }

    pub fn has_aliases(&self) -> bool {
        self.nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::Alias { .. }))
    }
}
