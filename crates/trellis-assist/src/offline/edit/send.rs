//! Data sent somewhere said by where it goes: "we also want logs going to loki at
//! http://loki:3100/otlp", "could traces also go to honeycomb? endpoint is
//! api.honeycomb.io:443", "send the metrics to prometheus remote write at http://mimir…".
//!
//! In a document with pipelines of signals and exporters to send them, an address the
//! request gives that no exporter has yet is a new exporter, added to the one pipeline of
//! the signal the request names. Its type follows from how it is reached (remote write;
//! OTLP over HTTP for a URL; OTLP over gRPC for a host and port) and its name from the
//! host. It is added the way "add an otlphttp exporter called loki with endpoint … to the
//! logs pipeline" is, so the same checks hold.

use super::*;

/// Signal words and the pipeline names they stand for.
const SIGNALS: &[(&[&str], &str)] = &[
    (&["traces", "trace", "spans", "tracing"], "traces"),
    (&["metrics", "metric"], "metrics"),
    (&["logs", "log", "logging"], "logs"),
];

pub(crate) fn said_destination(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let exporter = scene.kind("exporter")?;
    scene.kind("pipeline")?;
    if a.has(&["not", "dont", "don't", "never", "stop", "remove", "instead"]) {
        return None;
    }
    // The address: one, written by the request.
    let endpoint = super::add::said_address(a)?;
    // One no exporter sends to yet.
    let known = scene.of_kind("exporter").any(|(i, _)| {
        scene
            .value_of(i)
            .and_then(|v| v.get("endpoint"))
            .and_then(Value::as_str)
            .is_some_and(|e| e.trim_end_matches('/') == endpoint.trim_end_matches('/'))
    });
    if known {
        return None;
    }
    // The one pipeline of the signal said.
    let signals: Vec<&str> = SIGNALS
        .iter()
        .filter(|(words, _)| a.has(words))
        .map(|(_, s)| *s)
        .collect();
    let [signal] = signals.as_slice() else {
        return None;
    };
    let pipelines: Vec<&str> = scene
        .of_kind("pipeline")
        .map(|(_, c)| c.name.as_str())
        .filter(|n| n.split('/').next() == Some(*signal))
        .collect();
    let [pipeline] = pipelines.as_slice() else {
        return None;
    };
    let remote_write = a.has(&["remotewrite", "remote_write"])
        || (a.has(&["remote"]) && a.has(&["write", "writes"]));
    let kind_name = if remote_write {
        "prometheusremotewrite"
    } else if endpoint.contains("://") {
        "otlphttp"
    } else {
        "otlp"
    };
    if !exporter.variants.iter().any(|v| v == kind_name) {
        return None;
    }
    let name = host_name(&endpoint)?;
    let text = format!(
        "add an {kind_name} exporter called {name} with endpoint {endpoint} to the {pipeline} pipeline"
    );
    let reply = super::respond(&Analysis::new(&text, scene, &[]), scene)?;
    crate::offline::trace(|| format!("destination: {text:?}: {:?}", reply.kind));
    (reply.kind == ReplyKind::Proposal).then_some(reply)
}

/// A name for what is at an address: its host's own label (`loki` for
/// `http://loki:3100/otlp`, `honeycomb` for `api.honeycomb.io:443`).
fn host_name(endpoint: &str) -> Option<String> {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let host = rest.split(['/', ':']).next()?;
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let label = match labels.as_slice() {
        [] => return None,
        [one] => *one,
        // An IP address says nothing: the type names it.
        _ if labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit())) => return None,
        more => more[more.len() - 2],
    };
    let name: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_lowercase();
    (!name.is_empty() && name != "localhost").then_some(name)
}
