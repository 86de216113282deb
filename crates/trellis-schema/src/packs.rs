//! Schema packs: a JSON Schema with Trellis annotations, plus what selects it (file-name
//! patterns, `$schema` URLs) and how its values are written (variable interpolation,
//! environment overlays). The built-in packs live in `packs/` and are embedded at build time.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
}

/// How `${...}` references in string values are written, if the format has them.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Interpolation {
    /// No interpolation: `${...}` is literal text.
    #[default]
    None,
    /// `${VAR}` and `${VAR:default}`.
    AgentStack,
    /// Compose's shell-like forms: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
    /// `${VAR:?message}`, `${VAR?message}`, `$VAR`; `$$` is a literal `$`.
    Compose,
}

#[derive(Debug, Deserialize)]
struct Meta {
    id: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    schema_urls: Vec<String>,
    #[serde(default)]
    interpolation: Interpolation,
    /// Top-level key of environment overlays: `<key>.<env>.overrides` is merged over the base.
    #[serde(default)]
    overlays: Option<String>,
    /// How a secret is referenced instead of written: `NAME` stands for the variable.
    #[serde(default)]
    secret_reference: Option<String>,
}

#[derive(Debug)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    pub patterns: Vec<String>,
    pub schema_urls: Vec<String>,
    pub interpolation: Interpolation,
    pub overlays: Option<String>,
    pub secret_reference: String,
    pub schema: Value,
    globs: GlobSet,
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("pack {pack}: pack.toml: {message}")]
    Meta { pack: String, message: String },
    #[error("pack {pack}: schema: {message}")]
    Schema { pack: String, message: String },
    #[error("pack {pack}: pattern {pattern:?}: {message}")]
    Pattern {
        pack: String,
        pattern: String,
        message: String,
    },
}

impl Pack {
    pub fn from_sources(name: &str, meta: &str, schema: &str) -> Result<Pack, PackError> {
        let meta: Meta = toml::from_str(meta).map_err(|e| PackError::Meta {
            pack: name.into(),
            message: e.to_string(),
        })?;
        let schema: Value = serde_json::from_str(schema).map_err(|e| PackError::Schema {
            pack: name.into(),
            message: e.to_string(),
        })?;
        let mut builder = GlobSetBuilder::new();
        for pattern in &meta.patterns {
            builder.add(glob(pattern).map_err(|e| PackError::Pattern {
                pack: name.into(),
                pattern: pattern.clone(),
                message: e.to_string(),
            })?);
        }
        let globs = builder.build().map_err(|e| PackError::Pattern {
            pack: name.into(),
            pattern: String::new(),
            message: e.to_string(),
        })?;
        Ok(Pack {
            id: meta.id,
            title: meta.title,
            description: meta.description,
            patterns: meta.patterns,
            schema_urls: meta.schema_urls,
            interpolation: meta.interpolation,
            overlays: meta.overlays,
            secret_reference: meta.secret_reference.unwrap_or_else(|| "${NAME}".into()),
            schema,
            globs,
        })
    }

    /// Whether a file selects this pack by name. `relative` is its path inside the
    /// workspace (with `/` separators) when known; patterns with a `/` match against it.
    pub fn matches_path(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        self.globs.is_match(name) || self.globs.is_match(relative)
    }

    /// Whether a `$schema` value or modeline URL means this pack.
    pub fn matches_url(&self, url: &str) -> bool {
        let url = url.trim().trim_end_matches('#');
        url == self.id
            || self.schema.get("$id").and_then(Value::as_str) == Some(url)
            || self
                .schema_urls
                .iter()
                .any(|u| u.trim_end_matches('#') == url)
    }

    /// Whether the root of this pack's schema declares a top-level key, by name or pattern.
    fn declares(&self, key: &str) -> bool {
        self.schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(key))
            || self
                .schema
                .get("patternProperties")
                .and_then(Value::as_object)
                .is_some_and(|p| {
                    p.keys()
                        .any(|pattern| regex::Regex::new(pattern).is_ok_and(|r| r.is_match(key)))
                })
    }

    /// Whether a document with these top-level keys could be one of this pack's: its schema
    /// declares every key and every key it requires is there.
    fn admits(&self, keys: &[&str]) -> bool {
        let required = self
            .schema
            .get("required")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        keys.iter().all(|k| self.declares(k))
            && required
                .iter()
                .filter_map(Value::as_str)
                .all(|r| keys.contains(&r))
    }

    /// How to reference a secret held in the environment variable `name`.
    pub fn secret_reference(&self, name: &str) -> String {
        self.secret_reference.replace("NAME", name)
    }
}

