//! The words the engine knows besides those it reads from the schema and the document:
//! verbs, question words, quantifiers, common words that are never typo-corrected, other
//! names for component variants, and what a model identifier says about its provider.

/// What a verb asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    Add,
    Remove,
    Rename,
    Connect,
    Disconnect,
    Set,
    Enable,
    Disable,
    Fix,
    Use,
    Give,
    Let,
    Delegate,
    Depend,
    Make,
    Describe,
    Explain,
    List,
    Validate,
    Help,
}

pub(crate) const VERBS: &[(&str, Verb)] = &[
    ("add", Verb::Add),
    ("ad", Verb::Add),
    ("create", Verb::Add),
    ("insert", Verb::Add),
    ("include", Verb::Add),
    ("introduce", Verb::Add),
    ("append", Verb::Add),
    ("register", Verb::Add),
    ("build", Verb::Add),
    ("generate", Verb::Add),
    ("scaffold", Verb::Add),
    ("bootstrap", Verb::Add),
    ("initialize", Verb::Add),
    ("initialise", Verb::Add),
    ("start", Verb::Add),
    ("apply", Verb::Add),
    ("put", Verb::Add),
    ("equip", Verb::Add),
    ("remove", Verb::Remove),
    ("delete", Verb::Remove),
    ("drop", Verb::Remove),
    ("ditch", Verb::Remove),
    ("scrap", Verb::Remove),
    ("nuke", Verb::Remove),
    ("erase", Verb::Remove),
    ("eliminate", Verb::Remove),
    ("discard", Verb::Remove),
    ("purge", Verb::Remove),
    ("rm", Verb::Remove),
    ("del", Verb::Remove),
    ("destroy", Verb::Remove),
    ("wipe", Verb::Remove),
    ("clear", Verb::Remove),
    ("unset", Verb::Remove),
    ("reset", Verb::Remove),
    ("rename", Verb::Rename),
    ("connect", Verb::Connect),
    ("link", Verb::Connect),
    ("wire", Verb::Connect),
    ("attach", Verb::Connect),
    ("hook", Verb::Connect),
    ("plug", Verb::Connect),
    ("assign", Verb::Connect),
    ("bind", Verb::Connect),
    ("associate", Verb::Connect),
    ("point", Verb::Connect),
    ("route", Verb::Connect),
    ("disconnect", Verb::Disconnect),
    ("unlink", Verb::Disconnect),
    ("detach", Verb::Disconnect),
    ("unwire", Verb::Disconnect),
    ("unhook", Verb::Disconnect),
    ("unplug", Verb::Disconnect),
    ("unassign", Verb::Disconnect),
    ("unbind", Verb::Disconnect),
    ("dissociate", Verb::Disconnect),
    ("set", Verb::Set),
    ("change", Verb::Set),
    ("update", Verb::Set),
    ("adjust", Verb::Set),
    ("modify", Verb::Set),
    ("configure", Verb::Set),
    ("raise", Verb::Set),
    ("lower", Verb::Set),
    ("increase", Verb::Set),
    ("decrease", Verb::Set),
    ("reduce", Verb::Set),
    ("bump", Verb::Set),
    ("tweak", Verb::Set),
    ("edit", Verb::Set),
    ("alter", Verb::Set),
    ("switch", Verb::Set),
    ("swap", Verb::Set),
    ("replace", Verb::Set),
    ("substitute", Verb::Set),
    ("exchange", Verb::Set),
    ("enable", Verb::Enable),
    ("activate", Verb::Enable),
    ("disable", Verb::Disable),
    ("deactivate", Verb::Disable),
    ("fix", Verb::Fix),
    ("repair", Verb::Fix),
    ("clamp", Verb::Fix),
    ("resolve", Verb::Fix),
    ("correct", Verb::Fix),
    ("autofix", Verb::Fix),
    ("heal", Verb::Fix),
    ("use", Verb::Use),
    ("uses", Verb::Use),
    ("using", Verb::Use),
    ("utilize", Verb::Use),
    ("utilise", Verb::Use),
    ("give", Verb::Give),
    ("grant", Verb::Give),
    ("let", Verb::Let),
    ("allow", Verb::Let),
    ("delegate", Verb::Delegate),
    ("delegates", Verb::Delegate),
    ("delegating", Verb::Delegate),
    ("depend", Verb::Depend),
    ("wait", Verb::Depend),
    ("waits", Verb::Depend),
    ("depends", Verb::Depend),
    // The field's own name: "web depends_on db".
    ("depends_on", Verb::Depend),
    ("make", Verb::Make),
    ("describe", Verb::Describe),
    ("summarize", Verb::Describe),
    ("summarise", Verb::Describe),
    ("overview", Verb::Describe),
    ("summary", Verb::Describe),
    // "rundown of this collector config", "a quick tour of whats in it".
    ("rundown", Verb::Describe),
    ("tour", Verb::Describe),
    ("recap", Verb::Describe),
    ("breakdown", Verb::Describe),
    ("walkthrough", Verb::Describe),
    ("explain", Verb::Explain),
    ("list", Verb::List),
    ("show", Verb::List),
    ("validate", Verb::Validate),
    ("check", Verb::Validate),
    ("lint", Verb::Validate),
    ("help", Verb::Help),
];

