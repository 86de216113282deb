//! Tests of the YAML parser (values against an independent YAML library as oracle, spans,
//! errors, limits) and of the edit planner (text snapshots, untouched bytes, round trips).

use crate::tree::NodeKind;
use crate::{Document, EditOp, Format, Pointer};
use expect_test::{expect, Expect};
use serde_json::{json, Value};

fn doc(text: &str) -> Document {
    Document::parse(text.into(), Format::Yaml).unwrap_or_else(|e| panic!("{e}\n--- text:\n{text}"))
}

fn value(text: &str) -> Value {
    doc(text).value()
}

fn oracle(text: &str) -> Value {
    serde_yaml::from_str::<Value>(text).unwrap_or_else(|e| panic!("oracle: {e}\n{text}"))
}

/// Parses with Trellis and the oracle and asserts both give the same value.
fn same(text: &str) {
    assert_eq!(value(text), oracle(text), "value differs for:\n{text}");
}

fn check(text: &str, expect: Value) {
    assert_eq!(value(text), expect, "for:\n{text}");
}

fn error(text: &str) -> (String, String) {
    match Document::parse(text.into(), Format::Yaml) {
        Ok(d) => panic!("expected an error for {text:?}, got {}", d.value()),
        Err(e) => {
            let pos = e.position().unwrap();
            (pos.to_string(), e.to_string())
        }
    }
}

fn check_error(text: &str, position: &str, message: &str) {
    let (pos, msg) = error(text);
    assert_eq!(pos, position, "position of the error for {text:?}: {msg}");
    assert!(
        msg.contains(message),
        "message for {text:?} is {msg:?}, expected it to contain {message:?}"
    );
}

// ----- values ------------------------------------------------------------------------------

#[test]
fn values_match_the_oracle() {
    let cases = [
        "a: 1\nb: [1, 2, {c: d}]\nc:\n- x\n- y: z\n  w: 2\n",
        "- - a\n  - b\n- c\n",
        "? long key\n: name: x\n  plural: y\n  list:\n  - z\nother: 1\n",
        "key:\n  - a\n  - b\nother:\n- c\n",
        "k: |\n  line\n  two\nj: >-\n  fold\n  ed\n\n  para\n",
        "k: |+\n  keep\n\n\nnext: 1\n",
        "k: |-\n  strip\n\n",
        "k: >\n  a\n    more\n  b\n\n  c\n",
        "k: |2\n    indented\n  base\n",
        "- |\n  in a list\n- >\n  folded\n  text\n",
        "s: 'it''s'\nd: \"a\\tb\\u00e9\\x41\\U0001F600\\\\\\\"\"\n",
        "s: 'one\n  two\n\n  three'\n",
        "d: \"one\n  two\\\n  three\"\n",
        "plain: one\n  two\n\n  three\nnext: x\n",
        "n: [null, Null, NULL, ~, ]\n",
        "b: [true, True, TRUE, false, FALSE, yes, no, on, off, y, n]\n",
        "i: [0, -1, +2, 0o17, 0x1F, 9223372036854775807, 18446744073709551615]\n",
        "f: [1.5, -0.5, .5, 1., 1e3, 1.5E-3, +1.0]\n",
        "strings: [a b, 'q', \"d\", 1.2.3, 0x, 1_000, .e3, -, a:b, http://x.y/z]\n",
        "empty:\nnested:\n  deeper:\n    - \n    -\n",
        "? a\n: 1\n? b\n",
        "{a: 1, b: [x, y], c: {d: e},}\n",
        "[a, b,\n  c, [d,\n e]]\n",
        "{\"json\": \"like\", \"n\":1}\n",
        "a: &x 1\nb: *x\nc: &y {k: v}\nd: *y\n",
        "base: &b\n  x: 1\nderived:\n  <<: *b\n  y: 2\n",
        "%YAML 1.2\n---\na: 1\n...\n",
        "a: 1 # comment\n# another\nb: 2\n",
        "a:    \t 1\n",
        "tagged: !!str 123\nf: !!float 1\n",
        "\"quoted key\": 1\n'single': 2\n1: one\ntrue: t\nnull: n\n",
        "x: [a: b, c]\n",
        "long: \"esc \\N \\_ \\L \\P \\e \\a \\b \\v \\f \\0 \\/ \\ \"\n",
        "  indented: root\n  map: 1\n",
        "- a\n-\n  - b\n- - c\n  - d\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "a: b # c\nd: 'e' # f\ng: [h] # i\n",
        "unicode: héllo wörld ✓\n",
        "k: - a\n",
    ];
    for t in cases {
        if t == "k: - a\n" {
            continue; // an error in both; checked below
        }
        same(t);
    }
}