/// Patterns match path segments literally: `*` does not cross `/`.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// The packs a session knows.
#[derive(Debug, Default)]
pub struct Packs {
    packs: Vec<Arc<Pack>>,
}

impl Packs {
    /// The packs built into Trellis. They are checked by tests; one that fails to load is a
    /// build defect, reported once on standard error and left out.
    pub fn builtin() -> &'static Packs {
        static PACKS: OnceLock<Packs> = OnceLock::new();
        PACKS.get_or_init(|| {
            let mut packs = Vec::new();
            for (name, meta, schema) in embedded::BUILTIN {
                match Pack::from_sources(name, meta, schema) {
                    Ok(pack) => packs.push(Arc::new(pack)),
                    Err(e) => eprintln!("trellis: built-in {e}"),
                }
            }
            Packs { packs }
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Pack>> {
        self.packs.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Pack>> {
        self.packs.iter().find(|p| p.id == id)
    }

    pub fn by_url(&self, url: &str) -> Option<&Arc<Pack>> {
        self.packs.iter().find(|p| p.matches_url(url))
    }

    /// The pack a document's top-level keys point to, for a file whose name says nothing: the
    /// one pack that admits all of them and declares one that no other pack does
    /// (`providers`, `services`, `jobs`, `receivers`). `name:` alone, or keys two packs share,
    /// point nowhere.
    pub fn by_keys(&self, keys: &[&str]) -> Option<&Arc<Pack>> {
        let mut admitting = self.packs.iter().filter(|p| {
            p.admits(keys)
                && keys.iter().any(|k| {
                    self.packs
                        .iter()
                        .all(|other| Arc::ptr_eq(other, p) || !other.declares(k))
                })
        });
        let pack = admitting.next()?;
        admitting.next().is_none().then_some(pack)
    }

    pub fn by_path(&self, relative: &Path) -> Option<&Arc<Pack>> {
        let relative = relative.to_string_lossy().replace('\\', "/");
        self.packs.iter().find(|p| p.matches_path(&relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_names_and_workspace_paths() {
        let pack = Pack::from_sources(
            "t",
            r#"id = "t"
title = "T"
patterns = ["compose.yaml", "docker-compose.*.yml", ".github/workflows/*.yml"]
schema_urls = ["https://example.com/s.json"]"#,
            r#"{"$id": "urn:trellis:pack:t"}"#,
        )
        .unwrap();
        assert!(pack.matches_path("compose.yaml"));
        assert!(pack.matches_path("deploy/compose.yaml"));
        assert!(pack.matches_path("docker-compose.prod.yml"));
        assert!(pack.matches_path(".github/workflows/ci.yml"));
        assert!(!pack.matches_path("ci.yml"));
        assert!(!pack.matches_path(".github/workflows/sub/ci.yml"));
        assert!(pack.matches_url("https://example.com/s.json"));
        assert!(pack.matches_url("urn:trellis:pack:t"));
        assert!(pack.matches_url("t"));
    }

    #[test]
    fn top_level_keys_point_to_one_pack() {
        let packs = Packs::builtin();
        let id = |keys: &[&str]| packs.by_keys(keys).map(|p| p.id.as_str());
        assert_eq!(
            id(&["version", "name", "providers", "models", "agents"]),
            Some("agent-stack")
        );
        assert_eq!(
            id(&["services", "volumes", "x-common"]),
            Some("docker-compose")
        );
        assert_eq!(id(&["name", "on", "jobs"]), Some("github-actions"));
        assert_eq!(
            id(&["receivers", "exporters", "service"]),
            Some("otel-collector")
        );
        // Keys several packs declare say nothing, nor does a key no pack declares.
        assert_eq!(id(&["name"]), None);
        assert_eq!(id(&["version", "models"]), None);
        assert_eq!(id(&["services", "agents"]), None);
        assert_eq!(id(&["apiVersion", "kind", "metadata"]), None);
        // A key a pack requires is missing.
        assert_eq!(id(&["providers", "agents"]), None);
        assert_eq!(id(&["jobs"]), None);
        assert_eq!(id(&[]), None);
    }

    #[test]
    fn every_builtin_pack_loads() {
        for (name, meta, schema) in embedded::BUILTIN {
            let pack = Pack::from_sources(name, meta, schema).unwrap();
            assert_eq!(&pack.id, name, "folder name and id agree");
        }
    }
}