pub(crate) fn verb(word: &str) -> Option<Verb> {
    VERBS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Words that open a question.
pub(crate) const QUESTION_WORDS: &[&str] = &[
    "what", "what's", "whats", "which", "who", "whom", "why", "how", "is", "are", "does", "do",
    "can", "could", "will", "would", "where", "when", "anything", "any",
];

/// Words that say "all of them".
pub(crate) const ALL_WORDS: &[&str] = &["all", "every", "each", "everything", "everyone"];

/// A whole configuration, as people call it.
pub(crate) const SETUP_NOUNS: &[&str] = &[
    "setup",
    "set-up",
    "stack",
    "configuration",
    "config",
    "project",
    "application",
    "app",
    "deployment",
    "workflow",
    "template",
    "starter",
    "skeleton",
    "scaffold",
    "team",
    "bot",
    "chatbot",
    "ci",
    "collector",
];

/// Words about validity.
pub(crate) const ERROR_WORDS: &[&str] = &[
    // How the editor shows an error: "why are web and worker underlined in red?".
    "red",
    "underlined",
    "squiggly",
    "squiggles",
    // "the refs that point nowhere".
    "nowhere",
    "error",
    "errors",
    "invalid",
    "valid",
    "validity",
    "wrong",
    "problem",
    "problems",
    "issue",
    "issues",
    "broken",
    "failing",
    "fails",
    "fail",
    "warning",
    "warnings",
    "diagnostic",
    "diagnostics",
    "validation",
    "mistake",
    "mistakes",
    "bug",
    "bugs",
    "cycle",
    "cycles",
    "circular",
    "dangling",
    "typo",
    "typos",
    "misspelled",
    "misspelt",
    "misspelling",
    "misspellings",
    "undefined",
    "range",
];

/// Words about what depends on what.
pub(crate) const IMPACT_WORDS: &[&str] = &[
    "depend",
    "depends",
    "depending",
    "dependent",
    "dependents",
    "dependency",
    "dependencies",
    "use",
    "uses",
    "using",
    "used",
    "rely",
    "relies",
    "reference",
    "references",
    "referenced",
    "refer",
    "refers",
    "need",
    "needs",
    "break",
    "breaks",
    "affect",
    "affects",
    "affected",
    "impact",
    "impacted",
    "impacts",
    "connected",
    "point",
    "points",
    // "what gets skipped when the tests fail?": what waits on it.
    "skipped",
    "blocked",
    // "what runs downstream of test?": what waits on it; upstream, what it waits on.
    "downstream",
    "upstream",
];

/// Ordinary words: never read as a typo of something else, never as a component name
/// unless written exactly (or next to a kind word).
const STOPWORDS: &str = "
    a an the to of for in on at by with without and or but that this these those it its it's is
    are be been being was were can could should would will shall may might must all every each
    any some my our your me i we you please from as into onto so then than also too just only
    new another one two three both them they their there here up down out off not no yes do does
    did has have had which what who whom why how where when if else way thing things now
    currently current instead existing called named name via through about like more less most
    least same other others whole entire everything anything something nothing file document doc
    value values field fields setting settings option options want need needs sure ok okay
    thanks thank hi hello hey let's lets let i'd i'm we'd don't dont doesn't isn't aren't can't
    won't why's what's whats there's able last first second next previous above below before
    after again still very really quite bit little lot much many few good bad better best big
    small large high low higher lower fast slow faster slower cheap cheaper local locally remote
    production prod dev development staging test testing ready simple basic minimal full
    complete default defaults call calls per minute minutes seconds hour hours day days time
    times tell show give get got go goes going run runs running work works working shouldn't
    everyone somebody someone him her his hers theirs ours yours mine start stop stops keep
    keeps take takes put puts see look find know think try wants mean means say says said own
    back along together between among under over around across within inside outside setup stack
    config configuration access capable ability because longer anymore never ever always
    sometimes often usually maybe perhaps probably actually already yet soon later today
    tomorrow enough almost rather either neither nor whether while until since though although
    unless except besides beside behind beyond towards toward upon against during throughout
    went come comes came make makes made making done doing gets getting given gives giving seen
    looking looks found finds knew known thought tried tries trying wanted needed meant told
    asked ask asks answer answers question questions great nice cool fine right left wrong true
    false real important different similar certain clear easy hard long short early late old
    young free open close closed part parts kind kinds sort type types ways place places point
    number numbers line lines word words text stuff people person user users team world life
    meaning reason idea sandwich coffee weather joke story poem song game email mail message
    messages yeah nope well even ago away cannot couldn't wouldn't didn't hasn't haven't wasn't
    weren't i'll you'll we'll it'll that's here's where's how's who's wish hope feel seem seems
    become becomes leave bring brings hold holds move moves live lives believe happen happens
    write writes read reads learn understand follow follows create instruction instructions
    description clean tidy smarter dumber safer quicker stronger weaker nicer cleaner simpler
    easier harder bigger smaller shorter newer older greater worse worst improve improved
";

pub(crate) fn is_stopword(word: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.split_whitespace().collect())
        .contains(word)
}

