//! The API key: kept in the operating system's keyring or read from an environment
//! variable, held in memory as an [`ApiKey`] whose `Debug` hides it, and never written to a
//! file or a log by this crate.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The environment variable read by default.
pub const DEFAULT_KEY_ENV: &str = "OPENAI_API_KEY";
/// The keyring service Trellis stores keys under.
pub const KEYRING_SERVICE: &str = "trellis";

/// An API key. It has no `Display`, its `Debug` prints `ApiKey(«hidden»)`, and it is not
/// serializable: the only way to the text is [`ApiKey::expose`], used to build the request.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// A key from its text; surrounding whitespace (a pasted newline) is dropped. `None` if
    /// nothing is left.
    pub fn new(text: impl Into<String>) -> Option<ApiKey> {
        let text = text.into();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            None
        } else if trimmed.len() == text.len() {
            Some(ApiKey(text))
        } else {
            Some(ApiKey(trimmed.to_string()))
        }
    }

    /// The key's text, for the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(«hidden»)")
    }
}

/// Where to find the key (the settings store this, never the key itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum KeySource {
    /// The server needs no key (a local Ollama, llama.cpp, LM Studio).
    None,
    /// The operating system's keyring.
    Keyring { service: String, account: String },
    /// An environment variable.
    Env { var: String },
}

impl KeySource {
    /// The keyring entry Trellis uses for `account` (e.g. the provider's name).
    pub fn keyring(account: impl Into<String>) -> KeySource {
        KeySource::Keyring {
            service: KEYRING_SERVICE.to_string(),
            account: account.into(),
        }
    }

    /// The variable [`DEFAULT_KEY_ENV`].
    pub fn default_env() -> KeySource {
        KeySource::Env {
            var: DEFAULT_KEY_ENV.to_string(),
        }
    }
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::None => write!(f, "no key"),
            KeySource::Keyring { service, account } => {
                write!(f, "the keyring entry {service}/{account}")
            }
            KeySource::Env { var } => write!(f, "the environment variable {var}"),
        }
    }
}

/// Why a key could not be read or stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The keyring cannot be used here (no secret service on the session bus, locked, no
    /// platform store built in).
    #[error("the system keyring is not available: {0}")]
    KeyringUnavailable(String),
    /// The keyring refused or failed an operation on an entry it has.
    #[error("the system keyring failed: {0}")]
    Keyring(String),
    /// No source gave a key: what each one said.
    #[error("no API key found: {}", .tried.join("; "))]
    Missing { tried: Vec<String> },
}

/// A place keys are kept: the system keyring, or a stand-in in tests.
pub trait KeyStore {
    /// The key stored for `service`/`account`; `Ok(None)` when there is no entry.
    fn get(&self, service: &str, account: &str) -> Result<Option<ApiKey>, KeyError>;
    fn set(&self, service: &str, account: &str, key: &ApiKey) -> Result<(), KeyError>;
    /// Removes the entry; removing one that is not there is not an error.
    fn delete(&self, service: &str, account: &str) -> Result<(), KeyError>;
}

/// The operating system's keyring through the `keyring` crate: the Secret Service over D-Bus
/// on Linux, the Keychain on macOS, the Credential Manager on Windows.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemKeyring;

fn keyring_error(e: keyring::Error) -> KeyError {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            KeyError::KeyringUnavailable(inner.to_string())
        }
        other => KeyError::Keyring(other.to_string()),
    }
}

fn entry(service: &str, account: &str) -> Result<keyring::Entry, KeyError> {
    keyring::Entry::new(service, account).map_err(keyring_error)
}

impl KeyStore for SystemKeyring {
    fn get(&self, service: &str, account: &str) -> Result<Option<ApiKey>, KeyError> {
        match entry(service, account)?.get_password() {
            Ok(text) => Ok(ApiKey::new(text)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, service: &str, account: &str, key: &ApiKey) -> Result<(), KeyError> {
        entry(service, account)?
            .set_password(key.expose())
            .map_err(keyring_error)
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), KeyError> {
        match entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

/// The key from the first of `sources` that has one. A keyring that is unavailable or has no
/// entry falls through to the next source. `Ok(None)` when the sources say no key is needed
/// (none given, or [`KeySource::None`] reached); otherwise, when nothing gave a key,
/// [`KeyError::Missing`] says what each source answered.
pub fn resolve_key(
    sources: &[KeySource],
    store: &dyn KeyStore,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ApiKey>, KeyError> {
    let mut tried = Vec::new();
    for source in sources {
        match source {
            KeySource::None => return Ok(None),
            KeySource::Keyring { service, account } => match store.get(service, account) {
                Ok(Some(key)) => return Ok(Some(key)),
                Ok(None) => tried.push(format!("{source}: no entry")),
                Err(e) => tried.push(format!("{source}: {e}")),
            },
            KeySource::Env { var } => match env(var).and_then(ApiKey::new) {
                Some(key) => return Ok(Some(key)),
                None => tried.push(format!("{source}: not set")),
            },
        }
    }
    if tried.is_empty() {
        Ok(None)
    } else {
        Err(KeyError::Missing { tried })
    }
}

/// [`resolve_key`] with the system keyring and the process environment.
pub fn resolve_key_from_system(sources: &[KeySource]) -> Result<Option<ApiKey>, KeyError> {
    resolve_key(sources, &SystemKeyring, &|var| std::env::var(var).ok())
}
