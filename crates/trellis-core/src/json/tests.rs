use crate::edit::EditOp;
use crate::pointer::Pointer;
use crate::tree::{NodeKind, Style};
use crate::{model, Document, Format, LoadError};
use expect_test::{expect, Expect};
use proptest::prelude::*;
use serde_json::{json, Value};

fn p(s: &str) -> Pointer {
    Pointer::parse(s).unwrap()
}
pub(crate) fn set(path: &str, value: Value) -> EditOp {
    EditOp::Set {
        path: p(path),
        value,
    }
}
pub(crate) fn add(path: &str, value: Value) -> EditOp {
    EditOp::Add {
        path: p(path),
        value,
    }
}
pub(crate) fn remove(path: &str) -> EditOp {
    EditOp::Remove { path: p(path) }
}
pub(crate) fn rename(path: &str, new_key: &str) -> EditOp {
    EditOp::Rename {
        path: p(path),
        new_key: new_key.into(),
    }
}
pub(crate) fn mv(path: &str, to: usize) -> EditOp {
    EditOp::Move { path: p(path), to }
}

fn doc(text: &str) -> Document {
    Document::parse(text.to_string(), Format::Json).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Applies `op` to `input` in `format`, asserting that only the splice changed, that the result
/// re-parses to what the model says, and returns the new text.
pub(crate) fn edit_in(format: Format, input: &str, op: &EditOp) -> String {
    let mut d =
        Document::parse(input.to_string(), format).unwrap_or_else(|e| panic!("{e}\n{input}"));
    let mut expected = d.value();
    model::apply(&mut expected, op).unwrap();
    let e = d
        .apply(op)
        .unwrap_or_else(|err| panic!("{op:?} failed: {err}\n{input}"));
    let out = d.text().to_string();
    assert_eq!(
        &out[..e.range.start],
        &input[..e.range.start],
        "bytes before the splice changed"
    );
    assert_eq!(
        &out[e.range.start + e.insert.len()..],
        &input[e.range.end..],
        "bytes after the splice changed"
    );
    assert_eq!(d.value(), expected);
    out
}

fn check(input: &str, op: EditOp, expect: Expect) {
    let out = edit_in(Format::Json, input, &op);
    expect.assert_eq(&out);
}

fn err(text: &str) -> (String, usize) {
    match Document::parse(text.to_string(), Format::Json) {
        Err(LoadError::Syntax(e)) => (e.message, e.offset),
        other => panic!("expected a syntax error for {text:?}, got {other:?}"),
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/test_data/json/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

// ---------------------------------------------------------------- parsing

#[test]
fn values_match_serde_json() {
    for text in [
        "null",
        " true ",
        "[1, -2, 3.5, -0, 1e3, 1E-2, 0.5, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]",
        r#"{"a": {"b": [{}, [], "x\ny\u00e9\ud83d\ude00"]}, "c": "\"\\\/\b\f\r\t"}"#,
        "\"plain\"",
        "12345678901234567890123",
        "[1e-400]",
    ] {
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(doc(text).value(), expected, "{text}");
    }
    for name in ["crlf.json", "unicode.json"] {
        let text = fixture(name);
        let expected: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc(&text).value(), expected, "{name}");
    }
}

#[test]
fn comments_trailing_commas_and_bom_are_accepted() {
    let d = doc(&fixture("commented.jsonc"));
    assert_eq!(
        d.value(),
        json!({
            "compilerOptions": {"target": "ES2020", "module": "ESNext", "strict": true,
                "paths": {"@app/*": ["src/app/*"]}},
            "include": ["src/**/*.ts", "tests/**/*.ts"],
            "exclude": []
        })
    );
    let text = fixture("bom.json");
    let d = doc(&text);
    assert_eq!(d.value(), json!({"a": [1, 2.5, -0.0, 1000.0], "b": null}));
    // Spans are offsets into the full text, BOM included.
    let root = d.tree().node(d.tree().docs[0]);
    assert_eq!(root.span.start(), 3);
    assert_eq!(
        &text[root.span.range()],
        r#"{"a": [1, 2.5, -0, 1e3], "b": null}"#
    );
}

#[test]
fn spans_and_styles() {
    let text = "{\r\n  \"k\\u0041\": [1, \"two\"],\r\n  \"o\": {\r\n  }\r\n}";
    let d = doc(text);
    let t = d.tree();
    let root = t.node(t.docs[0]);
    assert_eq!(root.style, Style::Block);
    assert_eq!(root.span.range(), 0..text.len());
    let NodeKind::Map(entries) = &root.kind else {
        panic!()
    };
    assert_eq!(entries[0].key, "kA");
    assert_eq!(&text[entries[0].key_span.range()], "\"k\\u0041\"");
    assert_eq!(entries[0].key_style, Style::DoubleQuoted);
    let arr = t.node(entries[0].value);
    assert_eq!(
        (&text[arr.span.range()], arr.style),
        ("[1, \"two\"]", Style::Flow)
    );
    let NodeKind::Seq(items) = &arr.kind else {
        panic!()
    };
    let one = t.node(items[0]);
    assert_eq!((&text[one.span.range()], one.style), ("1", Style::Plain));
    let two = t.node(items[1]);
    assert_eq!(
        (&text[two.span.range()], two.style),
        ("\"two\"", Style::DoubleQuoted)
    );
    assert_eq!(two.parent, Some(entries[0].value));
    let o = t.node(entries[1].value);
    assert_eq!((&text[o.span.range()], o.style), ("{\r\n  }", Style::Block));
    assert_eq!(o.parent, Some(t.docs[0]));
}

#[test]
fn errors_say_what_and_where() {
    let cases: &[(&str, &str, usize)] = &[
        ("", "expected a JSON value, found the end of the document", 0),
        ("  ", "expected a JSON value, found the end of the document", 2),
        (r#"{"a": 1 "b": 2}"#, "expected ',' or '}' after object member", 8),
        ("[1 2]", "expected ',' or ']' after array item", 3),
        (r#"{"a" 1}"#, "expected ':' after object key", 5),
        ("{\"a\": \"x", "unterminated string: no closing '\"'", 6),
        ("{\"a\": \"x\n\"}", "unterminated string: a string cannot span lines (write a line break as \\n)", 6),
        (r#"["a\qb"]"#, "invalid escape \\q (valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", 3),
        ("[\"a\u{1}\"]", "control character U+0001 in string; write it as an escape such as \\u0001", 3),
        ("[\"a\tb\"]", "control character U+0009 in string; write it as an escape such as \\u0009", 3),
        ("{} x", "trailing garbage after the document", 3),
        ("{\"x\": 1,\n \"x\": 2}", "duplicate key \"x\" (first at line 1)", 10),
        ("[01]", "invalid number: leading zeros are not allowed", 1),
        ("[1.]", "invalid number: expected a digit after '.'", 1),
        ("[-]", "invalid number: expected a digit after '-'", 1),
        ("[1e+]", "invalid number: expected a digit in the exponent", 1),
        ("[1e400]", "number out of range", 1),
        ("[tru]", "invalid literal: expected true, false or null (strings must be quoted)", 1),
        ("[nullx]", "invalid literal: expected true, false or null (strings must be quoted)", 1),
        ("{'a': 1}", "expected a string key or '}', found '\\'' (JSON keys use double quotes)", 1),
        ("[abc]", "expected a JSON value, found 'a' (strings must be quoted; literals are true, false and null)", 1),
        ("[1, /* open", "unterminated comment: '/*' has no closing '*/'", 4),
        ("[1 / 2]", "unexpected '/': comments start with // or /*", 3),
        ("[1,,2]", "expected a JSON value, found ','", 3),
        ("{,}", "expected a string key or '}', found ','", 1),
        ("[1, 2", "unclosed '[': expected ',' or ']' after array item", 0),
        ("{\"a\": 1", "unclosed '{': expected ',' or '}' after object member", 0),
        (r#"["\ud800"]"#, "lone surrogate \\uD800 in string: a high surrogate must be followed by a low one", 2),
        (r#"["\udc00"]"#, "lone surrogate \\uDC00 in string", 2),
        (r#"["\u12"]"#, "invalid escape: \\u must be followed by four hex digits", 2),
    ];
    for &(text, message, offset) in cases {
        assert_eq!(err(text), (message.to_string(), offset), "{text:?}");
    }
    // Duplicates in large objects use the hash path; the position is the second key.
    let mut big: String = (0..40).map(|i| format!("\"k{i}\": {i},\n")).collect();
    big = format!("{{\n{big}\"k7\": 0}}");
    let (msg, off) = err(&big);
    assert_eq!(msg, "duplicate key \"k7\" (first at line 9)");
    assert_eq!(off, big.rfind("\"k7\"").unwrap());
    // Line and column reach the caller.
    match Document::parse("{\n  \"a\": tru\n}".into(), Format::Json) {
        Err(e) => assert_eq!(
            e.to_string(),
            "2:8: invalid literal: expected true, false or null (strings must be quoted)"
        ),
        Ok(_) => panic!(),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let start = std::time::Instant::now();
            for open in ["[", "{\"a\":"] {
                let text = open.repeat(100_000);
                let (msg, off) = err(&text);
                assert!(
                    msg.starts_with("nesting is deeper than 256 levels"),
                    "{msg}"
                );
                assert_eq!(off, 256 * open.len());
            }
            let ok = format!("{}{}", "[".repeat(256), "]".repeat(256));
            assert!(Document::parse(ok, Format::Json).is_ok());
            assert!(start.elapsed() < std::time::Duration::from_secs(2));
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn never_panics_on_prefixes_of_valid_documents() {
    let text = fixture("commented.jsonc") + &fixture("unicode.json");
    for (i, _) in text.char_indices() {
        let _ = Document::parse(text[..i].to_string(), Format::Json);
        let _ = Document::parse(text[i..].to_string(), Format::Json);
    }
}

// ---------------------------------------------------------------- edits

const MULTI: &str = r#"{
    "name": "web",
    "ports": [
        80,
        443
    ],
    "env": {
        "MODE": "prod"
    }
}
"#;

const ONE_LINE: &str = r#"{"name": "web", "ports": [80, 443], "env": {"MODE": "prod"}}"#;

#[test]
fn replace() {
    check(
        MULTI,
        set("/name", json!("api")),
        expect![[r#"
        {
            "name": "api",
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        MULTI,
        set("/env", json!({"MODE": "dev", "DEBUG": [1, 2]})),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "dev",
                "DEBUG": [
                    1,
                    2
                ]
            }
        }
    "#]],
    );
    check(
        MULTI,
        set("/name", json!({"first": "a"})),
        expect![[r#"
        {
            "name": {
                "first": "a"
            },
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        ONE_LINE,
        set("/env", json!({"A": [1, {"b": null}]})),
        expect![[r#"{"name": "web", "ports": [80, 443], "env": {"A": [1, {"b": null}]}}"#]],
    );
    check(
        r#"{"a":1,"b":[1,2]}"#,
        set("/b", json!([{"x": 1}, 2])),
        expect![[r#"{"a":1,"b":[{"x":1},2]}"#]],
    );
    check("[1]", set("/0", json!("é\"\n")), expect![[r#"["é\"\n"]"#]]);
    check("3", set("", json!([1, 2])), expect!["[1, 2]"]);
}

#[test]
fn insert_entry() {
    check(
        MULTI,
        set("/replicas", json!(3)),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "prod"
            },
            "replicas": 3
        }
    "#]],
    );
    check(
        MULTI,
        add("/env/LOG", json!({"level": "info"})),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "prod",
                "LOG": {
                    "level": "info"
                }
            }
        }
    "#]],
    );
    check(
        ONE_LINE,
        set("/env/X", json!("1")),
        expect![[r#"{"name": "web", "ports": [80, 443], "env": {"MODE": "prod", "X": "1"}}"#]],
    );
    check(
        r#"{"a":1}"#,
        set("/b", json!({"c": 2})),
        expect![[r#"{"a":1,"b":{"c":2}}"#]],
    );
    check(
        "{\n  \"a\": {}\n}",
        set("/a/b", json!(1)),
        expect![[r#"
        {
          "a": {
            "b": 1
          }
        }"#]],
    );
    check(
        r#"{"a": {}}"#,
        set("/a/b", json!(1)),
        expect![[r#"{"a": {"b": 1}}"#]],
    );
    check(
        "{}",
        set("/a", json!(1)),
        expect![[r#"
        {
          "a": 1
        }"#]],
    );
    // Tabs, CRLF, a trailing comma and a comment after the last member.
    let out = edit_in(
        Format::Json,
        "{\r\n\t\"a\": 1, // one\r\n}",
        &set("/b", json!([true])),
    );
    assert_eq!(
        out,
        "{\r\n\t\"a\": 1, // one\r\n\t\"b\": [\r\n\t\ttrue\r\n\t],\r\n}"
    );
    check(
        "{\n  \"a\": 1 // one\n}",
        set("/b", json!(2)),
        expect![[r#"
        {
          "a": 1, // one
          "b": 2
        }"#]],
    );
}

#[test]
fn insert_item() {
    check(
        MULTI,
        add("/ports/-", json!(8080)),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443,
                8080
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        MULTI,
        add("/ports/0", json!(22)),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                22,
                80,
                443
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        ONE_LINE,
        add("/ports/1", json!(22)),
        expect![[r#"{"name": "web", "ports": [80, 22, 443], "env": {"MODE": "prod"}}"#]],
    );
    check(
        ONE_LINE,
        add("/ports/-", json!([1])),
        expect![[r#"{"name": "web", "ports": [80, 443, [1]], "env": {"MODE": "prod"}}"#]],
    );
    check(
        "[]",
        add("/0", json!(1)),
        expect![[r#"
        [
          1
        ]"#]],
    );
    check(
        r#"{"a": []}"#,
        add("/a/-", json!(1)),
        expect![[r#"{"a": [1]}"#]],
    );
}

#[test]
fn remove_members() {
    check(
        MULTI,
        remove("/name"),
        expect![[r#"
        {
            "ports": [
                80,
                443
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        MULTI,
        remove("/env"),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ]
        }
    "#]],
    );
    check(
        MULTI,
        remove("/ports/1"),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check(
        MULTI,
        remove("/env/MODE"),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ],
            "env": {
            }
        }
    "#]],
    );
    check(
        ONE_LINE,
        remove("/ports/0"),
        expect![[r#"{"name": "web", "ports": [443], "env": {"MODE": "prod"}}"#]],
    );
    check(
        ONE_LINE,
        remove("/env"),
        expect![[r#"{"name": "web", "ports": [80, 443]}"#]],
    );
    check("[1,]", remove("/0"), expect!["[]"]);
    check("[1, 2,]", remove("/1"), expect!["[1,]"]);
    check(
        &fixture("commented.jsonc"),
        remove("/exclude"),
        expect![[r#"
        {
          // Compiler settings for the web client.
          "compilerOptions": {
            "target": "ES2020", /* modern browsers */
            "module": "ESNext",
            "strict": true,
            "paths": {
              "@app/*": ["src/app/*"],
            },
          },
          "include": ["src/**/*.ts", "tests/**/*.ts",],
          /* multi-line
             comment */
        }
    "#]],
    );
    check(
        &fixture("commented.jsonc"),
        remove("/compilerOptions/target"),
        expect![[r#"
        {
          // Compiler settings for the web client.
          "compilerOptions": {
            "module": "ESNext",
            "strict": true,
            "paths": {
              "@app/*": ["src/app/*"],
            },
          },
          "include": ["src/**/*.ts", "tests/**/*.ts",],
          /* multi-line
             comment */
          "exclude": [],
        }
    "#]],
    );
    check(
        "{\n  \"a\": 1, // one\n  \"b\": 2 // two\n}",
        remove("/b"),
        expect![[r#"
        {
          "a": 1 // one
        }"#]],
    );
}

#[test]
fn rename_and_move() {
    check(
        MULTI,
        rename("/env/MODE", "mode \"x\""),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                80,
                443
            ],
            "env": {
                "mode \"x\"": "prod"
            }
        }
    "#]],
    );
    check(
        MULTI,
        mv("/ports/1", 0),
        expect![[r#"
        {
            "name": "web",
            "ports": [
                443,
                80
            ],
            "env": {
                "MODE": "prod"
            }
        }
    "#]],
    );
    check("[1, 2, 3, 4]", mv("/0", 2), expect!["[2, 3, 1, 4]"]);
    check("[1, 2, 3, 4]", mv("/3", 1), expect!["[1, 4, 2, 3]"]);
    check("[1, 2, 3, 4,]", mv("/3", 0), expect!["[4, 1, 2, 3,]"]);
}

#[test]
fn crlf_documents_stay_crlf() {
    let text = fixture("crlf.json");
    let out = edit_in(Format::Json, &text, &add("/tags/-", json!({"k": [1]})));
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert!(
        out.contains("\r\n        {\r\n            \"k\": [\r\n                1\r\n"),
        "{out:?}"
    );
    let out = edit_in(Format::Json, &out, &remove("/tags/0"));
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
}

// ---------------------------------------------------------------- properties

pub(crate) fn arb_scalar(with_null: bool) -> BoxedStrategy<Value> {
    let s = prop_oneof![
        any::<bool>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-4000i32..4000).prop_map(|i| Value::from(f64::from(i) / 8.0)),
        "[a-z \"\\\\é\t\n😀]{0,6}".prop_map(Value::from),
    ];
    if with_null {
        prop_oneof![1 => Just(Value::Null), 6 => s].boxed()
    } else {
        s.boxed()
    }
}

pub(crate) fn arb_key() -> BoxedStrategy<String> {
    prop_oneof![4 => "[a-z]{1,3}", 1 => "[a-z .\"é-]{0,4}"].boxed()
}

pub(crate) fn arb_value(with_null: bool) -> BoxedStrategy<Value> {
    arb_scalar(with_null)
        .prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((arb_key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Every container of `value` with its pointer, in document order.
fn containers(value: &Value, at: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
    match value {
        Value::Array(items) => {
            out.push((at.clone(), value.clone()));
            for (i, v) in items.iter().enumerate() {
                at.push(i.to_string());
                containers(v, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            out.push((at.clone(), value.clone()));
            for (k, v) in map {
                at.push(k.clone());
                containers(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A random valid edit of `value`, chosen by `seed`, using `new` as the new value and
/// `new_key` as a new key.
pub(crate) fn random_op(value: &Value, seed: u64, new: Value, new_key: String) -> Option<EditOp> {
    let mut all = Vec::new();
    containers(value, &mut Vec::new(), &mut all);
    let (path, container) = all.get((seed % all.len() as u64) as usize)?.clone();
    let choice = (seed / 7) % 4;
    let pick = |n: usize| ((seed / 31) % n.max(1) as u64) as usize;
    let ptr = |last: &str| {
        let mut t = path.clone();
        t.push(last.to_string());
        Pointer::from_tokens(t)
    };
    match container {
        Value::Object(map) => {
            let keys: Vec<&String> = map.keys().collect();
            if keys.is_empty() || choice == 0 {
                if map.contains_key(&new_key) {
                    return None;
                }
                return Some(EditOp::Set {
                    path: ptr(&new_key),
                    value: new,
                });
            }
            let k = keys[pick(keys.len())];
            match choice {
                1 => Some(EditOp::Set {
                    path: ptr(k),
                    value: new,
                }),
                2 => Some(EditOp::Remove { path: ptr(k) }),
                _ if map.contains_key(&new_key) => None,
                _ => Some(EditOp::Rename {
                    path: ptr(k),
                    new_key,
                }),
            }
        }
        Value::Array(items) => {
            let n = items.len();
            if n == 0 || choice == 0 {
                return Some(EditOp::Add {
                    path: ptr(&pick(n + 1).to_string()),
                    value: new,
                });
            }
            let i = pick(n);
            match choice {
                1 => Some(EditOp::Set {
                    path: ptr(&i.to_string()),
                    value: new,
                }),
                2 => Some(EditOp::Remove {
                    path: ptr(&i.to_string()),
                }),
                _ => Some(EditOp::Move {
                    path: ptr(&i.to_string()),
                    to: ((seed / 131) % n as u64) as usize,
                }),
            }
        }
        _ => None,
    }
}

/// Pretty JSON as people annotate it: a comment after every comma-ended line, and (with
/// `trailing`) a comma after every last member.
fn commented(pretty: &str, trailing: bool) -> String {
    let lines: Vec<&str> = pretty.lines().collect();
    let mut out = String::from("// generated\n");
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let next = lines.get(i + 1).map_or("", |l| l.trim_start());
        let opens = line.ends_with('{') || line.ends_with('[');
        if trailing
            && !opens
            && !line.ends_with(',')
            && (next.starts_with('}') || next.starts_with(']'))
        {
            out.push(',');
        }
        if line.ends_with(',') {
            out.push_str(" // note");
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn garbage_never_panics(text in "[a-z0-9 :.,\\[\\]{}\"'/*\n\t\\\\-]{0,60}") {
        let _ = Document::parse(text, Format::Json);
    }

    #[test]
    fn random_edits_match_the_model(
        root in prop::collection::vec((arb_key(), arb_value(true)), 0..5),
        style in 0u8..4,
        steps in prop::collection::vec((any::<u64>(), arb_value(true), arb_key()), 1..8),
    ) {
        let root = Value::Object(root.into_iter().collect());
        let mut text = match style {
            0 => serde_json::to_string(&root).unwrap(),
            1 => serde_json::to_string_pretty(&root).unwrap(),
            _ => commented(&serde_json::to_string_pretty(&root).unwrap(), style == 3),
        };
        prop_assert_eq!(doc(&text).value(), root);
        for (seed, new, new_key) in steps {
            let current = doc(&text).value();
            let Some(op) = random_op(&current, seed, new, new_key) else { continue };
            text = edit_in(Format::Json, &text, &op);
            if style < 2 {
                let reparsed: Value = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(doc(&text).value(), reparsed);
            }
        }
    }
}
