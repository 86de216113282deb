//! The incremental path of `Document` (a splice inside one scalar re-parses that scalar
//! alone) against the oracle: after every step of a random sequence of value edits, typing
//! inside values (source view), undo and redo, the tree equals a fresh full parse of the text,
//! spans and line index included. Seeds put scalars in every context the formats have: plain,
//! quoted, block and flow, keys followed by comments, anchors and tags, CRLF line ends.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use trellis_core::{Document, EditOp, Format, NodeKind, Pointer};

const SEEDS: &[(Format, &str)] = &[
    (
        Format::Yaml,
        "# head\na: 1\nb: 'single'   # comment\nc: \"double\"\nd: plain text here\ne:\n  - x\n  - - nested\n    - \"q\"\n  - k: v\n    k2: 2.5\nf: [1, 'two', \"three\", four five]\ng: {x: 1, y: \"z\", w: plain}\nh: ~\ni: |\n  block\nj: >-\n  folded\nm: !!str 12\nn:\n  next line\no: [\n  1, 2\n]\n? p\n: q\nr: -3\ns: x#y\nt: 'it''s'\n",
    ),
    (
        Format::Yaml,
        "- a\n- b: 1\n  c: \"q\"\n- [1, 2]\n- -1.5\n-   spaced\n- {k: [x, y]}\n",
    ),
    (
        Format::Yaml,
        "base: &b\n  x: 1\n  y: two\nuse: *b\nother: 3\n",
    ),
    (Format::Yaml, "a: 1\r\nb: [x, \"y\"]\r\nc:\r\n  - z  # c\r\n"),
    (Format::Yaml, "---\na: 1\n---\nb: [2, 3]\n...\n"),
    (
        Format::Json,
        "{\n  // comment\n  \"name\": \"demo\",\n  \"n\": -1.5e3,\n  \"items\": [\"one\", 2, true, null],\n  \"nested\": {\"a\": 1, \"b\": {}} /* c */\n}\n",
    ),
    (Format::Json, "[1,{\"a\":[false]},\"x\"]"),
    (
        Format::Toml,
        "# settings\nname = \"demo\"\nitems = [\"one\", 'two', 3]\ndate = 1979-05-27T07:32:00Z\n\n[nested]\na = 1 # one\nb = { x = 1, y = \"s\" }\nc.d = 2.5\n\n[[list]]\nv = true\n\n[[list]]\nv = false\n",
    ),
    (Format::Toml, "a = 1\nb = [\n  1,\n  2,\n]\n"),
];