#[test]
fn core_schema_where_the_oracle_differs() {
    // The oracle reads digits with a leading zero as strings; the YAML 1.2 core schema
    // reads them as integers.
    check("a: 0123\n", json!({"a": 123}));
    // Infinity and NaN have no JSON number; the model shows them as strings.
    check(
        "a: [.inf, -.Inf, .NAN]\n",
        json!({"a": [".inf", "-.inf", ".nan"]}),
    );
    // Custom tags stay out of the value.
    check(
        "a: !Ref name\nb: !Sub [x, y]\n",
        json!({"a": "name", "b": ["x", "y"]}),
    );
    check(
        "a: !!int \"12\"\nb: !!bool 'true'\nc: !!null ''\nd: !!str null\n",
        json!({"a": 12, "b": true, "c": null, "d": "null"}),
    );
    check("a: 99999999999999999999\n", json!({"a": 1e20}));
    check(
        "a: 0o777\nb: 0xFFFFFFFFFFFFFFFF\n",
        json!({"a": 511, "b": 18446744073709551615u64}),
    );
}

#[test]
fn crlf_bom_and_tabs() {
    let t = "\u{feff}a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\nc: |\r\n  l1\r\n  l2\r\nd: \"q\r\n  r\"\r\n";
    check(
        t,
        json!({"a": 1, "b": ["x", "y"], "c": "l1\nl2\n", "d": "q r"}),
    );
    let d = doc(t);
    let root = d.tree().node(d.tree().docs[0]);
    assert_eq!(
        root.span.start(),
        3,
        "spans are offsets into the full text, BOM included"
    );
    check(
        "a: 1\t# tab before a comment\n\t# tab-indented comment line\nb:\t2\n",
        json!({"a": 1, "b": 2}),
    );
    check("a: \"tab\there\"\n", json!({"a": "tab\there"}));
}

#[test]
fn multi_document_streams() {
    check("--- 1\n--- 2\n", json!([1, 2]));
    check("a: 1\n---\nb: 2\n", json!([{"a": 1}, {"b": 2}]));
    check("", Value::Null);
    check("# nothing\n", Value::Null);
    check("---\n", Value::Null);
    check("---\n---\n", json!([null, null]));
    check(
        "--- a\n--- b\n...\n---\nc: d\n",
        json!(["a", "b", {"c": "d"}]),
    );
    check("%TAG ! tag:example.com,2000:\n--- !foo x\n", json!("x"));
}

// ----- spans -------------------------------------------------------------------------------

fn spans(text: &str) -> String {
    let d = doc(text);
    let t = d.tree();
    let mut out = String::new();
    for (i, n) in t.nodes.iter().enumerate() {
        if n.parent.is_none() && !t.docs.contains(&crate::NodeId(i as u32)) {
            continue; // a flow key's own node
        }
        let kind = match &n.kind {
            NodeKind::Map(entries) => {
                let keys: Vec<String> = entries
                    .iter()
                    .map(|e| format!("{:?}@{:?}", &text[e.key_span.range()], e.key_style))
                    .collect();
                format!("map[{}]", keys.join(" "))
            }
            NodeKind::Seq(items) => format!("seq({})", items.len()),
            NodeKind::Alias { name, .. } => format!("alias {name}"),
            k => format!("{k:?}"),
        };
        out.push_str(&format!(
            "{kind} {:?} {:?}\n",
            n.style,
            &text[n.span.range()]
        ));
    }
    out
}

