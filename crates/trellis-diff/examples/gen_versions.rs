//! Writes pairs of YAML versions for the diff benchmark (`scripts/bench-diff.sh`):
//! `{1mb,10mb}-old.yaml` and `{1mb,10mb}-{0.1,1,100}pct.yaml`, the new versions with that
//! share of their lines changed. Deterministic: the same files on every run.
//!
//! Usage: cargo run --release -p trellis-diff --example gen_versions -- OUT_DIR

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (64-bit LCG), so the files never change between runs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// A Compose-like file of `services` services (about 420 bytes each).
fn document(services: usize, key_suffix: &str, value_suffix: &str) -> String {
    let mut out = String::from("# Generated services for the diff benchmark\nservices:\n");
    for i in 0..services {
        let s = key_suffix;
        let v = value_suffix;
        let _ = write!(
            out,
            "  svc-{i:05}{s}:\n    image{s}: registry.example.com/team/svc-{i:05}:1.{}.{}{v}\n    restart{s}: unless-stopped{v}\n    environment{s}:\n      LOG_LEVEL{s}: info{v}\n      PORT{s}: \"{}{v}\"\n      REPLICAS{s}: \"{}{v}\"\n    ports{s}:\n      - \"{}:8080{v}\"\n    depends_on{s}:\n      - svc-{:05}{s}\n    labels{s}:\n      owner{s}: team-{}{v}\n      tier{s}: {}{v}\n",
            i % 7,
            i % 13,
            8000 + i % 1000,
            1 + i % 5,
            10000 + i,
            i.saturating_sub(1),
            i % 9,
            ["web", "api", "worker", "batch"][i % 4],
        );
    }
    out
}

/// `text` with `share` of its lines changed: value lines get a new value (the structure
/// stays); lines without a value are left as they are, and more value lines are changed
/// instead, so the share holds for the file as a whole.
fn change_lines(text: &str, share: f64, seed: u64) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let target = ((lines.len() as f64) * share).round() as usize;
    let candidates: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            (t.contains(": ") || t.starts_with("- ")) && !t.starts_with('#')
        })
        .map(|(i, _)| i)
        .collect();
    let mut rng = Lcg(seed);
    let mut chosen = vec![false; lines.len()];
    let mut n = 0;
    while n < target.min(candidates.len()) {
        let i = candidates[(rng.next() as usize) % candidates.len()];
        if !chosen[i] {
            chosen[i] = true;
            n += 1;
        }
    }
    let mut out = String::with_capacity(text.len() + target * 4);
    for (i, line) in lines.iter().enumerate() {
        if chosen[i] {
            // Change the value, keeping YAML valid: quoted values stay quoted.
            if let Some(stripped) = line.strip_suffix('"') {
                let _ = writeln!(out, "{stripped}-v2\"");
            } else {
                let _ = writeln!(out, "{line}-v2");
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/bench-diff".into()),
    );
    std::fs::create_dir_all(&dir).expect("create the output folder");
    for (name, services) in [("1mb", 2_500), ("10mb", 25_000)] {
        let old = document(services, "", "");
        std::fs::write(dir.join(format!("{name}-old.yaml")), &old).expect("write");
        for (label, share) in [("0.1pct", 0.001), ("1pct", 0.01)] {
            let new = change_lines(&old, share, services as u64);
            std::fs::write(dir.join(format!("{name}-{label}.yaml")), new).expect("write");
        }
        // Every line different: every key and every value renamed.
        let all = document(services, "_x", "-v2");
        std::fs::write(dir.join(format!("{name}-100pct.yaml")), all).expect("write");
        println!(
            "{name}: {} lines, {:.1} MB",
            old.lines().count(),
            old.len() as f64 / 1e6
        );
    }
}
