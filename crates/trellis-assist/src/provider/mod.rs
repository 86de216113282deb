//! Providers that talk to a model over the network: the OpenAI-compatible chat-completions
//! client, the secrets that never leave the machine (placeholders, the API key), and the
//! server-sent-events parser under the stream.

mod functions;
mod key;
mod openai;
mod redact;
mod sse;

pub use key::{
    resolve_key, resolve_key_from_system, ApiKey, KeyError, KeySource, KeyStore, SystemKeyring,
    DEFAULT_KEY_ENV, KEYRING_SERVICE,
};
pub use openai::{OpenAiConfig, OpenAiProvider, RetryPolicy, DEFAULT_SYSTEM_PROMPT};
pub use redact::Redactor;
