use crate::edit::EditOp;
use crate::json::tests::{add, arb_key, edit_in, mv, random_op, remove, rename, set};
use crate::tree::{NodeKind, Style};
use crate::{Document, EditError, Format, LoadError};
use expect_test::{expect, Expect};
use proptest::prelude::*;
use serde_json::{json, Value};

fn doc(text: &str) -> Document {
    Document::parse(text.to_string(), Format::Toml).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn check(input: &str, op: EditOp, expect: Expect) {
    expect.assert_eq(&edit_in(Format::Toml, input, &op));
}

fn refused(input: &str, op: EditOp) -> String {
    let mut d = doc(input);
    match d.apply(&op) {
        Err(EditError::Unsupported(m)) => {
            assert_eq!(d.text(), input);
            m
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

fn err(text: &str) -> (String, usize) {
    match Document::parse(text.to_string(), Format::Toml) {
        Err(LoadError::Syntax(e)) => (e.message, e.offset),
        other => panic!(
            "expected a syntax error for {text:?}, got {:?}",
            other.map(|d| d.value())
        ),
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/test_data/toml/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

// ---------------------------------------------------------------- parsing

#[test]
fn fixtures_parse_to_the_expected_values() {
    let d = doc(&fixture("manifest.toml"));
    assert_eq!(
        d.value(),
        json!({
            "name": "web", "version": 3, "enabled": true, "ratio": 0.75,
            "started": "1979-05-27T07:32:00Z", "day": "1979-05-27",
            "tags": ["a", "b", "c"],
            "owner": {"name": "Ada", "email": "ada@example.com"},
            "server": {
                "host": "0.0.0.0", "port": 8080, "limits": {"cpu": 2, "mem": "1Gi"},
                "paths": ["/api", "/health"],
                "tls": {"cert": "/etc/c.pem"}
            },
            "route": [{"path": "/", "weight": 1}, {"path": "/ünïcode", "weight": 2}],
            "quoted key": {"x y": "-.inf"}
        })
    );
    let d = doc(&fixture("crlf_bom.toml"));
    assert_eq!(d.value(), json!({"a": 1, "t": {"b": "two"}}));
}

#[test]
fn spans_and_styles() {
    let text = fixture("manifest.toml");
    let d = doc(&text);
    let t = d.tree();
    let show = |id: crate::NodeId| (&text[t.node(id).span.range()], t.node(id).style);
    let NodeKind::Map(root) = &t.node(t.docs[0]).kind else {
        panic!()
    };
    let get = |k: &str| root.iter().find(|e| e.key == k).unwrap();
    assert_eq!(show(get("name").value), ("\"web\"", Style::DoubleQuoted));
    assert_eq!(
        show(get("started").value),
        ("1979-05-27T07:32:00Z", Style::Plain)
    );
    assert_eq!(
        show(get("owner").value),
        (
            "owner.name = \"Ada\"\nowner.email = 'ada@example.com'",
            Style::Dotted
        )
    );
    assert_eq!(
        show(get("tags").value),
        ("[\"a\", 'b', \"\"\"c\"\"\"]", Style::Flow)
    );
    let NodeKind::Seq(tags) = &t.node(get("tags").value).kind else {
        panic!()
    };
    assert_eq!(
        tags.iter().map(|&i| t.node(i).style).collect::<Vec<_>>(),
        [Style::DoubleQuoted, Style::SingleQuoted, Style::Folded]
    );
    let server = show(get("server").value);
    assert!(
        server.0.starts_with("[server]\n\thost") && server.0.ends_with("# probes\n\t]"),
        "{server:?}"
    );
    assert_eq!(server.1, Style::Block);
    let route = show(get("route").value);
    assert_eq!(route.1, Style::TableArray);
    assert!(route.0.starts_with("[[route]]\npath = \"/\"") && route.0.ends_with("weight = 2"));
    let q = get("quoted key");
    assert_eq!(
        (&text[q.key_span.range()], q.key_style),
        ("\"quoted key\"", Style::DoubleQuoted)
    );
    let NodeKind::Map(server_entries) = &t.node(get("server").value).kind else {
        panic!()
    };
    let limits = server_entries.iter().find(|e| e.key == "limits").unwrap();
    assert_eq!(
        show(limits.value),
        ("{ cpu = 2, mem = \"1Gi\" }", Style::Flow)
    );
    assert_eq!(t.node(limits.value).parent, Some(get("server").value));
    // The BOM is not part of any span, and offsets count it.
    let text = fixture("crlf_bom.toml");
    let d = doc(&text);
    let root = d.tree().node(d.tree().docs[0]);
    assert_eq!(&text[root.span.range()], "a = 1\r\n\r\n[t]\r\nb = \"two\"");
}

#[test]
fn errors_carry_the_parsers_message_and_offset() {
    assert_eq!(err("a = 1\na = 2\n"), ("duplicate key \"a\"".into(), 6));
    assert_eq!(
        err("[t]\n\"k\" = 1\n'k' = 2\n"),
        ("duplicate key 'k'".into(), 12)
    );
    let (m, off) = err("a = \n");
    assert_eq!(
        (m.as_str(), off),
        ("string values must be quoted, expected literal string", 4)
    );
    let (m, off) = err("a = \"open\n");
    assert!(m.contains("string"), "{m}");
    assert_eq!(off, 9, "{m}"); // where the closing quote is missing
    let (m, _) = err("[t]\nx = 1\n[t]\n");
    assert!(m.contains("duplicate"), "{m}");
    assert!(Document::parse("a = 1".into(), Format::Toml).is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            for text in [
                format!("a = {}", "[".repeat(100_000)),
                format!("a = {}", "{b = ".repeat(100_000)),
                format!("{} = 1", vec!["k"; 100_000].join(".")),
                format!("[{}]", vec!["k"; 100_000].join(".")),
            ] {
                let (m, _) = err(&text);
                assert!(m.starts_with("nesting is deeper than 256 levels"), "{m}");
            }
            // The TOML grammar parser has its own, lower limit (80 levels); below it, deep
            // documents parse on this small stack, above it they are errors.
            let deep = format!("a = {}{}", "[".repeat(64), "]".repeat(64));
            assert!(Document::parse(deep, Format::Toml).is_ok());
            let deep = format!("a = {}1{}", "{b = ".repeat(64), " }".repeat(64));
            assert!(Document::parse(deep, Format::Toml).is_ok());
            let (m, _) = err(&format!("a = {}{}", "[".repeat(200), "]".repeat(200)));
            assert!(m.contains("recurs"), "{m}");
            // Dots inside strings and numbers do not count.
            let fine = format!(
                "a = \"{}\"\nb = [{}]\n",
                ".".repeat(1000),
                vec!["1.5"; 400].join(", ")
            );
            assert!(Document::parse(fine, Format::Toml).is_ok());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn never_panics_on_prefixes_of_valid_documents() {
    let text = fixture("manifest.toml");
    for (i, _) in text.char_indices() {
        let _ = Document::parse(text[..i].to_string(), Format::Toml);
        let _ = Document::parse(text[i..].to_string(), Format::Toml);
    }
}

// ---------------------------------------------------------------- edits

const DOC: &str = r#"# top
name = "web"
mode = 'fast'
owner.name = "Ada"

[server]
host = "0.0.0.0" # listen
ports = [80, 443]
paths = [
    "/a",
    "/b",
]
limits = { cpu = 2 }

[server.tls]
cert = "c.pem"

[[route]]
path = "/"

[[route]]
path = "/x"
"#;

#[test]
fn replace_values() {
    check(
        DOC,
        set("/name", json!("api \"v2\"")),
        expect![[r#"
        # top
        name = "api \"v2\""
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "c.pem"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"
    "#]],
    );
    let out = edit_in(Format::Toml, DOC, &set("/mode", json!("slow")));
    assert!(out.contains("mode = 'slow'\n"));
    let out = edit_in(Format::Toml, DOC, &set("/mode", json!("it's")));
    assert!(out.contains("mode = \"it's\"\n"));
    let out = edit_in(
        Format::Toml,
        DOC,
        &set("/server/ports", json!([1, 2.5, {"a": [true]}])),
    );
    assert!(out.contains("ports = [1, 2.5, { a = [true] }]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &set("/server/limits/cpu", json!(1.0)));
    assert!(out.contains("limits = { cpu = 1.0 }\n"), "{out}");
    let out = edit_in(
        Format::Toml,
        DOC,
        &set("/route/1/path", json!({"k e y": "v"})),
    );
    assert!(out.contains("path = { \"k e y\" = \"v\" }\n"), "{out}");
    check(
        DOC,
        set("/server/tls", json!({"cert": "d.pem", "key": "k.pem"})),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "d.pem"
        key = "k.pem"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"
    "#]],
    );
    assert_eq!(
        refused(DOC, set("/name", Value::Null)),
        "TOML has no null value; remove the key instead"
    );
    assert!(refused(DOC, set("/server", json!(1)))
        .contains("cannot replace the table [server] with a non-table value"));
}

#[test]
fn insert_entries() {
    check(
        DOC,
        set("/replicas", json!(3)),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"
        replicas = 3

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "c.pem"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"
    "#]],
    );
    check(
        DOC,
        set("/server/env", json!({"MODE": "prod", "a b": [1]})),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }
        env = { MODE = "prod", "a b" = [1] }

        [server.tls]
        cert = "c.pem"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"
    "#]],
    );
    let out = edit_in(Format::Toml, DOC, &set("/server/limits/mem", json!("1Gi")));
    assert!(
        out.contains("limits = { cpu = 2, mem = \"1Gi\" }\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &set("/owner/email", json!("a@b")));
    assert!(
        out.contains("owner.name = \"Ada\"\nowner.email = \"a@b\"\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &set("/route/0/weight", json!(5)));
    assert!(
        out.contains("[[route]]\npath = \"/\"\nweight = 5\n\n[[route]]"),
        "{out}"
    );
    let out = edit_in(Format::Toml, "x = {}\n", &set("/x/a", json!(1)));
    assert_eq!(out, "x = { a = 1 }\n");
    // Tabs are kept as the siblings' indentation; CRLF as the line ending.
    let out = edit_in(
        Format::Toml,
        &fixture("manifest.toml"),
        &set("/server/tls/key", json!("k")),
    );
    assert!(
        out.contains("[server.tls]\n\tcert = '/etc/c.pem'\n\tkey = \"k\"\n"),
        "{out}"
    );
    let out = edit_in(
        Format::Toml,
        &fixture("crlf_bom.toml"),
        &set("/t/c", json!(true)),
    );
    assert!(out.ends_with("b = \"two\"\r\nc = true\r\n"), "{out:?}");
    // A root with no keys of its own: before the first header and its comment.
    let out = edit_in(
        Format::Toml,
        "# about t\n[t]\na = 1\n",
        &set("/k", json!(1)),
    );
    assert_eq!(out, "k = 1\n\n# about t\n[t]\na = 1\n");
    let out = edit_in(Format::Toml, "", &set("/k", json!(1)));
    assert_eq!(out, "k = 1\n");
    // An empty [table], and a table that only exists through its sub-table.
    let out = edit_in(Format::Toml, "[t]\n\n[u]\nx = 1\n", &set("/t/k", json!(1)));
    assert_eq!(out, "[t]\nk = 1\n\n[u]\nx = 1\n");
    let out = edit_in(Format::Toml, "[a.b]\nx = 1\n", &set("/a/k", json!(1)));
    assert_eq!(out, "[a]\nk = 1\n\n[a.b]\nx = 1\n");
}

#[test]
fn insert_items() {
    let out = edit_in(Format::Toml, DOC, &add("/server/ports/-", json!(8080)));
    assert!(out.contains("ports = [80, 443, 8080]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &add("/server/ports/0", json!(22)));
    assert!(out.contains("ports = [22, 80, 443]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &add("/server/paths/-", json!("/c")));
    assert!(
        out.contains("paths = [\n    \"/a\",\n    \"/b\",\n    \"/c\",\n]\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &add("/server/paths/1", json!("/ab")));
    assert!(
        out.contains("paths = [\n    \"/a\",\n    \"/ab\",\n    \"/b\",\n]\n"),
        "{out}"
    );
    let out = edit_in(
        Format::Toml,
        "a = [\n  1,\n  2 # two\n]\n",
        &add("/a/-", json!(3)),
    );
    assert_eq!(out, "a = [\n  1,\n  2, # two\n  3\n]\n");
    let out = edit_in(Format::Toml, "a = []\n", &add("/a/-", json!("x")));
    assert_eq!(out, "a = [\"x\"]\n");
    check(
        DOC,
        add("/route/-", json!({"path": "/y", "weight": 2})),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "c.pem"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"

        [[route]]
        path = "/y"
        weight = 2
    "#]],
    );
    let out = edit_in(
        Format::Toml,
        DOC,
        &add("/route/0", json!({"path": "/first"})),
    );
    assert!(out.contains("[server.tls]\ncert = \"c.pem\"\n\n[[route]]\npath = \"/first\"\n\n[[route]]\npath = \"/\"\n"), "{out}");
    assert_eq!(
        refused(DOC, add("/route/-", json!(1))),
        "an array of tables ([[...]]) can only hold tables"
    );
}

#[test]
fn remove_entries_and_items() {
    check(
        DOC,
        remove("/server"),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [[route]]
        path = "/"

        [[route]]
        path = "/x"
    "#]],
    );
    check(
        DOC,
        remove("/route"),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "c.pem"
    "#]],
    );
    let out = edit_in(Format::Toml, DOC, &remove("/server/host"));
    assert!(out.contains("[server]\nports = [80, 443]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/paths"));
    assert!(
        out.contains("ports = [80, 443]\nlimits = { cpu = 2 }\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &remove("/owner"));
    assert!(out.contains("mode = 'fast'\n\n[server]"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/owner/name"));
    assert!(out.contains("mode = 'fast'\nowner = {}\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/limits/cpu"));
    assert!(
        out.contains("limits = {  }\n") || out.contains("limits = { }\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &remove("/server/ports/0"));
    assert!(out.contains("ports = [443]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/ports/1"));
    assert!(out.contains("ports = [80]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/paths/0"));
    assert!(out.contains("paths = [\n    \"/b\",\n]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/paths/1"));
    assert!(out.contains("paths = [\n    \"/a\",\n]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/route/0"));
    assert!(
        out.ends_with("cert = \"c.pem\"\n\n[[route]]\npath = \"/x\"\n"),
        "{out}"
    );
    let out = edit_in(Format::Toml, DOC, &remove("/route/1"));
    assert!(out.ends_with("[[route]]\npath = \"/\"\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &remove("/server/tls"));
    assert!(out.contains("limits = { cpu = 2 }\n\n[[route]]"), "{out}");
    let one = "[[x]]\na = 1\n";
    assert!(refused(one, remove("/x/0")).starts_with("cannot remove the only [[x]] table"));
    assert!(refused("[a.b]\nx = 1\n", remove("/a/b")).starts_with("removing the last entry of `a`"));
}

#[test]
fn rename_and_move() {
    let out = edit_in(Format::Toml, DOC, &rename("/name", "full name"));
    assert!(out.contains("\n\"full name\" = \"web\"\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &rename("/server/tls", "ssl"));
    assert!(out.contains("[server.ssl]\ncert"), "{out}");
    let out = edit_in(Format::Toml, DOC, &rename("/server/limits/cpu", "cores"));
    assert!(out.contains("limits = { cores = 2 }"), "{out}");
    assert!(refused(DOC, rename("/server", "srv")).contains("is written in 2 places"));
    assert!(refused(DOC, rename("/route", "r")).contains("is written in 2 places"));
    let out = edit_in(Format::Toml, DOC, &mv("/server/ports/1", 0));
    assert!(out.contains("ports = [443, 80]\n"), "{out}");
    let out = edit_in(Format::Toml, DOC, &mv("/server/paths/0", 1));
    assert!(
        out.contains("paths = [\n    \"/b\",\n    \"/a\",\n]\n"),
        "{out}"
    );
    check(
        DOC,
        mv("/route/1", 0),
        expect![[r#"
        # top
        name = "web"
        mode = 'fast'
        owner.name = "Ada"

        [server]
        host = "0.0.0.0" # listen
        ports = [80, 443]
        paths = [
            "/a",
            "/b",
        ]
        limits = { cpu = 2 }

        [server.tls]
        cert = "c.pem"

        [[route]]
        path = "/x"

        [[route]]
        path = "/"
    "#]],
    );
}

// ---------------------------------------------------------------- properties

fn arb_toml_scalar() -> BoxedStrategy<Value> {
    crate::json::tests::arb_scalar(false)
}

fn arb_toml_value() -> BoxedStrategy<Value> {
    arb_toml_scalar()
        .prop_recursive(2, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec((arb_key(), inner), 0..3)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Renders a root table the way people write TOML: scalars and arrays as `key = value`,
/// nested tables as `[headers]`, and (sometimes) arrays of tables as `[[headers]]`.
fn render(root: &serde_json::Map<String, Value>, style: u8) -> String {
    use crate::toml::plan::{key_text, value_text};
    // style 0: nested tables as [headers]; 1: as inline tables; 2: tables of plain values
    // as dotted keys (`a.b = 1`), others as headers.
    fn dotted_ok(v: &Value) -> bool {
        matches!(v, Value::Object(m) if !m.is_empty() && m.values().all(|x| !x.is_object()))
    }
    fn table(
        out: &mut String,
        path: &[String],
        map: &serde_json::Map<String, Value>,
        header: Option<&str>,
        style: u8,
    ) {
        if let Some(h) = header {
            out.push_str(&format!("\n{h}\n"));
        }
        let nested = |v: &Value| {
            style != 1
                && (matches!(v, Value::Object(_))
                    || matches!(v, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object)))
        };
        for (k, v) in map {
            if style == 2 && dotted_ok(v) {
                if let Value::Object(m) = v {
                    for (k2, v2) in m {
                        out.push_str(&format!(
                            "{}.{} = {}\n",
                            key_text(k),
                            key_text(k2),
                            value_text(v2).unwrap()
                        ));
                    }
                }
            } else if !nested(v) {
                out.push_str(&format!("{} = {}\n", key_text(k), value_text(v).unwrap()));
            }
        }
        for (k, v) in map {
            if !nested(v) || (style == 2 && dotted_ok(v)) {
                continue;
            }
            let mut p = path.to_vec();
            p.push(key_text(k));
            match v {
                Value::Object(m) => table(out, &p, m, Some(&format!("[{}]", p.join("."))), style),
                Value::Array(a) => {
                    for t in a {
                        if let Value::Object(m) = t {
                            table(out, &p, m, Some(&format!("[[{}]]", p.join("."))), style);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    table(&mut out, &[], root, None, style);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn garbage_never_panics(text in "[a-z0-9 =.,\\[\\]{}\"'#\n\t\\\\-]{0,60}") {
        let _ = Document::parse(text, Format::Toml);
    }

    #[test]
    fn random_edits_match_the_model(
        root in prop::collection::vec((arb_key(), arb_toml_value()), 0..5),
        style in 0u8..3,
        steps in prop::collection::vec((any::<u64>(), arb_toml_value(), arb_key()), 1..8),
    ) {
        let root: serde_json::Map<String, Value> = root.into_iter().collect();
        let mut text = render(&root, style);
        prop_assert_eq!(doc(&text).value(), Value::Object(root), "{}", text);
        for (seed, new, new_key) in steps {
            let current = doc(&text).value();
            let Some(op) = random_op(&current, seed, new, new_key) else { continue };
            let mut d = doc(&text);
            match d.apply(&op) {
                // Refusals are allowed (and must leave the text alone); wrong edits are not.
                Err(EditError::Unsupported(_)) => prop_assert_eq!(d.text(), text.as_str()),
                Err(e) => prop_assert!(false, "{:?} failed: {}\n{}", op, e, text),
                Ok(_) => text = edit_in(Format::Toml, &text, &op),
            }
        }
    }
}

#[test]
fn more_shapes() {
    let cases: &[(&str, EditOp, &str)] = &[
        (
            "[[x]]\na = 1\n[x.sub]\nb = 2\n\n[[x]]\na = 3\n[x.sub]\nb = 4\n",
            mv("/x/1", 0),
            "[[x]]\na = 3\n[x.sub]\nb = 4\n\n[[x]]\na = 1\n[x.sub]\nb = 2\n",
        ),
        (
            "[[x]]\na = 1\n[x.sub]\nb = 2\n\n[[x]]\na = 3\n",
            add("/x/-", json!({"a": 9, "t": {"u": 1}})),
            "[[x]]\na = 1\n[x.sub]\nb = 2\n\n[[x]]\na = 3\n\n[[x]]\na = 9\nt = { u = 1 }\n",
        ),
        (
            "[t]\na.b.c = 1\na.b.d = 2\n",
            set("/t/a/b/e", json!(3)),
            "[t]\na.b.c = 1\na.b.d = 2\na.b.e = 3\n",
        ),
        (
            "[t]\na.b.c = 1\na.x = 2\n",
            set("/t/a/y", json!(3)),
            "[t]\na.b.c = 1\na.x = 2\na.y = 3\n",
        ),
        ("[t]\na.b.c = 1\n", remove("/t/a/b/c"), "[t]\na.b = {}\n"),
        ("[t]\na.b.c = 1\nz = 0\n", remove("/t/a"), "[t]\nz = 0\n"),
        (
            "\u{feff}a = 1\n",
            set("", json!({"b": {"c": [1]}})),
            "\u{feff}b = { c = [1] }\n",
        ),
        (
            "[a]\nx = 1\n[a.b]\ny = 2\n[c]\nz = 3\n",
            set("/a", json!({"k": "v"})),
            "[a]\nk = \"v\"\n[c]\nz = 3\n",
        ),
        (
            "a = [\n  1,\n  2,\n  3\n]\n",
            mv("/a/0", 2),
            "a = [\n  2,\n  3,\n  1\n]\n",
        ),
        (
            "a = [\n  1,\n  2,\n  3\n]\n",
            remove("/a/2"),
            "a = [\n  1,\n  2\n]\n",
        ),
        (
            "a = [\n  1,\n  2,\n  3\n]\n",
            remove("/a/0"),
            "a = [\n  2,\n  3\n]\n",
        ),
        ("a = { b = 1, c = 2 }\n", remove("/a/b"), "a = { c = 2 }\n"),
        ("a = { b = 1, c = 2 }\n", remove("/a/c"), "a = { b = 1 }\n"),
        (
            "a = [ { b = 1 } ]\n",
            add("/a/0/c", json!(2)),
            "a = [ { b = 1, c = 2 } ]\n",
        ),
        ("k = 1\n[t]\n", rename("/k", ""), "\"\" = 1\n[t]\n"),
        ("k\t=\t1\n", set("/k", json!(2)), "k\t=\t2\n"),
    ];
    for (input, op, expected) in cases {
        assert_eq!(
            edit_in(Format::Toml, input, op),
            *expected,
            "{op:?} on {input:?}"
        );
    }
    let split = "[a]\nx = 1\n[c]\nz = 3\n[a.b]\ny = 2\n";
    assert_eq!(
        refused(split, remove("/a")),
        "`a` is written in several places with other tables in between; edit its entries instead"
    );
    assert!(refused(DOC, set("/owner", json!({"x": 1})))
        .starts_with("replacing `owner` as a whole is not supported"));
}
