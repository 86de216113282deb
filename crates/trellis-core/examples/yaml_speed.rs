//! Times the Trellis YAML parser against a reference YAML library on a generated ~10 MB
//! configuration file. Run with `cargo run --release -p trellis-core --example yaml_speed`.

use std::time::Instant;
use trellis_core::{Document, Format};

fn generate(target: usize) -> String {
    let mut out = String::from("# generated services\nservices:\n");
    let mut i = 0;
    while out.len() < target {
        out.push_str(&format!(
            "  svc{i}:\n    image: \"registry.example.com/team/app-{i}:1.{i}\"\n    restart: unless-stopped\n    ports:\n      - '{p}:80'\n      - {i}\n    environment:\n      NAME: service number {i}\n      DEBUG: false\n      RATIO: 0.{i}\n      EMPTY:\n    command: [\"run\", \"--port\", '{p}', --verbose]\n    labels: {{tier: backend, idx: {i}}}\n    healthcheck:\n      test: |\n        curl -f http://localhost/health\n        exit 0\n      interval: 30s  # every half minute\n",
            p = 8000 + i % 1000
        ));
        i += 1;
    }
    out
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let text = generate(10 * 1024 * 1024);
    let ours = best(5, || {
        Document::parse(text.clone(), Format::Yaml).expect("parses")
    });
    let reference = best(3, || {
        serde_yaml::from_str::<serde_yaml::Value>(&text).expect("parses")
    });
    println!(
        "{:.1} MB: trellis {:.1} ms, reference {:.1} ms, ratio {:.2}",
        text.len() as f64 / 1e6,
        ours * 1e3,
        reference * 1e3,
        ours / reference
    );
}
