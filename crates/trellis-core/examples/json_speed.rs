//! Measures how long Trellis takes to open a ~10 MB JSON document, against decoding the same
//! text into a plain `serde_json::Value`.
//!
//! Run with `cargo run --release -p trellis-core --example json_speed`.

use std::fmt::Write;
use std::time::{Duration, Instant};
use trellis_core::{Document, Format};

fn generate(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    s.push_str("{\n  \"generated\": true,\n  \"records\": [\n");
    let mut i: u64 = 0;
    while s.len() < target {
        if i > 0 {
            s.push_str(",\n");
        }
        let x = i.wrapping_mul(2654435761) % 100_000;
        write!(
            s,
            "    {{\n      \"id\": {i},\n      \"name\": \"service-{x}\",\n      \"description\": \"Handles \\\"requests\\\" for tenant {x}\\nand more\",\n      \"enabled\": {},\n      \"weight\": {}.{},\n      \"tags\": [\"alpha\", \"beta\", \"gamma-{x}\"],\n      \"limits\": {{\"cpu\": {}, \"memory\": \"{}Mi\", \"ratio\": -{}e-3}},\n      \"owner\": null\n    }}",
            i.is_multiple_of(3),
            x % 97,
            x % 1000,
            x % 16,
            x % 4096,
            x % 777
        )
        .unwrap();
        i += 1;
    }
    s.push_str("\n  ]\n}\n");
    s
}

/// A second shape with no objects at all: rows of numbers and short strings, where
/// decoding does no key hashing.
fn generate_arrays(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    s.push('[');
    let mut i: u64 = 0;
    while s.len() < target {
        if i > 0 {
            s.push_str(",\n");
        }
        let x = i.wrapping_mul(2654435761) % 1_000_000;
        write!(
            s,
            "[{i}, {x}, -{}.{}, \"r{x}\", true, null, {}e2]",
            x % 1000,
            x % 97,
            x % 13
        )
        .unwrap();
        i += 1;
    }
    s.push_str("]\n");
    s
}

fn best_of(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap_or_default()
}

fn main() {
    for (shape, text) in [
        (
            "records (objects, strings, numbers)",
            generate(10 * 1024 * 1024),
        ),
        (
            "rows (arrays of scalars)",
            generate_arrays(10 * 1024 * 1024),
        ),
    ] {
        measure(shape, &text);
    }
}

fn measure(shape: &str, text: &str) {
    println!("{shape}: {:.1} MB", text.len() as f64 / 1e6);
    let runs = 7;
    let serde = best_of(runs, || {
        let t = Instant::now();
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let d = t.elapsed();
        drop(v);
        d
    });
    let trellis = best_of(runs, || {
        let owned = text.to_string();
        let t = Instant::now();
        let d = Document::parse(owned, Format::Json).unwrap();
        let e = t.elapsed();
        drop(d);
        e
    });
    println!("  serde_json::Value: {serde:?}");
    println!("  trellis Document:  {trellis:?}");
    println!(
        "  ratio: {:.2}",
        trellis.as_secs_f64() / serde.as_secs_f64()
    );
}
