//! One edit of a 10,000-line document, per format: setting a scalar, and adding then removing
//! a map entry (one iteration = both, so the document stays the same size). `Document::apply`
//! re-parses only the part an edit touches (the scalar, or the enclosing collection); "full
//! parse" is what every edit used to cost at least. `cargo bench -p trellis-core --bench edit`.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::fmt::Write;
use std::hint::black_box;
use trellis_core::{Document, EditOp, Format, Pointer};

const SERVICES: usize = 1_000;

/// About 10 lines per service.
fn yaml_document() -> String {
    let mut out = String::from("# generated\nversion: 1\nservices:\n");
    for i in 0..SERVICES {
        write!(
            out,
            "  service-{i}:\n    image: \"registry.example.com/app-{i}:1.{}\"  # pinned\n    replicas: {}\n    temperature: 0.{}\n    enabled: true\n    command: [\"serve\", \"--port\", \"{}\"]\n    environment:\n      LOG_LEVEL: info\n      URL: postgres://db-{i}:5432/app\n    labels: {{team: core, tier: backend}}\n",
            i % 10,
            i % 5 + 1,
            i % 10,
            8000 + i,
        )
        .unwrap();
    }
    out
}

fn converted(format: Format) -> String {
    let value: serde_json::Value = serde_yaml::from_str(&yaml_document()).unwrap();
    match format {
        Format::Yaml => yaml_document(),
        Format::Json => serde_json::to_string_pretty(&value).unwrap(),
        Format::Toml => {
            // TOML: one [services.service-N] table each.
            let mut out = String::from("version = 1\n");
            for i in 0..SERVICES {
                write!(
                    out,
                    "\n[services.service-{i}]\nimage = \"registry.example.com/app-{i}:1.{}\"  # pinned\nreplicas = {}\ntemperature = 0.{}\nenabled = true\ncommand = [\"serve\", \"--port\", \"{}\"]\nenvironment = {{ LOG_LEVEL = \"info\", URL = \"postgres://db-{i}:5432/app\" }}\n",
                    i % 10,
                    i % 5 + 1,
                    i % 10,
                    8000 + i,
                )
                .unwrap();
            }
            out
        }
    }
}

fn edit(c: &mut Criterion) {
    for format in [Format::Yaml, Format::Json, Format::Toml] {
        let text = converted(format);
        let mut group = c.benchmark_group(format!(
            "edit-{}-{}-lines",
            format.name(),
            text.lines().count()
        ));
        group.sample_size(30);
        group.bench_function("full parse", |b| {
            b.iter(|| Document::parse(black_box(text.clone()), format).unwrap())
        });
        let mut doc = Document::parse(text.clone(), format).unwrap();
        let mut i = 0usize;
        group.bench_function("set scalar", |b| {
            b.iter(|| {
                i += 1;
                let op = EditOp::Set {
                    path: Pointer::parse(&format!(
                        "/services/service-{}/temperature",
                        i * 7 % SERVICES
                    ))
                    .unwrap(),
                    value: json!((i % 19) as f64 / 10.0),
                };
                doc.apply(&op).unwrap()
            })
        });
        group.bench_function("add + remove entry", |b| {
            b.iter(|| {
                i += 1;
                let path = Pointer::parse(&format!("/services/service-{}/extra", i * 7 % SERVICES))
                    .unwrap();
                doc.apply(&EditOp::Add {
                    path: path.clone(),
                    value: json!("value"),
                })
                .unwrap();
                doc.apply(&EditOp::Remove { path }).unwrap()
            })
        });
        group.bench_function("undo + redo", |b| {
            b.iter(|| {
                assert!(doc.undo());
                assert!(doc.redo());
            })
        });
        group.finish();
    }
}

criterion_group!(benches, edit);
criterion_main!(benches);
