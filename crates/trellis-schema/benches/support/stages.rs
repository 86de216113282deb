//! Where validation time goes: the stages of `trellis_schema::validate`, timed one by one
//! through the public API (the private steps — reference checks, placing findings — are
//! what remains of the whole). Shared by `benches/revalidate.rs` and `examples/gen_stack.rs`.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};
use trellis_core::Document;
use trellis_schema::{validate, Environment, Model, Options, Schema};

/// Median of `runs` calls of `f`.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// `q` in 0..=100 of sorted durations (nearest rank).
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((q / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Median time of each stage; prints a table and returns the rows.
pub fn breakdown(doc: &Document, schema: &Schema, runs: usize) -> Vec<(&'static str, Duration)> {
    let root = doc.tree().docs[0];
    let value = trellis_core::to_json(doc.tree(), root);
    let base = Options {
        environment: Environment::Base,
        ..Options::default()
    };
    let full = median(runs, || {
        black_box(validate(doc, Some(schema), &Options::default()).unwrap());
    });
    let base_only = median(runs, || {
        black_box(validate(doc, Some(schema), &base).unwrap());
    });
    let to_json = median(runs, || {
        black_box(trellis_core::to_json(doc.tree(), root));
    });
    let model = median(runs, || {
        black_box(Model::read(schema.walk(), &value));
    });
    let jsonschema = median(runs, || {
        black_box(schema.validator().iter_errors(&value).count());
    });
    let is_valid = median(runs, || {
        black_box(schema.validator().is_valid(&value));
    });
    // Without a schema, validate converts the tree and scans for secrets only.
    let no_schema = median(runs, || {
        black_box(validate(doc, None, &Options::default()).unwrap());
    });
    let secrets = no_schema.saturating_sub(to_json);
    // Base validation = to_json + Model::read (once for secrets' fields) + secrets scan +
    // jsonschema + variables + reference checks + placing. What is not timed above is the
    // rest. (Variables are resolved in place, not on a copy of the value.)
    let rest = base_only.saturating_sub(to_json + model + secrets + jsonschema);
    let rows = vec![
        ("validate (all environments)", full),
        ("validate (base only)", base_only),
        ("  tree -> serde_json::Value (to_json)", to_json),
        ("  Model::read (components, references)", model),
        ("  secrets scan", secrets),
        ("  jsonschema iter_errors", jsonschema),
        ("  (jsonschema is_valid, for scale)", is_valid),
        ("  rest: reference checks, placing, variables", rest),
        (
            "environment overlays (all - base)",
            full.saturating_sub(base_only),
        ),
    ];
    for (name, d) in &rows {
        println!("  {name:<46} {:>12}", ms(*d));
    }
    rows
}
