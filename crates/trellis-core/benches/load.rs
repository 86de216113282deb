//! Loading 10 MB documents with spans, side by side with plain `serde_yaml` / `serde_json`
//! parsing into their `Value` types. Run with `scripts/bench.sh`, which prints the ratios.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;
use trellis_core::{Document, Format};

const TARGET_BYTES: usize = 10 * 1024 * 1024;

/// A configuration-shaped YAML document: many services with nested maps, lists, quoted and
/// plain strings, numbers, booleans and comments.
fn yaml_document() -> String {
    let mut out = String::from("# generated benchmark document\nversion: 1\nservices:\n");
    let mut i: usize = 0;
    while out.len() < TARGET_BYTES {
        write!(
            out,
            "  service-{i}:\n    image: \"registry.example.com/team/app-{i}:1.{}.{}\"  # pinned\n    replicas: {}\n    enabled: {}\n    ratio: {}.25\n    command: [\"serve\", \"--port\", \"{}\"]\n    environment:\n      LOG_LEVEL: info\n      DATABASE_URL: postgres://user@db-{i}:5432/app\n      FEATURE_FLAGS: 'a,b,c'\n    ports:\n      - \"{}:80\"\n      - \"{}:443\"\n    depends_on:\n      - service-{}\n    labels: {{team: core, tier: backend}}\n    description: >\n      Service number {i} of the generated benchmark,\n      folded over two lines.\n\n",
            i % 10,
            i % 7,
            i % 5 + 1,
            i.is_multiple_of(2),
            i % 100,
            8000 + i % 1000,
            9000 + i % 1000,
            10000 + i % 1000,
            i.saturating_sub(1),
        )
        .unwrap();
        i += 1;
    }
    out
}

/// The same shape as JSON, pretty-printed.
fn json_document() -> String {
    let value: serde_json::Value = serde_yaml::from_str(&yaml_document()).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

fn load(c: &mut Criterion) {
    let yaml = yaml_document();
    let json = json_document();

    let mut group = c.benchmark_group("load-yaml-10MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(yaml.len() as u64));
    group.bench_function("trellis", |b| {
        b.iter(|| Document::parse(black_box(yaml.clone()), Format::Yaml).unwrap())
    });
    group.bench_function("serde_yaml", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&yaml)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("load-json-10MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("trellis", |b| {
        b.iter(|| Document::parse(black_box(json.clone()), Format::Json).unwrap())
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
