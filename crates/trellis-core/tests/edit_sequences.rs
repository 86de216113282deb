//! Random edit sequences on documents of all three formats, checked against the JSON model:
//! after every edit the text re-parses to exactly the expected value, the bytes outside the
//! splice are unchanged, a refused edit changes nothing, and undo/redo walk the whole history
//! back and forth byte for byte, and after every step (applied, refused, undone, redone) the
//! document's tree equals a fresh full parse of its text, spans included.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use std::cell::Cell;
use trellis_core::{model, Document, EditOp, Format, Pointer};

const SEEDS: &[(Format, &str)] = &[
    (Format::Yaml, "# settings\nname: demo  # trailing\nitems:\n  - one\n  - 'two'\nnested:\n  a: 1\n\n  # inner comment\n  b: {x: 1, y: [1, 2]}\n"),
    (Format::Yaml, "- a\n- b: 1\n  c: \"q\"\n- [1, 2]\n"),
    (Format::Json, "{\n  // comment\n  \"name\": \"demo\",\n  \"items\": [\"one\", \"two\"],\n  \"nested\": {\"a\": 1, \"b\": {}}\n}\n"),
    (Format::Json, "[1,{\"a\":[]},\"x\"]"),
    (Format::Toml, "# settings\nname = \"demo\"\nitems = [\"one\", \"two\"]\n\n[nested]\na = 1 # one\nb = { x = 1 }\n"),
];