fn check_spans(text: &str, expect: Expect) {
    expect.assert_eq(&spans(text));
}

#[test]
fn spans_cover_values_as_written() {
    check_spans(
        "a: &x 'one' # c\nb:\n  - [1, 2]\n  - !!str x\nc: |\n  lit\n\nd: *x\ne:\n",
        expect![[r#"
            String("one") SingleQuoted "'one'"
            Number(Int(1)) Plain "1"
            Number(Int(2)) Plain "2"
            seq(2) Flow "[1, 2]"
            String("x") Plain "x"
            seq(2) Block "- [1, 2]\n  - !!str x"
            String("lit\n") Literal "|\n  lit"
            alias x Plain "*x"
            Null Plain ""
            map["a"@Plain "b"@Plain "c"@Plain "d"@Plain "e"@Plain] Block "a: &x 'one' # c\nb:\n  - [1, 2]\n  - !!str x\nc: |\n  lit\n\nd: *x\ne:"
        "#]],
    );
    check_spans(
        "- k: \"v\"\n  k2: {a: b}\n- - x\n",
        expect![[r#"
            String("v") DoubleQuoted "\"v\""
            String("b") Plain "b"
            map["a"@Plain] Flow "{a: b}"
            map["k"@Plain "k2"@Plain] Block "k: \"v\"\n  k2: {a: b}"
            String("x") Plain "x"
            seq(1) Block "- x"
            seq(2) Block "- k: \"v\"\n  k2: {a: b}\n- - x"
        "#]],
    );
}

// ----- errors ------------------------------------------------------------------------------

#[test]
fn errors_have_places_and_messages() {
    check_error("a: 1\nb\nc: 2\n", "2:2", "expected ':' after mapping key");
    check_error("a: [1, 2\n", "2:1", "unclosed flow sequence started at 1:4");
    check_error("a: {x: 1\n", "2:1", "unclosed flow mapping started at 1:4");
    check_error(
        "a:\n\tb: 1\n",
        "2:1",
        "tab characters are not allowed for indentation",
    );
    check_error("a: *foo\n", "1:4", "found undefined alias *foo");
    check_error(
        "a: 1\nb: 2\na: 3\n",
        "3:1",
        "duplicate key \"a\" (first defined at line 1)",
    );
    check_error("{a: 1, a: 2}\n", "1:8", "duplicate key \"a\"");
    check_error("a: &x [*x]\n", "1:8", "recursive alias *x");
    check_error("a: b: c\n", "1:5", "mapping values are not allowed here");
    check_error(
        "k: - a\n",
        "1:4",
        "a block sequence cannot start on the same line as a mapping key",
    );
    check_error(
        "a:\n  b: 1\n c: 2\n",
        "3:2",
        "bad indentation of a mapping entry",
    );
    check_error("[a]: 1\n", "1:1", "complex mapping keys");
    check_error("? [a]\n: 1\n", "1:3", "complex mapping keys");
    check_error(
        "a: \"open\n",
        "2:1",
        "unclosed double-quoted string started at 1:4",
    );
    check_error(
        "a: 'open\n",
        "2:1",
        "unclosed single-quoted string started at 1:4",
    );
    check_error("a: \"\\q\"\n", "1:5", "unknown escape '\\q'");
    check_error("a: @x\n", "1:4", "a plain value cannot start with '@'");
    check_error("a: 1\n- b\n", "2:1", "found a sequence entry");
    check_error("- a\n  - b\n", "2:3", "bad indentation of a sequence entry");
    check_error("a: [1] x\n", "1:8", "expected the end of the line");
    check_error("a: !!int x\n", "1:4", "is not an integer");
    check_error(
        "%YAML 1.2\na: 1\n",
        "2:1",
        "expected '---' after the directives",
    );
    check_error(
        "a: |x\n  b\n",
        "1:5",
        "expected a line break after the block scalar header",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let run = |text: String| {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let start = std::time::Instant::now();
                let r = Document::parse(text, Format::Yaml);
                (r.map(|_| ()).map_err(|e| e.to_string()), start.elapsed())
            })
            .unwrap()
            .join()
            .unwrap()
    };
    for text in [
        "[".repeat(100_000),
        "- ".repeat(100_000),
        "{a: ".repeat(100_000),
        "a:\n".to_string()
            + &(1..1000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
    ] {
        let (r, took) = run(text);
        let e = r.unwrap_err();
        assert!(e.contains("nesting is deeper than 256 levels"), "{e}");
        assert!(took.as_secs() < 2, "took {took:?}");
    }
    // Just under the limit parses.
    let ok = "[".repeat(255) + &"]".repeat(255);
    assert!(run(ok).0.is_ok());
}

#[test]
fn alias_bombs_are_rejected_quickly() {
    let mut t = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        t.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    assert!(t.len() < 1024);
    let start = std::time::Instant::now();
    let (_, msg) = error(&t);
    assert!(msg.contains("aliases expand this document"), "{msg}");
    assert!(start.elapsed().as_millis() < 500);
    // Moderate reuse is fine.
    check(
        "a: &a [1, 2]\nb: [*a, *a]\n",
        json!({"a": [1, 2], "b": [[1, 2], [1, 2]]}),
    );
}

#[test]
fn corpus_files_match_the_oracle() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/compose"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("skipped: ../shared/corpus not found");
        return;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(value(&text), oracle(&text), "{}", path.display());
        n += 1;
    }
    assert!(n > 0);
}

// ----- planner -----------------------------------------------------------------------------

fn p(s: &str) -> Pointer {
    Pointer::parse(s).unwrap()
}

fn set(path: &str, value: Value) -> EditOp {
    EditOp::Set {
        path: p(path),
        value,
    }
}

fn add(path: &str, value: Value) -> EditOp {
    EditOp::Add {
        path: p(path),
        value,
    }
}

fn remove(path: &str) -> EditOp {
    EditOp::Remove { path: p(path) }
}

fn rename(path: &str, new_key: &str) -> EditOp {
    EditOp::Rename {
        path: p(path),
        new_key: new_key.into(),
    }
}

fn mv(path: &str, to: usize) -> EditOp {
    EditOp::Move { path: p(path), to }
}

/// Applies `op` and returns the new text, checking that only the splice changed and that
/// the document re-parses to what the operation promised.
fn edited(input: &str, op: &EditOp) -> String {
    let mut d = doc(input);
    let mut expected = d.value();
    crate::model::apply(&mut expected, op).unwrap();
    let e = d
        .apply(op)
        .unwrap_or_else(|err| panic!("{op:?} on\n{input}\nfailed: {err}"));
    let out = d.text().to_string();
    assert_eq!(&out[..e.range.start], &input[..e.range.start]);
    assert_eq!(
        &out[out.len() - (input.len() - e.range.end)..],
        &input[e.range.end..]
    );
    assert_eq!(d.value(), expected, "{op:?} on\n{input}\ngave\n{out}");
    out
}

fn check_edit(input: &str, op: EditOp, expect: Expect) {
    expect.assert_eq(&edited(input, &op));
}

const SERVICE: &str = "# Services\nservices:\n  web:\n    image: \"nginx:1.25\"  # pinned\n    ports:\n      - '80:80'\n      - 443\n\n  db:\n    image: postgres\n    env: {USER: app, PASS: x}\n# trailer\n";

#[test]
fn replace_scalars_keeps_style() {
    check_edit(
        SERVICE,
        set("/services/web/image", json!("nginx:1.27")),
        expect![[r#"
        # Services
        services:
          web:
            image: "nginx:1.27"  # pinned
            ports:
              - '80:80'
              - 443

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    let out = edited(SERVICE, &set("/services/web/ports/0", json!("8080:80")));
    assert!(out.contains("      - '8080:80'\n"));
    let out = edited(SERVICE, &set("/services/db/image", json!("true")));
    assert!(out.contains("    image: \"true\"\n"), "{out}");
    let out = edited(SERVICE, &set("/services/db/image", json!(15)));
    assert!(out.contains("    image: 15\n"));
    let out = edited(SERVICE, &set("/services/db/image", json!("has: colon")));
    assert!(out.contains("    image: \"has: colon\"\n"));
    let out = edited(SERVICE, &set("/services/web/ports/1", json!(null)));
    assert!(out.contains("      - null\n"));
    let out = edited(SERVICE, &set("/services/db/env/USER", json!("a b, c")));
    assert!(out.contains("env: {USER: \"a b, c\", PASS: x}"), "{out}");
    let out = edited("a: 'x'\nb: y\n", &set("/b", json!("it's: here")));
    assert_eq!(
        out, "a: 'x'\nb: 'it''s: here'\n",
        "the document's quote style"
    );
    let out = edited("a: !!str 12\n", &set("/a", json!(13)));
    assert_eq!(out, "a: 13\n");
    let out = edited("a: !Ref x\n", &set("/a", json!("y")));
    assert_eq!(out, "a: !Ref y\n");
    let out = edited("a: &anchor 1\n", &set("/a", json!(2)));
    assert_eq!(out, "a: &anchor 2\n");
    let out = edited("a:\nb: 1\n", &set("/a", json!("v")));
    assert_eq!(out, "a: v\nb: 1\n");
    let out = edited("- \n- x\n", &set("/0", json!(1)));
    assert_eq!(out, "- 1\n- x\n");
}

#[test]
fn replace_with_multi_line_strings() {
    check_edit(
        "a: x\nb: 1\n",
        set("/a", json!("line 1\nline 2\n")),
        expect![[r#"
        a: |
          line 1
          line 2
        b: 1
    "#]],
    );
    check_edit(
        "- x\n- y\n",
        set("/0", json!("no\nnewline")),
        expect![[r#"
        - |-
          no
          newline
        - y
    "#]],
    );
    check_edit(
        "a:\n  b: x\n",
        set("/a/b", json!("  lead\nx")),
        expect![[r#"
        a:
          b: |2-
              lead
            x
    "#]],
    );
    check_edit(
        "a: [x]\n",
        set("/a/0", json!("two\nlines")),
        expect![[r#"
        a: ["two\nlines"]
    "#]],
    );
    let out = edited("a: |\n  old\n  text\nb: 1\n", &set("/a", json!("new\n")));
    assert_eq!(out, "a: |\n  new\nb: 1\n");
}

#[test]
fn replace_with_collections() {
    check_edit(
        "key: old # note\nnext: 1\n",
        set("/key", json!({"a": 1, "b": [1, 2]})),
        expect![[r#"
        key:
          a: 1
          b:
            - 1
            - 2 # note
        next: 1
    "#]],
    );
    check_edit(
        "key:\n  a: 1\n  b: 2\nnext: 1\n",
        set("/key", json!(5)),
        expect![[r#"
        key: 5
        next: 1
    "#]],
    );
    check_edit(
        "key: # why\n  a: 1\nnext: 1\n",
        set("/key", json!("s")),
        expect![[r#"
        key: s # why
        next: 1
    "#]],
    );
    check_edit(
        "key:\n    a: 1\nnext: 1\n",
        set("/key", json!({"x": {"y": 1}})),
        expect![[r#"
        key:
            x:
                y: 1
        next: 1
    "#]],
    );
    check_edit(
        "- a\n- b\n",
        set("/1", json!({"k": 1, "l": [2]})),
        expect![[r#"
        - a
        - k: 1
          l:
            - 2
    "#]],
    );
    check_edit(
        "x: {a: 1}\n",
        set("/x/a", json!({"b": [1, "two"]})),
        expect![[r#"
        x: {a: {b: [1, two]}}
    "#]],
    );
    check_edit(
        "x: 1\n",
        set("/x", json!({})),
        expect![[r#"
        x: {}
    "#]],
    );
    check_edit(
        "x: 1\n",
        set("", json!([1, {"a": null}])),
        expect![[r#"
        - 1
        - a: null
    "#]],
    );
    check_edit(
        "list:\n- a\n- b\nz: 1\n",
        set("/list", json!(["c"])),
        expect![[r#"
        list:
        - c
        z: 1
    "#]],
    );
}

#[test]
fn insert_entries() {
    check_edit(
        SERVICE,
        set("/services/db/restart", json!("always")),
        expect![[r#"
        # Services
        services:
          web:
            image: "nginx:1.25"  # pinned
            ports:
              - '80:80'
              - 443

          db:
            image: postgres
            env: {USER: app, PASS: x}
            restart: always
        # trailer
    "#]],
    );
    check_edit(
        SERVICE,
        set("/services/web/environment", json!({"A": "1", "B": true})),
        expect![[r#"
        # Services
        services:
          web:
            image: "nginx:1.25"  # pinned
            ports:
              - '80:80'
              - 443
            environment:
              A: "1"
              B: true

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    let out = edited(SERVICE, &set("/services/db/env/HOST", json!("h")));
    assert!(out.contains("env: {USER: app, PASS: x, HOST: h}"));
    let out = edited("a: {}\n", &set("/a/b", json!(2)));
    assert_eq!(out, "a: {b: 2}\n");
    let out = edited("a: 1\r\nb: 2\r\n", &set("/c key", json!(3)));
    assert_eq!(out, "a: 1\r\nb: 2\r\nc key: 3\r\n");
    let out = edited("a: 1", &set("/b: c", json!(null)));
    assert_eq!(out, "a: 1\n\"b: c\": null");
    let out = edited("- a: 1\n  b: 2\n- c: 3\n", &set("/0/z", json!(0)));
    assert_eq!(out, "- a: 1\n  b: 2\n  z: 0\n- c: 3\n");
    let out = edited("m: {\n  a: 1,\n  b: 2\n}\n", &set("/m/c", json!(3)));
    assert_eq!(out, "m: {\n  a: 1,\n  b: 2,\n  c: 3\n}\n");
}

#[test]
fn insert_items() {
    check_edit(
        SERVICE,
        add("/services/web/ports/1", json!("8443:443")),
        expect![[r#"
        # Services
        services:
          web:
            image: "nginx:1.25"  # pinned
            ports:
              - '80:80'
              - 8443:443
              - 443

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    check_edit(
        SERVICE,
        add(
            "/services/web/ports/-",
            json!({"target": 1, "published": 2}),
        ),
        expect![[r#"
        # Services
        services:
          web:
            image: "nginx:1.25"  # pinned
            ports:
              - '80:80'
              - 443
              - target: 1
                published: 2

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    assert_eq!(
        edited("a: [1, 2]\n", &add("/a/0", json!(0))),
        "a: [0, 1, 2]\n"
    );
    assert_eq!(
        edited("a: [1, 2]\n", &add("/a/-", json!("x y"))),
        "a: [1, 2, x y]\n"
    );
    assert_eq!(edited("a: []\n", &add("/a/-", json!([1]))), "a: [[1]]\n");
    assert_eq!(
        edited("- - a\n  - b\n", &add("/0/0", json!("z"))),
        "- - z\n  - a\n  - b\n"
    );
}

#[test]
fn remove_entries_and_items() {
    check_edit(
        SERVICE,
        remove("/services/web/image"),
        expect![[r#"
        # Services
        services:
          web:
            ports:
              - '80:80'
              - 443

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    check_edit(
        SERVICE,
        remove("/services/web"),
        expect![[r#"
        # Services
        services:

          db:
            image: postgres
            env: {USER: app, PASS: x}
        # trailer
    "#]],
    );
    assert_eq!(
        edited("key:\n  only: 1\nz: 2\n", &remove("/key/only")),
        "key: {}\nz: 2\n"
    );
    assert_eq!(
        edited("key:\n  - only\nz: 2\n", &remove("/key/0")),
        "key: []\nz: 2\n"
    );
    assert_eq!(edited("a: 1\nb: 2", &remove("/b")), "a: 1");
    assert_eq!(edited("a: [1, 2, 3]\n", &remove("/a/1")), "a: [1, 3]\n");
    assert_eq!(edited("a: [1, 2, 3]\n", &remove("/a/2")), "a: [1, 2]\n");
    assert_eq!(edited("a: [1]\n", &remove("/a/0")), "a: []\n");
    assert_eq!(edited("a: {x: 1, y: 2}\n", &remove("/a/x")), "a: {y: 2}\n");
    assert_eq!(edited("- a: 1\n  b: 2\n", &remove("/0/a")), "- b: 2\n");
    assert_eq!(edited("- x # c\n- y\n", &remove("/0")), "- y\n");
    assert_eq!(
        edited("a: 1\nb: |\n  text\n\nc: 3\n", &remove("/b")),
        "a: 1\n\nc: 3\n"
    );
}

#[test]
fn rename_keys() {
    assert_eq!(
        edited("a: 1 # c\nb: 2\n", &rename("/a", "z")),
        "z: 1 # c\nb: 2\n"
    );
    assert_eq!(edited("'a': 1\n", &rename("/a", "it's")), "'it''s': 1\n");
    assert_eq!(edited("\"a\": 1\n", &rename("/a", "b")), "\"b\": 1\n");
    assert_eq!(edited("a: 1\n", &rename("/a", "x: y")), "\"x: y\": 1\n");
    assert_eq!(
        edited("m: {a: 1}\n", &rename("/m/a", "b,c")),
        "m: {\"b,c\": 1}\n"
    );
    assert_eq!(edited("a: 1\n", &rename("/a", "true")), "true: 1\n");
}

#[test]
fn move_items() {
    check_edit(
        "list:\n  - one # first\n  - two:\n      nested: 1\n  # between\n  - three\nend: 1\n",
        mv("/list/0", 2),
        expect![[r#"
        list:
          - two:
              nested: 1
          - three
          # between
          - one # first
        end: 1
    "#]],
    );
    assert_eq!(edited("a: [1, 2, 3]\n", &mv("/a/2", 0)), "a: [3, 1, 2]\n");
    assert_eq!(edited("- - a\n  - b\n", &mv("/0/1", 0)), "- - b\n  - a\n");
    assert_eq!(edited("- x\n- y", &mv("/1", 0)), "- y\n- x");
}

#[test]
fn undo_restores_bytes() {
    let mut d = doc(SERVICE);
    d.apply(&set("/services/db/image", json!({"a": 1})))
        .unwrap();
    assert!(d.undo());
    assert_eq!(d.text(), SERVICE);
}

// ----- property test -----------------------------------------------------------------------

mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-1000i64..1000).prop_map(|i| json!(i)),
            Just(json!(1.5)),
            prop::sample::select(vec![
                "a",
                "hello world",
                "true",
                "1",
                "",
                " x",
                "a: b",
                "#c",
                "x #y",
                "multi\nline",
                "end\n",
                "quote's",
                "\"dq\"",
                "-",
                "- x",
                "null",
                "~",
                "1.5",
                "x,y",
                "[z]",
                "é",
                "tab\there",
                ".inf",
                "0x10",
                "@at",
                "a:b",
            ])
            .prop_map(|s| json!(s)),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a", "b", "key", "1", "true", "x y", "a: b", "'q'", "-", "#", "",
        ])
        .prop_map(String::from)
    }

    fn tree_value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    /// Every path of `v` with the value there.
    fn paths(v: &Value, at: Pointer, out: &mut Vec<(Pointer, Value)>) {
        out.push((at.clone(), v.clone()));
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, c)| paths(c, at.join(i.to_string()), out)),
            Value::Object(m) => m
                .iter()
                .for_each(|(k, c)| paths(c, at.join(k.clone()), out)),
            _ => {}
        }
    }

    pub(super) fn op_for(
        v: &Value,
        kind: u8,
        seed: usize,
        new: Value,
        new_key: String,
    ) -> Option<EditOp> {
        let mut all = Vec::new();
        paths(v, Pointer::root(), &mut all);
        let (path, at) = all[seed % all.len()].clone();
        match kind % 5 {
            0 if !path.is_root() => Some(EditOp::Set { path, value: new }),
            1 => match at {
                Value::Object(m) if !m.contains_key(&new_key) => Some(EditOp::Add {
                    path: path.join(new_key),
                    value: new,
                }),
                Value::Array(a) => Some(EditOp::Add {
                    path: path.join((seed % (a.len() + 1)).to_string()),
                    value: new,
                }),
                _ => None,
            },
            2 if !path.is_root() => Some(EditOp::Remove { path }),
            3 => {
                let (parent, _) = path.split_last()?;
                let Value::Object(m) = v.pointer(&parent.to_string())? else {
                    return None;
                };
                (!m.contains_key(&new_key)).then_some(EditOp::Rename { path, new_key })
            }
            4 => match at {
                Value::Array(a) if !a.is_empty() => Some(EditOp::Move {
                    path: path.join((seed % a.len()).to_string()),
                    to: (seed / 7) % a.len(),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_edits_match_the_model(
            root in prop::collection::vec((key(), tree_value()), 1..5),
            ops in prop::collection::vec((any::<u8>(), any::<usize>(), tree_value(), key()), 4..12),
        ) {
            let root = Value::Object(root.into_iter().collect());
            let text = crate::yaml::plan::render_document(&root);
            let mut d = Document::parse(text.clone(), Format::Yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(d.value(), root.clone(), "rendered:\n{}", text);
            let mut model = root;
            for (kind, seed, new, new_key) in ops {
                let Some(op) = op_for(&model, kind, seed, new, new_key) else { continue };
                let before = d.text().to_string();
                let e = d.apply(&op).map_err(|e| TestCaseError::fail(format!("{op:?} on\n{before}\nfailed: {e}")))?;
                crate::model::apply(&mut model, &op).unwrap();
                let after = d.text();
                prop_assert_eq!(&after[..e.range.start], &before[..e.range.start]);
                prop_assert_eq!(&after[after.len() - (before.len() - e.range.end)..], &before[e.range.end..]);
                prop_assert_eq!(d.value(), model.clone(), "{:?} on\n{}\ngave\n{}", op, before, after);
            }
        }
    }
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Arbitrary YAML-like text never panics the parser; errors point inside the text.
        #[test]
        fn parser_never_panics(text in "[ab01 :\\-\\n#'\"{}\\[\\],&*!|>?%\\t\\r.~\\\\]{0,48}") {
            match Document::parse(text.clone(), Format::Yaml) {
                Ok(d) => { let _ = d.value(); }
                Err(e) => prop_assert!(e.position().is_some()),
            }
        }

        /// Edits on arbitrary parsed text either apply (and verify) or report an error.
        #[test]
        fn planner_never_panics(text in "[ab01 :\\-\\n#'\"{}\\[\\],&!|?]{0,40}", kind in any::<u8>(), seed in any::<usize>()) {
            let Ok(mut d) = Document::parse(text, Format::Yaml) else { return Ok(()) };
            let v = d.value();
            if let Some(op) = super::proptests::op_for(&v, kind, seed, json!({"n": [1, "x y"]}), "k".into()) {
                let _ = d.apply(&op);
            }
        }
    }
}