#[derive(Clone, Debug)]
enum Step {
    /// Set the value at the n-th pointer.
    Set(usize, Value),
    /// A structural edit at the n-th pointer: add a key or an item, remove, rename, move.
    Add(usize, String, Value),
    Remove(usize),
    Rename(usize, String),
    Move(usize, usize),
    /// Type `text` at an offset inside the n-th node's span, replacing `del` bytes.
    Type(usize, usize, usize, &'static str),
    Undo,
    Redo,
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(|f| json!((f * 1000.0).round() / 1000.0)),
        prop::sample::select(vec![
            "",
            "plain",
            "two words",
            "true",
            "null",
            "1.5",
            "0x1F",
            "no",
            "a: b",
            "# c",
            "x #c",
            "it's",
            "say \"hi\"",
            "multi\nline",
            " padded ",
            "tab\there",
            "ünï",
            "- dash",
            "-",
            "{b}",
            "[x]",
            "*star",
            "&amp",
            "!bang",
            "back\\slash",
            "---",
            "...",
            "a,b",
            "%d",
            "1979-05-27",
            "~",
            ".inf",
            "@at",
            "`tick",
        ])
        .prop_map(Value::from),
        "[a-z0-9_.]{1,12}".prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn step() -> impl Strategy<Value = Step> {
    let key = prop::sample::select(vec!["k", "x", "new key", "a.b", "1", "-", "é", "q\"d"])
        .prop_map(String::from);
    let typed = prop::sample::select(vec![
        "0", "9", ".", "-", "a", " ", "\"", "'", ":", ": ", "#", " #", ",", "]", "}", "[", "{",
        "\n", "\\", "é", "e5", "x: y", "//", "\t", "&a ", "*a", "!!int ", "|", ">", "?", "''",
        "\\\"", "---", "\r",
    ]);
    prop_oneof![
        4 => (any::<usize>(), scalar()).prop_map(|(p, v)| Step::Set(p, v)),
        1 => (any::<usize>(), value()).prop_map(|(p, v)| Step::Set(p, v)),
        2 => (any::<usize>(), key.clone(), value()).prop_map(|(p, k, v)| Step::Add(p, k, v)),
        2 => any::<usize>().prop_map(Step::Remove),
        1 => (any::<usize>(), key).prop_map(|(p, k)| Step::Rename(p, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(p, t)| Step::Move(p, t)),
        4 => (any::<usize>(), any::<usize>(), 0usize..3, typed)
            .prop_map(|(n, at, del, t)| Step::Type(n, at, del, t)),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

fn pointers(value: &Value, at: Pointer, out: &mut Vec<Pointer>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| pointers(v, at.join(k.clone()), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, at.join(i.to_string()), out)),
        _ => {}
    }
}

#[test]
fn incremental_edits_always_equal_a_full_parse() {
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("TRELLIS_INCREMENTAL_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(768),
        ..Config::default()
    });
    let strategy = (0..SEEDS.len(), prop::collection::vec(step(), 1..16));
    runner
        .run(&strategy, |(seed, steps)| {
            let (format, text) = SEEDS[seed];
            let mut doc = Document::parse(text.to_string(), format).unwrap();
            prop_assert_eq!(doc.check_invariant(), Ok(()));
            for step in &steps {
                let before = doc.text().to_string();
                let mut all = Vec::new();
                pointers(&doc.value(), Pointer::root(), &mut all);
                let pick = |i: usize| all[i % all.len()].clone();
                let structural = match step {
                    // A key under the n-th pointer (a map gets a key, a list an item index).
                    Step::Add(p, k, v) => {
                        let parent = pick(*p);
                        let token = match doc.get(&parent) {
                            Some(Value::Array(items)) => (p % (items.len() + 1)).to_string(),
                            _ => k.clone(),
                        };
                        Some(EditOp::Add {
                            path: parent.join(token),
                            value: v.clone(),
                        })
                    }
                    Step::Remove(p) => Some(EditOp::Remove { path: pick(*p) }),
                    Step::Rename(p, k) => Some(EditOp::Rename {
                        path: pick(*p),
                        new_key: k.clone(),
                    }),
                    Step::Move(p, t) => Some(EditOp::Move {
                        path: pick(*p),
                        to: *t % 3,
                    }),
                    _ => None,
                };
                if let Some(op) = structural {
                    if doc.apply(&op).is_err() {
                        prop_assert_eq!(doc.text(), before.as_str());
                    }
                }
                match step {
                    Step::Add(..) | Step::Remove(_) | Step::Rename(..) | Step::Move(..) => {}
                    Step::Set(p, v) => {
                        let op = EditOp::Set {
                            path: pick(*p),
                            value: v.clone(),
                        };
                        if doc.apply(&op).is_ok() {
                            let reparsed = Document::parse(doc.text().to_string(), format);
                            prop_assert!(reparsed.is_ok());
                        } else {
                            prop_assert_eq!(doc.text(), before.as_str());
                        }
                    }
                    Step::Type(n, at, del, typed) => {
                        // Prefer scalars: that is where typing takes the incremental path.
                        let nodes = &doc.tree().nodes;
                        let scalars: Vec<_> = nodes
                            .iter()
                            .filter(|n| !matches!(n.kind, NodeKind::Seq(_) | NodeKind::Map(_)))
                            .collect();
                        let span = if nodes.is_empty() {
                            trellis_core::Span::new(0, before.len())
                        } else if scalars.is_empty() {
                            nodes[n % nodes.len()].span
                        } else {
                            scalars[n % scalars.len()].span
                        };
                        let mut at = span.start() + at % (span.len() + 1);
                        while !before.is_char_boundary(at) {
                            at -= 1;
                        }
                        let mut end = (at + del).min(span.end().max(at));
                        while !before.is_char_boundary(end) {
                            end += 1;
                        }
                        let mut new_text = before.clone();
                        new_text.replace_range(at..end, typed);
                        if doc.replace_text(&new_text).is_ok() {
                            prop_assert_eq!(doc.text(), new_text.as_str());
                        } else {
                            prop_assert_eq!(doc.text(), before.as_str());
                        }
                    }
                    Step::Undo => {
                        doc.undo();
                    }
                    Step::Redo => {
                        doc.redo();
                    }
                }
                prop_assert_eq!(
                    doc.check_invariant(),
                    Ok(()),
                    "after {:?}\n--- before\n{}\n--- after\n{}",
                    step,
                    before,
                    doc.text()
                );
            }
            while doc.undo() {
                prop_assert_eq!(doc.check_invariant(), Ok(()));
            }
            prop_assert_eq!(doc.text(), text);
            while doc.redo() {
                prop_assert_eq!(doc.check_invariant(), Ok(()));
            }
            Ok(())
        })
        .unwrap();
}

/// The 10,000-line case the incremental path is for, on a smaller document of the same
/// shape: many edits of one value, each checked against a full parse.
#[test]
fn repeated_value_edits_on_a_large_document_stay_exact() {
    let mut yaml = String::from("models:\n");
    for i in 0..200 {
        yaml.push_str(&format!(
            "  m{i}:\n    provider: \"p{i}\"  # note\n    temperature: 0.{}\n    tags: [a, 'b', \"c\"]\n",
            i % 10
        ));
    }
    let mut doc = Document::parse(yaml, Format::Yaml).unwrap();
    for i in 0..300 {
        let m = i * 37 % 200;
        let (path, value) = match i % 4 {
            0 => (format!("/models/m{m}/temperature"), json!(i as f64 / 7.0)),
            1 => (format!("/models/m{m}/provider"), json!(format!("prov {i}"))),
            2 => (format!("/models/m{m}/tags/{}", i % 3), json!(i)),
            _ => (format!("/models/m{m}/temperature"), json!(null)),
        };
        let path = Pointer::parse(&path).unwrap();
        doc.apply(&EditOp::Set {
            path: path.clone(),
            value: value.clone(),
        })
        .unwrap();
        assert_eq!(doc.get(&path), Some(value));
        if i % 50 == 0 {
            assert_eq!(doc.check_invariant(), Ok(()));
        }
    }
    assert_eq!(doc.check_invariant(), Ok(()));
    while doc.undo() {}
    assert_eq!(doc.check_invariant(), Ok(()));
}