/// Every pointer in a value, the root included.
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

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        (-1000.0f64..1000.0).prop_map(|f| json!((f * 100.0).round() / 100.0)),
        prop::sample::select(vec![
            "",
            "plain",
            "two words",
            "true",
            "null",
            "1.5",
            "no",
            "a: b",
            "# not a comment",
            "it's",
            "say \"hi\"",
            "multi\nline\n",
            "  padded ",
            "tab\there",
            "ünïcödé",
            "- dash",
            "{brace}",
            "[x]",
            "*star",
            "back\\slash",
        ])
        .prop_map(Value::from),
        "[a-z_]{1,8}".prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z][a-z0-9_]{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A random operation, with indices that are resolved against the document at run time.
#[derive(Clone, Debug)]
enum Step {
    Set(usize, Value),
    AddKey(usize, String, Value),
    AddItem(usize, usize, Value),
    Remove(usize),
    Rename(usize, String),
    Move(usize, usize),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    let key = prop::sample::select(vec![
        "k", "name", "new key", "a.b", "x/y", "true", "1", "é", "quote\"d",
    ])
    .prop_map(String::from);
    prop_oneof![
        3 => (any::<usize>(), value()).prop_map(|(p, v)| Step::Set(p, v)),
        2 => (any::<usize>(), key.clone(), value()).prop_map(|(p, k, v)| Step::AddKey(p, k, v)),
        2 => (any::<usize>(), any::<usize>(), value()).prop_map(|(p, i, v)| Step::AddItem(p, i, v)),
        2 => any::<usize>().prop_map(Step::Remove),
        1 => (any::<usize>(), key).prop_map(|(p, k)| Step::Rename(p, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(p, t)| Step::Move(p, t)),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// Turns a step into an operation on the current document, if it fits its shape.
fn op_for(step: &Step, value: &Value) -> Option<EditOp> {
    let mut all = Vec::new();
    pointers(value, Pointer::root(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    let container = |i: usize, want_array: bool| {
        let ps: Vec<_> = all
            .iter()
            .filter(|p| {
                matches!(value.pointer(&p.to_string()), Some(Value::Array(_))) == want_array
                    && matches!(
                        value.pointer(&p.to_string()),
                        Some(Value::Array(_) | Value::Object(_))
                    )
            })
            .cloned()
            .collect();
        (!ps.is_empty()).then(|| ps[i % ps.len()].clone())
    };
    let len = |p: &Pointer| {
        value
            .pointer(&p.to_string())
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    Some(match step {
        Step::Set(p, v) => EditOp::Set {
            path: pick(*p),
            value: v.clone(),
        },
        Step::AddKey(p, k, v) => EditOp::Add {
            path: container(*p, false)?.join(k.clone()),
            value: v.clone(),
        },
        Step::AddItem(p, i, v) => {
            let seq = container(*p, true)?;
            let index = i % (len(&seq) + 1);
            EditOp::Add {
                path: seq.join(index.to_string()),
                value: v.clone(),
            }
        }
        Step::Remove(p) => EditOp::Remove { path: pick(*p) },
        Step::Rename(p, k) => EditOp::Rename {
            path: pick(*p),
            new_key: k.clone(),
        },
        Step::Move(p, t) => {
            let path = pick(*p);
            let (parent, _) = path.split_last()?;
            let n = len(&parent);
            EditOp::Move {
                path,
                to: if n == 0 { 0 } else { t % n },
            }
        }
        Step::Undo | Step::Redo => return None,
    })
}

#[test]
fn random_edit_sequences_match_the_json_model_in_every_format() {
    let applied = Cell::new(0usize);
    let refused = Cell::new(0usize);
    let mut runner = TestRunner::new(Config {
        cases: 512,
        ..Config::default()
    });
    let strategy = (0..SEEDS.len(), prop::collection::vec(step(), 1..12));
    runner
        .run(&strategy, |(seed, steps)| {
            let (format, text) = SEEDS[seed];
            let mut doc = Document::parse(text.to_string(), format).unwrap();
            // Texts after each applied change, to check undo and redo against.
            let mut history = vec![doc.text().to_string()];
            let mut position: usize = 0;
            for step in &steps {
                match step {
                    Step::Undo => {
                        prop_assert_eq!(doc.undo(), position > 0);
                        prop_assert_eq!(doc.check_invariant(), Ok(()));
                        position = position.saturating_sub(1);
                        prop_assert_eq!(doc.text(), history[position].as_str());
                        continue;
                    }
                    Step::Redo => {
                        prop_assert_eq!(doc.redo(), position + 1 < history.len());
                        prop_assert_eq!(doc.check_invariant(), Ok(()));
                        position = (position + 1).min(history.len() - 1);
                        prop_assert_eq!(doc.text(), history[position].as_str());
                        continue;
                    }
                    _ => {}
                }
                let before_value = doc.value();
                let Some(op) = op_for(step, &before_value) else {
                    continue;
                };
                let before = doc.text().to_string();
                let mut expected = before_value.clone();
                let model_ok = model::apply(&mut expected, &op).is_ok();
                let result = doc.apply(&op);
                // The tree is exactly the full parse of the text, spans included, whether the
                // edit applied (incrementally or not) or was refused.
                prop_assert_eq!(doc.check_invariant(), Ok(()), "after {:?}", op);
                match result {
                    Ok(edit) => {
                        applied.set(applied.get() + 1);
                        prop_assert!(
                            model_ok,
                            "{:?} applied in the document but not in the model",
                            op
                        );
                        let reparsed = Document::parse(doc.text().to_string(), format).unwrap();
                        prop_assert_eq!(
                            reparsed.value(),
                            expected.clone(),
                            "{:?}\n--- before\n{}\n--- after\n{}",
                            op,
                            before,
                            doc.text()
                        );
                        let after = doc.text();
                        let tail = before.len() - edit.range.end;
                        prop_assert_eq!(&after[..edit.range.start], &before[..edit.range.start]);
                        prop_assert_eq!(&after[after.len() - tail..], &before[edit.range.end..]);
                        history.truncate(position + 1);
                        history.push(after.to_string());
                        position += 1;
                    }
                    Err(_) => {
                        refused.set(refused.get() + 1);
                        prop_assert_eq!(
                            doc.text(),
                            before.as_str(),
                            "a refused edit changed the text"
                        );
                        prop_assert_eq!(doc.value(), before_value);
                    }
                }
            }
            // Undo everything, then redo everything.
            while doc.undo() {
                prop_assert_eq!(doc.check_invariant(), Ok(()));
            }
            prop_assert_eq!(doc.text(), history[0].as_str());
            while doc.redo() {
                prop_assert_eq!(doc.check_invariant(), Ok(()));
            }
            prop_assert_eq!(doc.text(), history.last().unwrap().as_str());
            Ok(())
        })
        .unwrap();
    eprintln!("applied {} refused {}", applied.get(), refused.get());
    // The property must have been exercised, not vacuously satisfied by refusals.
    assert!(
        applied.get() > 3 * refused.get() && applied.get() > 200,
        "applied {} refused {}",
        applied.get(),
        refused.get()
    );
}

#[test]
fn replacing_the_whole_text_is_one_undoable_change_and_bad_text_changes_nothing() {
    let mut doc = Document::parse("a: 1  # one\nb: 2\n".to_string(), Format::Yaml).unwrap();
    let edit = doc.replace_text("a: 1  # one\nb: 3\n").unwrap();
    assert_eq!(edit.range, 15..16);
    assert_eq!(doc.value(), json!({"a": 1, "b": 3}));
    let err = doc.replace_text("a: 1  # one\nb: [3\n").unwrap_err();
    let position = err.position().unwrap();
    assert_eq!((position.line, position.column), (3, 1), "{err}");
    assert_eq!(doc.text(), "a: 1  # one\nb: 3\n");
    assert!(doc.undo());
    assert_eq!(doc.text(), "a: 1  # one\nb: 2\n");
}

#[test]
fn several_edits_apply_as_one_step_or_not_at_all() {
    let text = "models:\n  w: {provider: p}  # keep\nagents:\n  a:\n    model: w\n";
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let ptr = |s: &str| Pointer::parse(s).unwrap();
    doc.apply_all(&[
        EditOp::Rename {
            path: ptr("/models/w"),
            new_key: "writer".into(),
        },
        EditOp::Set {
            path: ptr("/agents/a/model"),
            value: json!("writer"),
        },
    ])
    .unwrap();
    assert_eq!(
        doc.text(),
        "models:\n  writer: {provider: p}  # keep\nagents:\n  a:\n    model: writer\n"
    );
    assert!(doc.undo(), "one undo reverts both edits");
    assert_eq!(doc.text(), text);
    assert!(doc.redo());
    assert!(doc.undo());
    // The second edit fails: the first one must not stay behind.
    let err = doc.apply_all(&[
        EditOp::Rename {
            path: ptr("/models/w"),
            new_key: "writer".into(),
        },
        EditOp::Remove {
            path: ptr("/nothing/here"),
        },
    ]);
    assert!(err.is_err());
    assert_eq!(doc.text(), text);
    assert!(!doc.can_undo());
}
