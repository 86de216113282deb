//! Loading and compiling schemas: [`Schema`] is a compiled JSON Schema (any draft from 4 to
//! 2020-12, detected from `$schema`, 2020-12 when absent) with its walk and, when it came
//! from a pack, the pack.
//!
//! Safety of compiling someone else's schema:
//! - `$ref` never reaches the network unless [`LoadOptions::allow_network`] is set, and never
//!   reads files other than those in the schema's own folder (and below it).
//! - `pattern` and `patternProperties` run on the `regex` crate's linear-time engine, so no
//!   pattern can take exponential time; a pattern it cannot compile (lookaround,
//!   backreferences) makes the schema unusable with a message saying which.

use crate::packs::Pack;
use crate::walk::SchemaWalk;
use jsonschema::{PatternOptions, Retrieve, Uri};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Largest schema file or fetched schema accepted, in bytes.
pub const MAX_SCHEMA_BYTES: u64 = 16 * 1024 * 1024;

/// Where a schema came from, for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Pack(String),
    File(PathBuf),
    Url(String),
    /// Given directly (tests, the app's "use this schema" with pasted text).
    Inline(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Pack(id) => write!(f, "pack {id}"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Url(url) => f.write_str(url),
            Origin::Inline(name) => f.write_str(name),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Let `$ref` fetch `http(s)` URLs. Off unless the user turns it on.
    pub allow_network: bool,
    /// Extra documents `$ref` may name, by URI (without fragment).
    pub resources: HashMap<String, Value>,
    /// Treat `format` as an annotation only, as the JSON Schema specification's default does.
    /// Trellis checks formats (email, uri, date-time, ipv4, ...) unless this is set.
    pub formats_as_annotations: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{origin}: cannot read the schema: {message}")]
    Read { origin: String, message: String },
    #[error("{origin}: the schema is not valid JSON: {message}")]
    Json { origin: String, message: String },
    #[error("{origin}: unusable schema: {message}")]
    Compile { origin: String, message: String },
}

/// A compiled schema, ready to validate any number of documents.
pub struct Schema {
    pub origin: Origin,
    pub pack: Option<Arc<Pack>>,
    validator: jsonschema::Validator,
    walk: SchemaWalk,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Schema {
    pub fn from_pack(pack: Arc<Pack>, options: &LoadOptions) -> Result<Schema, SchemaError> {
        let origin = Origin::Pack(pack.id.clone());
        let mut schema = Schema::compile(pack.schema.clone(), origin, None, options)?;
        schema.pack = Some(pack);
        Ok(schema)
    }

    /// Reads and compiles a schema file (JSON, or YAML/TOML holding the JSON Schema model).
    pub fn from_file(path: &Path, options: &LoadOptions) -> Result<Schema, SchemaError> {
        let origin = Origin::File(path.to_path_buf());
        let read_err = |message: String| SchemaError::Read {
            origin: path.display().to_string(),
            message,
        };
        let bytes = read_limited(path).map_err(read_err)?;
        let value = parse_schema_bytes(path, &bytes).map_err(|message| SchemaError::Json {
            origin: path.display().to_string(),
            message,
        })?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        Schema::compile(value, origin, Some(&absolute), options)
    }

    /// Fetches and compiles a schema by URL. Only with network access allowed.
    pub fn from_url(url: &str, options: &LoadOptions) -> Result<Schema, SchemaError> {
        let value = fetch(url, options.allow_network).map_err(|message| SchemaError::Read {
            origin: url.to_string(),
            message,
        })?;
        Schema::compile(value, Origin::Url(url.to_string()), None, options)
    }

    /// Compiles a schema value. `file` is where it was read from, for resolving references to
    /// files beside it.
    pub fn compile(
        value: Value,
        origin: Origin,
        file: Option<&Path>,
        options: &LoadOptions,
    ) -> Result<Schema, SchemaError> {
        let retriever = Retriever {
            folder: file.and_then(Path::parent).map(Path::to_path_buf),
            id_base: value
                .get("$id")
                .or_else(|| value.get("id"))
                .and_then(Value::as_str)
                .map(|id| id[..id.rfind('/').map_or(0, |i| i + 1)].to_string()),
            allow_network: options.allow_network,
            resources: options.resources.clone(),
        };
        let mut builder = jsonschema::options()
            .should_validate_formats(!options.formats_as_annotations)
            .with_pattern_options(PatternOptions::regex())
            .with_retriever(retriever);
        if let Some(file) = file {
            if value.get("$id").is_none() && value.get("id").is_none() {
                builder = builder.with_base_uri(file_uri(file));
            }
        }
        let validator = builder.build(&value).map_err(|e| SchemaError::Compile {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        Ok(Schema {
            origin,
            pack: None,
            validator,
            walk: SchemaWalk::new(value),
        })
    }

    pub fn validator(&self) -> &jsonschema::Validator {
        &self.validator
    }

    pub fn walk(&self) -> &SchemaWalk {
        &self.walk
    }

    pub fn json(&self) -> &Value {
        self.walk.root()
    }

    /// A short name for the status bar and reports.
    pub fn name(&self) -> String {
        if let Some(pack) = &self.pack {
            return pack.title.clone();
        }
        if let Some(title) = self.json().get("title").and_then(Value::as_str) {
            return title.to_string();
        }
        match &self.origin {
            Origin::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            other => other.to_string(),
        }
    }
}

fn parse_schema_bytes(path: &Path, bytes: &[u8]) -> Result<Value, String> {
    let format = trellis_core::Format::from_path(path).unwrap_or(trellis_core::Format::Json);
    let doc = trellis_core::Document::from_bytes(bytes, format).map_err(|e| e.to_string())?;
    Ok(doc.value())
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_SCHEMA_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SCHEMA_BYTES {
        return Err(format!("larger than {MAX_SCHEMA_BYTES} bytes"));
    }
    Ok(bytes)
}

fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for segment in path.to_string_lossy().split('/') {
        if segment.is_empty() {
            continue;
        }
        uri.push('/');
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                uri.push(b as char);
            } else {
                uri.push_str(&format!("%{b:02X}"));
            }
        }
    }
    uri
}

fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    Some(PathBuf::from(crate::walk::percent_decode(rest)))
}