/// Other names for component variants, by the variant's name (used for any pack whose
/// kinds have a variant of that name).
pub(crate) const VARIANT_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "rate_limit",
        &[
            "rate limit",
            "rate limiting",
            "rate limits",
            "rate limiter",
            "ratelimit",
            "ratelimiting",
            "throttle",
            "throttling",
            "rpm limit",
        ],
    ),
    ("retry", &["retry", "retries", "retrying", "backoff"]),
    ("cache", &["cache", "caching", "cached", "response cache"]),
    (
        "logging",
        &[
            "logging",
            "logs",
            "logger",
            "audit log",
            "audit logging",
            "log",
        ],
    ),
    (
        "tracing",
        &[
            "tracing",
            "traces",
            "trace",
            "telemetry",
            "opentelemetry",
            "otel",
            "observability",
        ],
    ),
    (
        "guardrails",
        &[
            "guardrails",
            "guardrail",
            "guard rails",
            "safety",
            "moderation",
            "pii filter",
            "content filter",
        ],
    ),
    ("postgres", &["postgres", "postgresql", "pg"]),
    (
        "in_memory",
        &["in memory", "in-memory", "inmemory", "ephemeral"],
    ),
    (
        "vector",
        &[
            "vector",
            "vector store",
            "vectors",
            "embedding store",
            "vector db",
        ],
    ),
    ("redis", &["redis"]),
    ("sqlite", &["sqlite", "sqlite3"]),
    ("anthropic", &["anthropic", "claude"]),
    ("azure_openai", &["azure", "azure openai"]),
    (
        "openai_compatible",
        &[
            "openai compatible",
            "openai-compatible",
            "vllm",
            "lm studio",
            "lmstudio",
            "llama.cpp",
            "llamacpp",
            "self-hosted",
            "self hosted",
        ],
    ),
    ("openai", &["openai", "open ai", "chatgpt"]),
    ("ollama", &["ollama"]),
    ("builtin", &["builtin", "built-in", "built in"]),
    ("http", &["http", "rest", "webhook", "http api", "rest api"]),
    ("mcp", &["mcp", "model context protocol"]),
    ("function", &["function", "python function"]),
];

/// Other names for values of enumerated fields (a built-in tool's `name`), by value.
pub(crate) const VALUE_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "web_search",
        &[
            "web search",
            "search the web",
            "search web",
            "search online",
            "internet search",
            "search the internet",
            "google",
            "web searches",
            "searching the web",
            "look things up on the web",
            "look things up online",
            "look things up on the internet",
            "look stuff up online",
            "look stuff up on the web",
            "look up things on the web",
            "look up things online",
        ],
    ),
    (
        "web_browser",
        &[
            "browse",
            "browse the web",
            "browsing",
            "web browser",
            "browser",
            "visit websites",
            "read web pages",
        ],
    ),
    (
        "calculator",
        &[
            "calculator",
            "math",
            "maths",
            "arithmetic",
            "calculate",
            "calculations",
            "do math",
        ],
    ),
    (
        "code_interpreter",
        &[
            "code interpreter",
            "run code",
            "execute code",
            "run python",
            "python",
            "write and run code",
        ],
    ),
    (
        "file_search",
        &[
            "file search",
            "search files",
            "search documents",
            "search the files",
        ],
    ),
    (
        "image_generation",
        &[
            "image generation",
            "generate images",
            "draw",
            "create images",
            "make images",
            "images",
            "pictures",
        ],
    ),
];

