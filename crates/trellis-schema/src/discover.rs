//! Which schema a document uses. In order: the user's explicit choice (`--schema`, the app's
//! picker); a `$schema` key in the document; a modeline comment
//! (`# yaml-language-server: $schema=...` in YAML, `#:schema ...` in TOML); the workspace's
//! mapping in `.trellis/settings.toml`; a pack whose file-name patterns match; the one pack the
//! document's top-level keys point to.

use crate::packs::Packs;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trellis_core::Format;

/// A schema named by the user or the document, not loaded yet.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SchemaRef {
    Pack(String),
    File(PathBuf),
    Url(String),
}

impl std::fmt::Display for SchemaRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaRef::Pack(id) => write!(f, "pack {id}"),
            SchemaRef::File(p) => write!(f, "{}", p.display()),
            SchemaRef::Url(u) => f.write_str(u),
        }
    }
}

/// How the schema was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Explicit,
    SchemaKey,
    Modeline,
    Settings,
    Pattern,
    Content,
}

impl Via {
    pub fn describe(self) -> &'static str {
        match self {
            Via::Explicit => "chosen",
            Via::SchemaKey => "from the document's $schema",
            Via::Modeline => "from the document's schema comment",
            Via::Settings => "from .trellis/settings.toml",
            Via::Pattern => "from the file name",
            Via::Content => "from the document's top-level keys",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovery {
    pub schema: SchemaRef,
    pub via: Via,
}

/// Reads a schema reference: a pack id or a URL a pack claims, an `http(s)` URL, a `file:`
/// URL, or a path (relative to `base`).
pub fn interpret(reference: &str, base: Option<&Path>, packs: &Packs) -> SchemaRef {
    let reference = reference.trim();
    if let Some(pack) = packs.get(reference).or_else(|| packs.by_url(reference)) {
        return SchemaRef::Pack(pack.id.clone());
    }
    if reference.starts_with("http://") || reference.starts_with("https://") {
        return SchemaRef::Url(reference.to_string());
    }
    let path = reference.strip_prefix("file://").unwrap_or(reference);
    let path = Path::new(path);
    match base {
        Some(base) if path.is_relative() => SchemaRef::File(base.join(path)),
        _ => SchemaRef::File(path.to_path_buf()),
    }
}

/// The workspace's Trellis settings (`.trellis/settings.toml`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// File glob (relative to the workspace) to schema reference.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
    #[serde(default)]
    pub validation: ValidationSettings,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationSettings {
    /// Allow `$ref` and `$schema` URLs to be fetched over the network.
    #[serde(default)]
    pub allow_network: bool,
}

impl Settings {
    pub const PATH: &'static str = ".trellis/settings.toml";

    /// Reads the settings of a workspace; a workspace without the file has defaults.
    pub fn load(workspace: &Path) -> Result<Settings, String> {
        let path = workspace.join(Settings::PATH);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    fn schema_for(&self, relative: &str) -> Option<&str> {
        self.schemas.iter().find_map(|(pattern, schema)| {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .ok()?;
            glob.compile_matcher()
                .is_match(relative)
                .then_some(schema.as_str())
        })
    }
}

/// What discovery looks at.
pub struct Subject<'a> {
    /// The document's path inside the workspace (`/` separators), or its file name.
    pub relative: &'a str,
    /// The folder the document is in, for relative `$schema` paths.
    pub folder: Option<&'a Path>,
    pub format: Format,
    pub text: &'a str,
    /// The document's top-level `$schema` string, if it has one.
    pub schema_key: Option<&'a str>,
    /// The document's top-level keys.
    pub keys: &'a [&'a str],
}

/// Finds the schema for a document, or `None` when nothing names one.
pub fn discover(
    subject: &Subject<'_>,
    explicit: Option<&str>,
    settings: Option<(&Settings, &Path)>,
    packs: &Packs,
) -> Option<Discovery> {
    let found = |reference: &str, base: Option<&Path>, via| Discovery {
        schema: interpret(reference, base, packs),
        via,
    };
    if let Some(reference) = explicit {
        return Some(found(reference, None, Via::Explicit));
    }
    if let Some(reference) = subject.schema_key {
        return Some(found(reference, subject.folder, Via::SchemaKey));
    }
    if let Some(reference) = modeline(subject.text, subject.format) {
        return Some(found(&reference, subject.folder, Via::Modeline));
    }
    if let Some((settings, root)) = settings {
        if let Some(reference) = settings.schema_for(subject.relative) {
            return Some(found(reference, Some(root), Via::Settings));
        }
    }
    let pack = |pack: &std::sync::Arc<crate::Pack>, via| Discovery {
        schema: SchemaRef::Pack(pack.id.clone()),
        via,
    };
    packs
        .by_path(Path::new(subject.relative))
        .map(|p| pack(p, Via::Pattern))
        .or_else(|| packs.by_keys(subject.keys).map(|p| pack(p, Via::Content)))
}

/// The schema a comment names: `# yaml-language-server: $schema=<ref>` in YAML (any comment
/// line), `#:schema <ref>` in TOML (a comment line before the first key).
pub fn modeline(text: &str, format: Format) -> Option<String> {
    match format {
        Format::Yaml => text.lines().find_map(|line| {
            let comment = line.trim_start().strip_prefix('#')?.trim_start();
            let rest = comment.strip_prefix("yaml-language-server:")?.trim_start();
            let reference = rest.strip_prefix("$schema=")?.trim();
            (!reference.is_empty()).then(|| reference.to_string())
        }),
        Format::Toml => {
            for line in text.lines() {
                let t = line.trim();
                if t.is_empty() {
                    continue;
                }
                if let Some(reference) = t.strip_prefix("#:schema") {
                    let reference = reference.trim();
                    return (!reference.is_empty()).then(|| reference.to_string());
                }
                if !t.starts_with('#') {
                    return None;
                }
            }
            None
        }
        Format::Json => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines() {
        assert_eq!(
            modeline(
                "# yaml-language-server: $schema=./s.json\na: 1\n",
                Format::Yaml
            ),
            Some("./s.json".into())
        );
        assert_eq!(modeline("# just a comment\na: 1", Format::Yaml), None);
        assert_eq!(
            modeline("#:schema ./s.json\n[a]\n", Format::Toml),
            Some("./s.json".into())
        );
        assert_eq!(modeline("a = 1\n#:schema ./s.json\n", Format::Toml), None);
    }

    #[test]
    fn order_of_discovery() {
        let packs = Packs::default();
        let folder = Path::new("/w/sub");
        let subject = Subject {
            relative: "sub/x.yaml",
            folder: Some(folder),
            format: Format::Yaml,
            text: "# yaml-language-server: $schema=modeline.json\n",
            schema_key: Some("key.json"),
            keys: &["services"],
        };
        let d = discover(&subject, Some("/abs/explicit.json"), None, &packs).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (SchemaRef::File("/abs/explicit.json".into()), Via::Explicit)
        );
        let d = discover(&subject, None, None, &packs).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (SchemaRef::File("/w/sub/key.json".into()), Via::SchemaKey)
        );
        let no_key = Subject {
            schema_key: None,
            ..subject
        };
        let d = discover(&no_key, None, None, &packs).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (
                SchemaRef::File("/w/sub/modeline.json".into()),
                Via::Modeline
            )
        );
        let settings: Settings =
            toml::from_str("[schemas]\n\"sub/*.yaml\" = \"schemas/s.json\"\n").unwrap();
        let plain = Subject { text: "", ..no_key };
        let d = discover(&plain, None, Some((&settings, Path::new("/w"))), &packs).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (SchemaRef::File("/w/schemas/s.json".into()), Via::Settings)
        );
        assert_eq!(discover(&plain, None, None, &packs), None);
        // The built-in packs: a file name a pack claims, else the document's top-level keys.
        let builtin = Packs::builtin();
        let d = discover(&plain, None, None, builtin).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (SchemaRef::Pack("docker-compose".into()), Via::Content)
        );
        let named = Subject {
            relative: "sub/agents.yaml",
            ..plain
        };
        let d = discover(&named, None, None, builtin).unwrap();
        assert_eq!(
            (d.schema, d.via),
            (SchemaRef::Pack("agent-stack".into()), Via::Pattern)
        );
        let unknown = Subject {
            keys: &["kind"],
            ..plain
        };
        assert_eq!(discover(&unknown, None, None, builtin), None);
        let url = interpret("https://example.com/s.json", None, &packs);
        assert_eq!(url, SchemaRef::Url("https://example.com/s.json".into()));
    }
}