/// Resolves `$ref`s that leave the schema document, under Trellis's rules.
struct Retriever {
    /// The schema file's folder: files in it (and below) may be read.
    folder: Option<PathBuf>,
    /// The schema's `$id` up to its last `/`: references under it map to files beside the
    /// schema, so `"$id": "https://example.com/a.json"` can `$ref` `"b.json"` offline.
    id_base: Option<String>,
    allow_network: bool,
    resources: HashMap<String, Value>,
}

impl Retrieve for Retriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let full = uri.as_str();
        let target = full.split('#').next().unwrap_or(full);
        if let Some(value) = self.resources.get(target) {
            return Ok(value.clone());
        }
        if let Some(path) = uri_path(target) {
            return self.read_beside(&path);
        }
        if let (Some(base), Some(folder)) = (&self.id_base, &self.folder) {
            if let Some(relative) = target.strip_prefix(base.as_str()) {
                if !base.is_empty() && !relative.is_empty() {
                    return self.read_beside(&folder.join(relative));
                }
            }
        }
        if target.starts_with("http://") || target.starts_with("https://") {
            if !self.allow_network {
                return Err(format!(
                    "{target} is not fetched: network access for schemas is off (allow it in the workspace settings or with --allow-network)"
                )
                .into());
            }
            return fetch(target, true).map_err(Into::into);
        }
        Err(format!(
            "{target} cannot be resolved: it is neither beside the schema nor a known schema"
        )
        .into())
    }
}

impl Retriever {
    fn read_beside(&self, path: &Path) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let Some(folder) = &self.folder else {
            return Err(format!(
                "{} is not read: only files beside a schema file may be referenced",
                path.display()
            )
            .into());
        };
        let canonical_folder = folder.canonicalize()?;
        let canonical = path
            .canonicalize()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !canonical.starts_with(&canonical_folder) {
            return Err(format!(
                "{} is not read: schema references may only name files in {}",
                path.display(),
                folder.display()
            )
            .into());
        }
        let bytes = read_limited(&canonical)?;
        Ok(parse_schema_bytes(&canonical, &bytes)?)
    }
}

fn fetch(url: &str, allow_network: bool) -> Result<Value, String> {
    if !allow_network {
        return Err("network access for schemas is off (allow it in the workspace settings or with --allow-network)".into());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    let text = response
        .body_mut()
        .with_config()
        .limit(MAX_SCHEMA_BYTES)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: &Schema, instance: &Value) -> Vec<String> {
        schema
            .validator()
            .iter_errors(instance)
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn drafts_are_detected_and_formats_checked() {
        let opts = LoadOptions::default();
        let s4 = Schema::compile(
            json!({"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 5, "exclusiveMaximum": true}),
            Origin::Inline("t".into()),
            None,
            &opts,
        )
        .unwrap();
        assert_eq!(
            errors(&s4, &json!(5)).len(),
            1,
            "draft 4 boolean exclusiveMaximum"
        );
        let s = Schema::compile(
            json!({"format": "email"}),
            Origin::Inline("t".into()),
            None,
            &opts,
        )
        .unwrap();
        assert_eq!(errors(&s, &json!("not an email")).len(), 1);
        assert!(errors(&s, &json!("a@example.com")).is_empty());
    }

    #[test]
    fn network_refs_are_refused_by_default() {
        let err = Schema::compile(
            json!({"$ref": "https://example.com/elsewhere.json"}),
            Origin::Inline("t".into()),
            None,
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("network access for schemas is off"),
            "{err}"
        );
    }

    #[test]
    fn catastrophic_patterns_run_in_linear_time() {
        let s = Schema::compile(
            json!({"pattern": "^(a+)+$"}),
            Origin::Inline("t".into()),
            None,
            &LoadOptions::default(),
        )
        .unwrap();
        let evil = format!("{}!", "a".repeat(100_000));
        let started = std::time::Instant::now();
        assert_eq!(errors(&s, &json!(evil)).len(), 1);
        // A backtracking engine needs longer than the universe has; linear time is instant.
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn files_beside_the_schema_resolve_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("schemas");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("name.json"), r#"{"type": "string"}"#).unwrap();
        std::fs::write(dir.path().join("secret.json"), r#"{"type": "string"}"#).unwrap();
        std::fs::write(
            inner.join("main.json"),
            r#"{"properties": {"n": {"$ref": "name.json"}}}"#,
        )
        .unwrap();
        std::fs::write(inner.join("escape.json"), r#"{"$ref": "../secret.json"}"#).unwrap();
        let opts = LoadOptions::default();
        let main = Schema::from_file(&inner.join("main.json"), &opts).unwrap();
        assert_eq!(errors(&main, &json!({"n": 1})).len(), 1);
        let err = Schema::from_file(&inner.join("escape.json"), &opts).unwrap_err();
        assert!(err.to_string().contains("may only name files in"), "{err}");
    }

    #[test]
    fn lookaround_patterns_are_an_unusable_schema_not_a_panic() {
        let err = Schema::compile(
            json!({"pattern": "^(?!x)"}),
            Origin::Inline("t".into()),
            None,
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, SchemaError::Compile { .. }), "{err}");
    }
}