/// Other names for component kinds.
pub(crate) const KIND_SYNONYMS: &[(&str, &[&str])] = &[
    ("model", &["llm", "llms"]),
    ("memory", &["memories", "memory store", "store", "stores"]),
    ("middleware", &["middlewares"]),
    ("service", &["container", "containers", "server", "servers"]),
];

/// A model identifier's family: which provider type serves it.
pub(crate) struct Family {
    pub prefixes: &'static [&'static str],
    /// Whether the bare prefix alone names a model (`mistral`), not only a family (`claude`).
    pub bare: bool,
    pub provider: &'static str,
}

pub(crate) const FAMILIES: &[Family] = &[
    Family {
        prefixes: &[
            "gpt-",
            "gpt4",
            "gpt3",
            "chatgpt-",
            "o1",
            "o3",
            "o4",
            "text-embedding",
            "dall-e",
            "whisper",
            "tts-",
        ],
        bare: false,
        provider: "openai",
    },
    Family {
        prefixes: &["claude-"],
        bare: false,
        provider: "anthropic",
    },
    Family {
        prefixes: &[
            "llama",
            "mistral",
            "mixtral",
            "qwen",
            "gemma",
            "phi",
            "deepseek",
            "codellama",
            "nomic-embed",
            "mxbai",
            "llava",
            "tinyllama",
            "starcoder",
            "granite",
            "smollm",
        ],
        bare: true,
        provider: "ollama",
    },
];

/// The provider type a model identifier belongs to, if it looks like one.
pub(crate) fn model_family(id: &str) -> Option<&'static str> {
    let mut id = id.to_lowercase();
    // A Hugging Face identifier ("Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-…"):
    // the model's own name after its owner.
    if let Some((owner, name)) = id.split_once('/') {
        if owner.is_empty() || name.is_empty() || name.contains('/') || id.contains("://") {
            return None;
        }
        id = name.to_string();
    }
    for f in FAMILIES {
        for p in f.prefixes {
            let Some(rest) = id.strip_prefix(p) else {
                continue;
            };
            let ok = if p.ends_with(|c: char| c.is_ascii_digit()) {
                true
            } else if p.ends_with('-') {
                !rest.is_empty()
            } else if rest.is_empty() {
                f.bare && p.len() > 2
            } else {
                rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | ':' | '.'))
            };
            if ok {
                return Some(f.provider);
            }
        }
    }
    None
}

/// The image of a well-known container named `name` ("redis" → `redis`, "loki" →
/// `grafana/loki`).
pub(crate) fn known_image(name: &str) -> Option<&'static str> {
    KNOWN_IMAGES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, image)| *image)
}

/// Well-known container images people name a service after ("add a redis service"):
/// the name and the image.
pub(crate) const KNOWN_IMAGES: &[(&str, &str)] = &[
    ("redis", "redis"),
    ("postgres", "postgres"),
    ("mysql", "mysql"),
    ("mariadb", "mariadb"),
    ("mongo", "mongo"),
    ("mongodb", "mongo"),
    ("nginx", "nginx"),
    ("httpd", "httpd"),
    ("traefik", "traefik"),
    ("caddy", "caddy"),
    ("rabbitmq", "rabbitmq"),
    ("memcached", "memcached"),
    ("valkey", "valkey/valkey"),
    ("minio", "minio/minio"),
    ("grafana", "grafana/grafana"),
    ("prometheus", "prom/prometheus"),
    ("adminer", "adminer"),
    ("mailpit", "axllent/mailpit"),
    ("elasticsearch", "elasticsearch"),
    ("haproxy", "haproxy"),
    ("nats", "nats"),
    ("influxdb", "influxdb"),
    ("clickhouse", "clickhouse/clickhouse-server"),
    ("cassandra", "cassandra"),
    ("loki", "grafana/loki"),
    ("tempo", "grafana/tempo"),
    ("promtail", "grafana/promtail"),
    ("alertmanager", "prom/alertmanager"),
    ("jaeger", "jaegertracing/all-in-one"),
    ("cadvisor", "gcr.io/cadvisor/cadvisor"),
    ("kafka", "apache/kafka"),
    ("keycloak", "quay.io/keycloak/keycloak"),
    ("vault", "hashicorp/vault"),
    ("consul", "hashicorp/consul"),
    ("meilisearch", "getmeili/meilisearch"),
    ("qdrant", "qdrant/qdrant"),
    ("ollama", "ollama/ollama"),
];
