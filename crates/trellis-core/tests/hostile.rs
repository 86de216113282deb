//! Bad input gets a clear error with a position, never a panic, a hang or a stack overflow.

use std::time::{Duration, Instant};
use trellis_core::{Document, EditOp, Format, LoadError, Pointer, MAX_DOCUMENT_BYTES};

/// Runs `f` on a thread with a small (2 MiB) stack, like test and worker threads have, and
/// fails if it takes longer than a hang guard.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let start = Instant::now();
    let out = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    out
}

fn parse_error(text: String, format: Format) -> (u32, u32, String) {
    match on_small_stack(move || Document::parse(text, format)) {
        Err(LoadError::Syntax(e)) => (e.position.line, e.position.column, e.message),
        Err(other) => panic!("expected a syntax error, got {other}"),
        Ok(_) => panic!("expected a syntax error, the document loaded"),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let n = 100_000;
    let cases = [
        ("[".repeat(n), Format::Yaml),
        ("{a: ".repeat(n), Format::Yaml),
        ("- ".repeat(n) + "x\n", Format::Yaml),
        (
            (0..2_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
            Format::Yaml,
        ),
        ("[".repeat(n), Format::Json),
        ("{\"a\":".repeat(n), Format::Json),
        (format!("a = {}", "[".repeat(n)), Format::Toml),
        (format!("a = {}", "{b = ".repeat(n)), Format::Toml),
    ];
    for (text, format) in cases {
        let head: String = text.chars().take(12).collect();
        let (line, column, message) = parse_error(text, format);
        assert!(line >= 1 && column >= 1, "{format:?} {head:?}");
        assert!(!message.is_empty(), "{format:?} {head:?}");
    }
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let bomb = r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"#;
    assert!(bomb.len() < 1024);
    let start = Instant::now();
    let (line, _, message) = parse_error(bomb.to_string(), Format::Yaml);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );
    assert!(message.contains("alias"), "{message}");
    assert!(line >= 2, "points at an alias line: {line}");
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    for format in [Format::Yaml, Format::Json, Format::Toml] {
        let mut bytes = b"a: 1\nb: \"ok\"\nname: caf".to_vec();
        bytes.extend_from_slice(&[0xC3, 0x28]);
        match Document::from_bytes(&bytes, format) {
            Err(LoadError::InvalidUtf8 { position, byte, .. }) => {
                assert_eq!((position.line, position.column, byte), (3, 10, 0xC3));
            }
            other => panic!("{format:?}: {other:?}"),
        }
    }
}

#[test]
fn oversized_documents_are_refused_with_a_clear_message() {
    let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
    let err = Document::from_bytes(&big, Format::Json).err().unwrap();
    assert!(matches!(err, LoadError::TooLarge { .. }));
    assert!(
        err.to_string().contains("Trellis opens documents of up to"),
        "{err}"
    );
}

#[test]
fn syntax_errors_point_at_the_problem() {
    for (text, format, line, column) in [
        ("a: 1\nb: [1, 2\n", Format::Yaml, 3, 1),
        ("{\n  \"a\": 1,\n  \"b\" 2\n}\n", Format::Json, 3, 7),
        ("a = 1\nb = = 2\n", Format::Toml, 2, 5),
    ] {
        let (l, c, message) = parse_error(text.to_string(), format);
        assert_eq!((l, c), (line, column), "{format:?}: {message}");
    }
}

#[test]
fn duplicate_keys_are_errors() {
    for (text, format) in [
        ("a: 1\nb: 2\na: 3\n", Format::Yaml),
        ("{\"a\": 1, \"a\": 2}", Format::Json),
        ("a = 1\na = 2\n", Format::Toml),
    ] {
        let (line, _, message) = parse_error(text.to_string(), format);
        assert!(message.contains("duplicate"), "{format:?}: {message}");
        assert!(line >= 1);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A quick deterministic sweep of mangled inputs; the fuzz targets go further.
    let seeds = [
        "a: [1, {b: 'c'}]\n- x\n",
        "{\"a\": [1, {\"b\": \"c\"}]}",
        "[t]\na = { b = [1, 2] }\n",
    ];
    for seed in seeds {
        let bytes = seed.as_bytes();
        for cut in 0..bytes.len() {
            for format in [Format::Yaml, Format::Json, Format::Toml] {
                let _ = Document::from_bytes(&bytes[..cut], format);
                let mut mangled = bytes.to_vec();
                let specials = b"\"'[]{}:,-#&*!|>\n\t ";
                mangled[cut] = specials[cut % specials.len()];
                let _ = Document::from_bytes(&mangled, format);
            }
        }
    }
}

#[test]
fn removing_an_anchor_still_in_use_is_refused_with_the_reason() {
    use trellis_core::{EditError, EditOp, Pointer};
    let text = "base: &defaults\n  retries: 3\nnested:\n  inner: &inner {a: 1}\nweb:\n  settings: *defaults\n  more: *inner\n";
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    for path in ["/base", "/nested", "/nested/inner"] {
        let err = doc
            .apply(&EditOp::Remove {
                path: Pointer::parse(path).unwrap(),
            })
            .unwrap_err();
        let EditError::Invalid { message, .. } = &err else {
            panic!("{path}: {err}")
        };
        assert!(
            message.contains("alias *") && message.contains("at line"),
            "{message}"
        );
    }
    // Replacing the anchored node itself keeps its anchor, so the alias follows the new value.
    doc.apply(&EditOp::Set {
        path: Pointer::parse("/base").unwrap(),
        value: serde_json::json!({"retries": 5}),
    })
    .unwrap();
    assert_eq!(
        doc.value()["web"]["settings"],
        serde_json::json!({"retries": 5})
    );
    // Removing the alias first, then the anchor, works.
    doc.apply(&EditOp::Remove {
        path: Pointer::parse("/web/more").unwrap(),
    })
    .unwrap();
    doc.apply(&EditOp::Remove {
        path: Pointer::parse("/nested").unwrap(),
    })
    .unwrap();
    assert_eq!(
        doc.text(),
        text.replace("  retries: 3\n", "  retries: 5\n")
            .replace("nested:\n  inner: &inner {a: 1}\n", "")
            .replace("  more: *inner\n", "")
    );
}

#[test]
fn entries_of_a_single_pair_flow_mapping_are_refused_not_a_panic() {
    // `[x, é"x: y"]` holds the mapping {é"x: y"} with no braces of its own; the planner
    // used to look for a brace inside the multi-byte 'é' and panic.
    let text = "a: 1\r\nb: [x, é\"x: y\"]\r\nc: null  # c\r\n";
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let add = EditOp::Add {
        path: Pointer::parse("/b/1/k").unwrap(),
        value: serde_json::Value::Null,
    };
    assert!(doc.apply(&add).is_err());
    let remove = EditOp::Remove {
        path: Pointer::parse("/b/1/é\"x").unwrap(),
    };
    assert!(doc.apply(&remove).is_err());
    assert_eq!(doc.text(), text);
}
