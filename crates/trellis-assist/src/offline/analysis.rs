//! What the words of a request refer to: components of the document (by name, with small
//! typos), kinds of component, variants (`redis`, `rate limiting`), values of enumerated
//! fields (`web search`), model identifiers, numbers and verbs. Only the request is read
//! this way; text inside the document is never taken as an instruction.

use super::lexicon::{self, Verb};
use super::scene::{split_words, Scene};
use super::text::{close, distance, name_key, stem, tokenize, typo_budget, Token};
use std::collections::{HashMap, HashSet};

/// What a token was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    Free,
    Stop,
    Verb(Verb),
    Kind,
    Variant,
    Value,
    Mention,
    Number,
    ModelId,
}

/// Components named by a span of the request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    /// Candidate components (indices into `Scene::components`), narrowed by an adjacent kind
    /// word; several mean the request is ambiguous, none that the kind word ruled all out.
    pub candidates: Vec<usize>,
    /// The name as written.
    pub text: String,
    /// A kind word next to the name (`the writer agent`).
    pub kind: Option<String>,
    /// The kind word's position.
    pub kind_at: Option<usize>,
    pub exact: bool,
}

/// A kind word (`agent`, `models`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KindWord {
    pub at: usize,
    pub kind: String,
    pub plural: bool,
    /// `all agents`, `every model`, `each of the tools`.
    pub all: bool,
}

/// A phrase naming a variant of a kind (`redis memory`, `rate limiting`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VariantWord {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub variant: String,
}

/// A phrase naming a value of an enumerated field (`search the web` → `name: web_search`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValueWord {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub field: String,
    pub value: String,
}

pub(crate) struct Analysis {
    pub tokens: Vec<Token>,
    pub uses: Vec<Use>,
    pub mentions: Vec<Mention>,
    pub kinds: Vec<KindWord>,
    pub variants: Vec<VariantWord>,
    pub values: Vec<ValueWord>,
    pub model_ids: Vec<(usize, String)>,
    pub question: bool,
}

impl Analysis {
    /// Reads a request; `extra` are more words typos are corrected to (template words).
    pub(crate) fn new(request: &str, scene: &Scene, extra: &[String]) -> Analysis {
        let mut tokens = tokenize(request);
        let question = request.trim_end().ends_with('?')
            || tokens
                .first()
                .is_some_and(|t| lexicon::QUESTION_WORDS.contains(&t.norm.as_str()));
        let mut uses = vec![Use::Free; tokens.len()];
        // Numbers and model identifiers first: they are never names or typos.
        let known_ids = model_ids_of(scene);
        let mut model_ids = Vec::new();
        // "3 times as long": a factor, which the goal reading reads; no value to set.
        let factor = |i: usize| {
            tokens.get(i + 1).is_some_and(|x| x.is_any(&["times", "x"]))
                && tokens.get(i + 2).is_some_and(|x| {
                    x.is_any(&["as", "more", "longer", "bigger", "larger", "higher"])
                })
        };
        for (i, t) in tokens.iter().enumerate() {
            if t.number().is_some() && !factor(i) {
                uses[i] = Use::Number;
            } else if !t.quoted
                && (lexicon::model_family(&t.norm).is_some() || known_ids.contains(&t.norm))
            {
                uses[i] = Use::ModelId;
                model_ids.push((i, t.raw.clone()));
            }
        }
        let kind_words = kind_vocabulary(scene);
        let is_kind_word = |w: &str| kind_words.iter().any(|(k, _)| k == w);
        // A misspelt verb ("renmae fast to cheap") is read as the verb before names are
        // looked for, so that a name after it is in the place of an object.
        let verbs: Vocabulary = lexicon::VERBS
            .iter()
            .map(|(w, _)| (w.to_string(), 3))
            .collect();
        for (i, t) in tokens.iter_mut().enumerate() {
            if uses[i] != Use::Free
                || t.quoted
                || lexicon::is_stopword(&t.norm)
                || lexicon::verb(&t.norm).is_some()
                || t.norm.chars().count() < 5
            {
                continue;
            }
            let key = name_key(&t.norm);
            if scene.components.iter().any(|c| name_key(&c.name) == key) {
                continue;
            }
            if let Some((w, d)) = correct(&t.norm, &verbs) {
                if d == 1 && name_distance(&t.norm, scene).is_none_or(|n| n > d) {
                    t.word = w;
                }
            }
        }
        // Exact component names, longest spans first.
        let mut mentions = exact_mentions(&tokens, &uses, scene, &is_kind_word);
        for m in &mentions {
            for u in &mut uses[m.start..m.end] {
                *u = Use::Mention;
            }
        }
        // Spelling: free words become the lexicon word they are a typo of.
        let mut vocabulary = vocabulary(scene, &kind_words);
        for w in extra.iter().filter(|w| w.len() > 3) {
            vocabulary.entry(w.clone()).or_insert(1);
        }
        for (i, t) in tokens.iter_mut().enumerate() {
            if uses[i] != Use::Free || t.quoted {
                continue;
            }
            if lexicon::is_stopword(&t.norm) {
                uses[i] = Use::Stop;
            } else if !vocabulary.contains_key(&t.norm) && !comparative_of_name(&t.norm, scene) {
                if let Some((w, d)) = correct(&t.norm, &vocabulary) {
                    // A typo of a component's name as close as that is the name, unless
                    // it is a kind word right after a name ("the billing agnet").
                    let kind_after_name = i > 0 && uses[i - 1] == Use::Mention && is_kind_word(&w);
                    if kind_after_name || name_distance(&t.norm, scene).is_none_or(|n| n > d) {
                        t.word = w;
                    }
                }
            }
        }
        // Verbs.
        for (i, t) in tokens.iter().enumerate() {
            if matches!(uses[i], Use::Free | Use::Stop) && !t.quoted {
                if let Some(v) = lexicon::verb(&t.word) {
                    uses[i] = Use::Verb(v);
                }
            }
        }
        // "planner shouldn't delegate to writer", "web should no longer depend on db",
        // "stop letting the writer use arxiv": a connection undone.
        for i in 0..tokens.len() {
            let Use::Verb(v) = uses[i] else { continue };
            if !matches!(
                v,
                Verb::Use | Verb::Delegate | Verb::Depend | Verb::Connect | Verb::Let | Verb::Give
            ) {
                continue;
            }
            let negated = (i.saturating_sub(3)..i).any(|j| {
                tokens[j].is_any(&[
                    "not",
                    "shouldn't",
                    "don't",
                    "doesn't",
                    "never",
                    "stop",
                    "cannot",
                    "can't",
                    "mustn't",
                    "won't",
                    "dont",
                    "doesnt",
                    "shouldnt",
                    "cant",
                    "wont",
                    "longer",
                ]) && !tokens[j + 1..i].iter().any(|t| t.boundary)
                    && !(j + 1..i).any(|k| matches!(uses[k], Use::Verb(_)))
            });
            if negated
                && !tokens[..i]
                    .iter()
                    .any(|t| t.is_any(&["why", "how", "what"]))
            {
                uses[i] = Use::Verb(Verb::Disconnect);
            }
        }
        // Typos of component names, on words that are nothing else.
        let fuzzy = fuzzy_mentions(&tokens, &uses, scene, &vocabulary);
        for m in &fuzzy {
            for u in &mut uses[m.start..m.end] {
                *u = Use::Mention;
            }
        }
        mentions.extend(fuzzy);
        // "the sampler" for `probabilistic_sampler`: one part of one component's name.
        let parts = part_mentions(&tokens, &uses, scene, &is_kind_word);
        for m in &parts {
            uses[m.start] = Use::Mention;
        }
        mentions.extend(parts);
        mentions.sort_by_key(|m| m.start);
        // Kind words.
        let mut kinds = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.quoted || !matches!(uses[i], Use::Free | Use::Stop) {
                continue;
            }
            if let Some((kind, plural)) = kind_of_word(&t.word, &kind_words) {
                uses[i] = Use::Kind;
                let all = (1..=3).any(|back| {
                    i >= back
                        && (tokens[i - back].is_any(lexicon::ALL_WORDS)
                            || (back == 1 && plural && tokens[i - 1].is("both")))
                        && tokens[i - back + 1..i].iter().all(|x| {
                            x.is_any(&["the", "of", "my", "our", "your", "these", "those"])
                        })
                });
                kinds.push(KindWord {
                    at: i,
                    kind,
                    plural,
                    all,
                });
            }
        }
        // A kind word next to a name narrows what the name can be.
        for m in &mut mentions {
            let before = m.start.checked_sub(1);
            // "the writer's model" is the writer's field, not a model named writer.
            let after = if m.end > 0 && tokens[m.end - 1].possessive {
                usize::MAX
            } else {
                m.end
            };
            // The kind word after the name first ("the writer agent"), then before it
            // ("agent writer"); a kind word before it that fits none of its candidates
            // belongs to something else ("every agent web search").
            for (k, strict) in [
                (kinds.iter().find(|k| k.at == after && !k.all), false),
                (
                    kinds
                        .iter()
                        .find(|k| Some(k.at) == before && !k.all && !k.plural),
                    true,
                ),
            ] {
                let Some(k) = k else { continue };
                let narrowed: Vec<usize> = m
                    .candidates
                    .iter()
                    .copied()
                    .filter(|&c| scene.components[c].kind == k.kind)
                    .collect();
                if narrowed.is_empty() && (strict || k.plural) {
                    continue;
                }
                // "researcher memory" with no memory of that name: the researcher's
                // `memory` field.
                let field_of_candidate = narrowed.is_empty()
                    && m.candidates.iter().any(|&c| {
                        scene.kind(&scene.components[c].kind).is_some_and(|kind| {
                            kind.fields
                                .iter()
                                .any(|f| f.key == k.kind || stem(&f.key) == stem(&k.kind))
                        })
                    });
                if field_of_candidate {
                    continue;
                }
                m.candidates = narrowed;
                m.kind = Some(k.kind.clone());
                m.kind_at = Some(k.at);
                break;
            }
        }
        let variants = variant_words(&tokens, &uses, scene);
        for v in &variants {
            for u in &mut uses[v.start..v.end] {
                if matches!(*u, Use::Free | Use::Stop | Use::Verb(_)) {
                    *u = Use::Variant;
                }
            }
        }
        narrow_by_company(&mut mentions, &kinds, &variants, &model_ids, scene);
        narrow_by_relation(&mut mentions, &tokens, &uses, scene);
        // "Could you add …?", "can you please set …?" are requests, not questions; "can I
        // delete the writer safely?" asks whether it is safe.
        // "answers feel a bit random, could you set …?": after a remark too, when no
        // question word comes before.
        let asked_at = (0..tokens.len().saturating_sub(2)).find(|&i| {
            tokens[i].is_any(&["can", "could", "would", "will"])
                && tokens[i + 1].is_any(&["you", "we", "i"])
        });
        let asked_at = asked_at.filter(|&i| {
            i == 0
                || !tokens[..i]
                    .iter()
                    .any(|t| lexicon::QUESTION_WORDS.contains(&t.norm.as_str()))
        });
        let polite = asked_at.is_some_and(|i| tokens.len() > i + 2)
            && !(asked_at.is_some_and(|i| tokens[i + 1].is("i"))
                && tokens
                    .iter()
                    .any(|t| matches!(t.norm.as_str(), "safely" | "safe")));
        let question = question
            && !(polite
                && uses.iter().skip(asked_at.unwrap_or(0)).any(|u| {
                    matches!(
                        u,
                        Use::Verb(
                            Verb::Add
                                | Verb::Remove
                                | Verb::Rename
                                | Verb::Connect
                                | Verb::Disconnect
                                | Verb::Set
                                | Verb::Enable
                                | Verb::Disable
                                | Verb::Fix
                                | Verb::Give
                                | Verb::Make
                                | Verb::Delegate
                        )
                    )
                }));
        let values = value_words(&tokens, &uses, scene);
        for v in &values {
            for u in &mut uses[v.start..v.end] {
                if matches!(*u, Use::Free | Use::Stop | Use::Verb(_)) {
                    *u = Use::Value;
                }
            }
        }
        Analysis {
            tokens,
            uses,
            mentions,
            kinds,
            variants,
            values,
            model_ids,
            question,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The first token at or after `from` whose word is one of `words`.
    pub(crate) fn find(&self, words: &[&str], from: usize) -> Option<usize> {
        (from..self.tokens.len()).find(|&i| self.tokens[i].is_any(words))
    }

    pub(crate) fn has(&self, words: &[&str]) -> bool {
        self.find(words, 0).is_some()
    }

    pub(crate) fn verbs(&self) -> Vec<(usize, Verb)> {
        self.uses
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match u {
                Use::Verb(v) => Some((i, *v)),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn has_verb(&self, verb: Verb) -> bool {
        self.uses.contains(&Use::Verb(verb))
    }

    pub(crate) fn first_verb(&self) -> Option<(usize, Verb)> {
        self.verbs().into_iter().next()
    }

    /// The mention covering token `i`.
    pub(crate) fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.start <= i && i < m.end)
    }

    /// Numbers written in the request, with their positions.
    pub(crate) fn numbers(&self) -> Vec<(usize, f64)> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| self.uses[*i] == Use::Number)
            .filter_map(|(i, t)| t.number().map(|n| (i, n)))
            .collect()
    }

    /// The components `from..to` names outright, each once: a mention that can be only
    /// one component, and a word that is exactly one component's name even when it is
    /// read as something else too (`grafana`, also an image).
    pub(crate) fn named_outright(&self, scene: &Scene, from: usize, to: usize) -> Vec<usize> {
        let mut named: Vec<usize> = self
            .mentions
            .iter()
            .filter(|m| m.start >= from && m.start < to)
            .filter_map(|m| match m.candidates.as_slice() {
                [c] => Some(*c),
                _ => None,
            })
            .chain(
                self.tokens[from..to]
                    .iter()
                    .filter(|t| !t.quoted)
                    .filter_map(|t| scene.one_named(&t.norm)),
            )
            .collect();
        named.sort_unstable();
        named.dedup();
        named
    }

    /// The raw text of tokens `from..to`, joined by spaces.
    pub(crate) fn raw(&self, from: usize, to: usize) -> String {
        self.tokens[from.min(self.len())..to.min(self.len())]
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Model identifiers written in the document (`name` of models), lowercase.
fn model_ids_of(scene: &Scene) -> HashSet<String> {
    let mut out = HashSet::new();
    for (i, c) in scene.components.iter().enumerate() {
        if c.kind != "model" {
            continue;
        }
        if let Some(name) = scene
            .value_of(i)
            .and_then(|v| v.get("name"))
            .and_then(|v| v.as_str())
        {
            if name.len() >= 3 {
                out.insert(name.to_lowercase());
            }
        }
    }
    out
}

/// Words for each kind: its name, plural, collection title and synonyms.
fn kind_vocabulary(scene: &Scene) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for k in &scene.kinds {
        let mut words = vec![k.kind.to_lowercase(), k.collection_title.to_lowercase()];
        words.push(format!("{}s", k.kind.to_lowercase()));
        for w in split_words(&k.title) {
            if words.len() < 4 {
                words.push(w);
            }
        }
        for (kind, syn) in lexicon::KIND_SYNONYMS {
            if *kind == k.kind {
                words.extend(
                    syn.iter()
                        .filter(|s| !s.contains(' '))
                        .map(|s| s.to_string()),
                );
            }
        }
        for w in words {
            if !w.is_empty() && !w.contains(' ') && !out.iter().any(|(x, _)| *x == w) {
                out.push((w, k.kind.clone()));
            }
        }
    }
    out
}

fn kind_of_word(word: &str, vocabulary: &[(String, String)]) -> Option<(String, bool)> {
    let s = stem(word);
    vocabulary
        .iter()
        .find(|(w, _)| w == word || stem(w) == s)
        .map(|(w, kind)| {
            let plural = word != kind && (word.ends_with('s') || w.ends_with('s'));
            (kind.clone(), plural && word != "memory")
        })
}

/// Every word the engine reads as something: what typos are corrected to.
fn vocabulary(scene: &Scene, kinds: &[(String, String)]) -> Vocabulary {
    let mut v = Vocabulary::new();
    let mut put = |w: &str, priority: u8| {
        let e = v.entry(w.to_string()).or_insert(priority);
        *e = (*e).max(priority);
    };
    for (w, _) in lexicon::VERBS {
        put(w, 3);
    }
    for list in [
        lexicon::QUESTION_WORDS,
        lexicon::ERROR_WORDS,
        lexicon::IMPACT_WORDS,
        lexicon::SETUP_NOUNS,
    ] {
        for w in list {
            put(w, 3);
        }
    }
    for (w, _) in kinds {
        put(w, 3);
    }
    for k in &scene.kinds {
        for var in &k.variants {
            for w in split_words(var) {
                put(&w, 2);
            }
        }
        for f in &k.fields {
            for w in split_words(&f.key)
                .into_iter()
                .chain(split_words(&f.title))
                .filter(|w| w.len() > 3)
            {
                put(&w, 1);
            }
        }
    }
    // Other names only for the variants and values this pack has.
    let known: HashSet<String> = scene
        .kinds
        .iter()
        .flat_map(|k| {
            k.variants.iter().cloned().chain(
                k.fields
                    .iter()
                    .flat_map(|f| f.options())
                    .filter_map(|o| o.as_str().map(str::to_string)),
            )
        })
        .collect();
    for (name, syn) in lexicon::VARIANT_SYNONYMS
        .iter()
        .chain(lexicon::VALUE_SYNONYMS)
    {
        if !known.contains(*name) {
            continue;
        }
        for s in *syn {
            for w in s.split(' ').filter(|w| w.len() > 3) {
                put(w, 2);
            }
        }
    }
    for w in [
        "temperature",
        "description",
        "instructions",
        "prompt",
        "delegate",
        "unused",
        "undo",
        "revert",
        "difference",
        "compare",
    ] {
        put(w, 2);
    }
    v
}

/// Words typos are corrected to, with a priority for ties (verbs and kinds first, then
/// variants, then field and template words).
type Vocabulary = HashMap<String, u8>;

/// The vocabulary word `word` is a typo of, and how far it is: the closest within the
/// typo budget; among equally close ones the one of highest priority, when it is the only
/// one. A word that extends another by more than a letter (`researcher`/`research`) is
/// another word, not a typo; one letter short is a typo (`delet`).
fn correct(word: &str, vocabulary: &Vocabulary) -> Option<(String, usize)> {
    if !word.chars().all(|c| c.is_alphabetic()) || word.chars().count() < 4 {
        return None;
    }
    // A comparative of an ordinary word ("faster", "cheaper", "bigger") is that word, not
    // a typo of another.
    for suffix in ["er", "est"] {
        if let Some(base) = word.strip_suffix(suffix) {
            let b = base.as_bytes();
            let undoubled = if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                &base[..base.len() - 1]
            } else {
                base
            };
            for w in [base, undoubled, &format!("{base}e")[..]] {
                if w.len() >= 3 && lexicon::is_stopword(w) {
                    return None;
                }
            }
        }
    }
    // A word for someone who does something (`summarizer`, `reviewer`) is a name more
    // likely than a misspelt verb: only the smallest typo is corrected.
    let agent_noun = ["er", "or", "ers", "ors"].iter().any(|s| word.ends_with(s));
    let budget = if agent_noun {
        typo_budget(word.chars().count()).min(1)
    } else {
        typo_budget(word.chars().count())
    };
    let mut best: Option<(usize, u8, &String)> = None;
    let mut tie = false;
    let short = word.chars().count() <= 4;
    for (cand, &priority) in vocabulary {
        // One letter of four is a lot: short words are only corrected to verbs and kinds,
        // or to another word by the one letter they miss ("limt": `limit`).
        if cand.len() < 4
            || (short
                && priority < 3
                && (lexicon::is_stopword(word) || !missing_one_inside(word, cand)))
        {
            continue;
        }
        let short_by_one = cand.starts_with(word) && cand.len() == word.len() + 1;
        if !short_by_one && (cand.starts_with(word) || word.starts_with(cand.as_str())) {
            continue;
        }
        let d = distance(word, cand);
        if d > budget.min(typo_budget(cand.chars().count())) {
            continue;
        }
        // A short word with one letter changed is as often another word (`docs` is not
        // `does`): short words are corrected for swapped, missing or extra letters only.
        if short && cand.chars().count() == word.chars().count() {
            let mut x: Vec<char> = word.chars().collect();
            let mut y: Vec<char> = cand.chars().collect();
            x.sort_unstable();
            y.sort_unstable();
            if x != y {
                continue;
            }
        }
        match best {
            Some((bd, bp, b)) if d == bd && priority == bp => {
                if stem(b) != stem(cand) {
                    tie = true;
                }
            }
            Some((bd, bp, _)) if d > bd || (d == bd && priority < bp) => {}
            _ => {
                best = Some((d, priority, cand));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(d, _, w)| (w.clone(), d))
}

/// Whether `word` is `cand` with one letter left out, not at its end ("limt": `limit`;
/// "port" is no typo of `ports`).
fn missing_one_inside(word: &str, cand: &str) -> bool {
    cand.chars().count() == word.chars().count() + 1
        && !cand.starts_with(word)
        && cand.char_indices().any(|(i, c)| {
            word.get(..i) == Some(&cand[..i]) && word.get(i..) == Some(&cand[i + c.len_utf8()..])
        })
}

/// How far a word is from the nearest component name it may be a typo of.
fn name_distance(word: &str, scene: &Scene) -> Option<usize> {
    scene
        .components
        .iter()
        .map(|c| name_key(&c.name))
        .filter(|n| n.chars().count() >= 4 && close(word, n))
        .map(|n| distance(word, &n))
        .min()
}

/// Spans whose words, joined, are a component's name exactly.
fn exact_mentions(
    tokens: &[Token],
    uses: &[Use],
    scene: &Scene,
    is_kind_word: &dyn Fn(&str) -> bool,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    if scene.components.is_empty() {
        return out;
    }
    let mut taken = vec![false; tokens.len()];
    for n in (1..=4).rev() {
        for start in 0..tokens.len().saturating_sub(n - 1) {
            let end = start + n;
            if taken[start..end].iter().any(|t| *t) {
                continue;
            }
            if uses[start..end].contains(&Use::Number) {
                continue;
            }
            let span = &tokens[start..end];
            if n > 1 && span.iter().any(|t| t.quoted) {
                continue;
            }
            let next_kind = tokens.get(end).is_some_and(|t| is_kind_word(&t.norm));
            let prev_kind = start > 0 && is_kind_word(&tokens[start - 1].norm);
            // A name that is an ordinary word (`fast`, `default`) only next to a kind word
            // (`the fast model`), with a possessive, or quoted.
            let common = span.iter().all(|t| lexicon::is_stopword(&t.norm));
            if common
                && !span[0].quoted
                && !next_kind
                && !prev_kind
                && !span[n - 1].possessive
                && !noun_place(tokens, start, end)
                && !paired_name(tokens, scene, start, end)
            {
                continue;
            }
            let joined: Vec<String> = span.iter().map(|t| name_key(&t.norm)).collect();
            let mut keys = vec![joined.join("_")];
            if n > 1 {
                keys.push(joined.concat());
            }
            let candidates: Vec<usize> = keys
                .iter()
                .flat_map(|k| {
                    scene
                        .components
                        .iter()
                        .enumerate()
                        .filter(move |(_, c)| name_key(&c.name) == *k)
                        .map(|(i, _)| i)
                })
                .collect();
            // "the vendor exporter" for `otlp/vendor`: the part after the type, next to a
            // kind word or as an owner, when one component has it.
            let candidates =
                if candidates.is_empty() && (next_kind || prev_kind || span[n - 1].possessive) {
                    let suffixed: Vec<usize> = keys
                        .iter()
                        .flat_map(|k| {
                            scene.components.iter().enumerate().filter(move |(_, c)| {
                                c.name
                                    .rsplit_once('/')
                                    .is_some_and(|(_, tail)| name_key(tail) == *k)
                            })
                        })
                        .map(|(i, _)| i)
                        .collect();
                    if suffixed.len() == 1 {
                        suffixed
                    } else {
                        candidates
                    }
                } else {
                    candidates
                };
            if candidates.is_empty() {
                continue;
            }
            // A bare kind word (`agent`) or verb (`set`) is a name only when quoted or next
            // to another kind word (`the agent model`).
            if n == 1 && !span[0].quoted {
                let w = &span[0].norm;
                let ambiguous_word = is_kind_word(w) || lexicon::verb(w).is_some();
                // A verb in the place of an object is a name ("what depends on build").
                let object_place = start > 0
                    && tokens[start - 1].is_any(&[
                        "on", "of", "from", "does", "about", "uses", "needs", "need", "requires",
                        "after", "to", "for", "in", "at", "with", "by", "into", "run", "runs",
                        "make", "let", "the", "this", "my", "rename", "remove", "delete", "drop",
                        "only", "just", "describe", "explain", "set", "give", "change", "raise",
                        "lower", "increase", "decrease", "bump",
                    ])
                    && lexicon::verb(w).is_some()
                    && !is_kind_word(w);
                // The subject of a modal at the start ("build should also run …").
                let subject_place = start == 0
                    && lexicon::verb(w).is_some()
                    && !is_kind_word(w)
                    && tokens.get(1).is_some_and(|t| {
                        t.is_any(&[
                            "should",
                            "must",
                            "needs",
                            "need",
                            "depends",
                            "shouldn't",
                            "can",
                            "cannot",
                            "uses",
                            "runs",
                            "waits",
                            "and",
                        ])
                    })
                    || (start == 0
                        // "build on windows-latest instead", "test on node 18 too": where
                        // or how the job named by a verb runs.
                        && lexicon::verb(w).is_some()
                        && !is_kind_word(w)
                        && tokens.len() > 2
                        && tokens[1].is_any(&["on", "using", "via", "against", "with"]));
                // "set lint's timeout": a possessive is a name's.
                let owner = span[0].possessive && !is_kind_word(w);
                if ambiguous_word
                    && !next_kind
                    && !prev_kind
                    && !object_place
                    && !subject_place
                    && !owner
                {
                    continue;
                }
            }
            for t in &mut taken[start..end] {
                *t = true;
            }
            let mut candidates = candidates;
            candidates.sort_unstable();
            candidates.dedup();
            out.push(Mention {
                start,
                end,
                text: span
                    .iter()
                    .map(|t| t.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                candidates,
                kind: None,
                kind_at: None,
                exact: true,
            });
        }
    }
    out
}

/// Whether the words `start..end` are joined to another component's name ("fast and
/// smart", "smart or fast", "fast, smart"): names listed together are names.
fn paired_name(tokens: &[Token], scene: &Scene, start: usize, end: usize) -> bool {
    let is_name = |t: &Token| {
        let k = name_key(&t.norm);
        scene.components.iter().any(|c| name_key(&c.name) == k)
    };
    let joined_after = tokens
        .get(end)
        .is_some_and(|t| t.is_any(&["and", "or", "&"]))
        && tokens.get(end + 1).is_some_and(is_name);
    let listed_after = tokens[end - 1].boundary && tokens.get(end).is_some_and(is_name);
    let joined_before = start >= 2
        && tokens[start - 1].is_any(&["and", "or", "&"])
        && is_name(&tokens[start - 2])
        && (start < 3 || !tokens[start - 3].is_any(&["is", "be", "are", "more", "less"]));
    let listed_before = start >= 1 && tokens[start - 1].boundary && is_name(&tokens[start - 1]);
    joined_after || listed_after || joined_before || listed_before
}

/// Whether the words `start..end` stand where a name does, not a describing word: after
/// a word that takes an object ("uses fast", "to smart", "between fast and smart", "rename
/// fast") and before the end, a comma or a joining word ("fast and smart", "fast to
/// cheap"), never after a word that makes it a description ("make it fast", "is fast").
fn noun_place(tokens: &[Token], start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "to",
        "on",
        "use",
        "uses",
        "using",
        "between",
        "and",
        "or",
        "rename",
        "remove",
        "delete",
        "drop",
        "from",
        "with",
        "than",
        "vs",
        "versus",
        "about",
        "describe",
        "explain",
        "compare",
        "onto",
        "into",
        "at",
        "set",
        "change",
        "update",
        "configure",
        "adjust",
        "tweak",
        "switch",
        "point",
        "give",
        "let",
        "connect",
        "link",
        "need",
        "needs",
        "require",
        "requires",
    ];
    const AFTER: &[&str] = &[
        "and", "or", "to", "for", "with", "on", "in", "from", "instead", "vs", "versus", "into",
        "as",
    ];
    const DESCRIBING: &[&str] = &[
        "it", "be", "is", "are", "was", "more", "less", "very", "too", "so", "really", "quite",
        "as", "how", "not", "pretty", "super", "enough",
    ];
    // The subject of what follows ("test should need lint", "make test depend on lint").
    const ACTS: &[&str] = &[
        "should",
        "shouldn't",
        "must",
        "needs",
        "need",
        "depends",
        "depend",
        "uses",
        "use",
        "both",
        "requires",
        "require",
        "can",
        "cannot",
        "can't",
        "delegates",
        "delegate",
        "waits",
        "wait",
        "runs",
        "run",
    ];
    let acts_next = tokens.get(end).is_some_and(|t| t.is_any(ACTS)) && !tokens[end - 1].boundary;
    let Some(prev) = start.checked_sub(1).map(|i| &tokens[i]) else {
        // First: when a comparison or what it does follows ("fast vs smart?", "test
        // needs lint").
        return tokens.get(end).is_some_and(|t| t.is_any(&["vs", "versus"])) || acts_next;
    };
    if prev.is_any(&["make", "let", "have"]) && acts_next && !prev.quoted {
        return true;
    }
    // "downstream of test", "the dependents of lint".
    if prev.is("of")
        && start >= 2
        && tokens[start - 2].is_any(&["downstream", "upstream", "dependents", "dependencies"])
    {
        return true;
    }
    if prev.quoted || !prev.is_any(BEFORE) {
        return false;
    }
    if start >= 2 && tokens[start - 2].is_any(DESCRIBING) {
        return false;
    }
    let last = &tokens[end - 1];
    match tokens.get(end) {
        None => true,
        Some(_) if last.boundary => true,
        Some(next) => next.is_any(AFTER),
    }
}

/// "remove the sampler", "the limiter's limit": after "the", a word that is the last part
/// of exactly one component's name of several parts (`probabilistic_sampler`,
/// `memory_limiter`), where no component has that name, and the word is no kind word.
fn part_mentions(
    tokens: &[Token],
    uses: &[Use],
    scene: &Scene,
    is_kind_word: &dyn Fn(&str) -> bool,
) -> Vec<Mention> {
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        let t = &tokens[i];
        if uses[i] != Use::Free
            || t.quoted
            || !tokens[i - 1].is_any(&["the", "that", "this"])
            || t.norm.len() < 4
            || is_kind_word(&t.norm)
            || lexicon::verb(&t.norm).is_some()
        {
            continue;
        }
        let word = stem(t.norm.trim_end_matches("'s"));
        let hits: Vec<usize> = (0..scene.components.len())
            .filter(|&c| {
                let parts: Vec<&str> = scene.components[c]
                    .name
                    .split(['_', '-', '/'])
                    .filter(|p| !p.is_empty())
                    .collect();
                parts.len() > 1 && parts.last().is_some_and(|p| stem(p) == word)
            })
            .collect();
        if hits.len() != 1 {
            continue;
        }
        out.push(Mention {
            start: i,
            end: i + 1,
            text: t.raw.clone(),
            candidates: hits,
            kind: None,
            kind_at: None,
            exact: false,
        });
    }
    out
}

/// Spans of free words that are a component's name with a small typo.
fn fuzzy_mentions(
    tokens: &[Token],
    uses: &[Use],
    scene: &Scene,
    vocabulary: &Vocabulary,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let free = |i: usize| {
        uses[i] == Use::Free
            && !tokens[i].quoted
            && !vocabulary.contains_key(&tokens[i].word)
            && !lexicon::is_stopword(&tokens[i].norm)
    };
    let mut i = 0;
    while i < tokens.len() {
        if !free(i) {
            i += 1;
            continue;
        }
        let mut found = None;
        for n in (1..=3).rev() {
            if i + n > tokens.len() || !(i..i + n).all(free) {
                continue;
            }
            let key = tokens[i..i + n]
                .iter()
                .map(|t| name_key(&t.norm))
                .collect::<Vec<_>>()
                .join("_");
            if key.chars().count() < 4 {
                continue;
            }
            let mut best: Option<usize> = None;
            let mut cands: Vec<usize> = Vec::new();
            for (ci, c) in scene.components.iter().enumerate() {
                let name = name_key(&c.name);
                if name.chars().count() < 4 {
                    continue;
                }
                let plural = key.strip_suffix('s') == Some(name.as_str());
                let d = if plural { 0 } else { distance(&key, &name) };
                if !(plural || close(&key, &name)) {
                    continue;
                }
                match best {
                    Some(b) if d > b => {}
                    Some(b) if d == b => cands.push(ci),
                    _ => {
                        best = Some(d);
                        cands = vec![ci];
                    }
                }
            }
            if !cands.is_empty() {
                found = Some((n, cands));
                break;
            }
        }
        match found {
            Some((n, cands)) => {
                out.push(Mention {
                    start: i,
                    end: i + n,
                    text: tokens[i..i + n]
                        .iter()
                        .map(|t| t.raw.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    candidates: cands,
                    kind: None,
                    kind_at: None,
                    exact: false,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Phrases as word stems, with how they are matched.
fn phrase_stems(phrase: &str) -> Vec<String> {
    phrase
        .split([' ', '_', '-'])
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "a" | "an"))
        .map(stem)
        .collect()
}

/// Where the words of `phrase` occur as a run of tokens (articles skipped), at or after
/// `from`: the span.
fn find_phrase(
    tokens: &[Token],
    uses: &[Use],
    phrase: &[String],
    from: usize,
) -> Option<(usize, usize)> {
    if phrase.is_empty() {
        return None;
    }
    'start: for start in from..tokens.len() {
        let mut i = start;
        for (n, p) in phrase.iter().enumerate() {
            // Skip articles inside the phrase ("search the web").
            while n > 0 && i < tokens.len() && tokens[i].is_any(&["the", "a", "an"]) {
                i += 1;
            }
            let Some(t) = tokens.get(i) else {
                continue 'start;
            };
            if t.quoted || matches!(uses[i], Use::Number | Use::ModelId) {
                continue 'start;
            }
            let joined = stem(&t.word.replace(['-', '_'], ""));
            let whole = stem(&t.word);
            if whole != *p && joined != *p {
                // One token may hold the whole phrase (`rate-limiting`, `web_search`).
                if n == 0 {
                    let all: Vec<String> = phrase_stems(&t.word);
                    if all == phrase {
                        return Some((start, i + 1));
                    }
                    if phrase.len() > 1
                        && stem(&t.word.replace(['-', '_', ' '], "")) == phrase.concat()
                    {
                        return Some((start, i + 1));
                    }
                }
                continue 'start;
            }
            i += 1;
        }
        return Some((start, i));
    }
    None
}

fn variant_words(tokens: &[Token], uses: &[Use], scene: &Scene) -> Vec<VariantWord> {
    let mut out: Vec<VariantWord> = Vec::new();
    for k in &scene.kinds {
        for var in &k.variants {
            let mut phrases: Vec<String> = vec![var.replace('_', " ")];
            for (name, syn) in lexicon::VARIANT_SYNONYMS {
                if name == var {
                    phrases.extend(syn.iter().map(|s| s.to_string()));
                }
            }
            for phrase in phrases {
                let stems = phrase_stems(&phrase);
                let mut from = 0;
                while let Some((s, e)) = find_phrase(tokens, uses, &stems, from) {
                    if !out.iter().any(|o| {
                        o.start < e && s < o.end && (o.end - o.start) >= (e - s) && o.kind == k.kind
                    }) {
                        out.retain(|o| !(o.kind == k.kind && o.start < e && s < o.end));
                        out.push(VariantWord {
                            start: s,
                            end: e,
                            kind: k.kind.clone(),
                            variant: var.clone(),
                        });
                    }
                    from = e;
                }
            }
        }
    }
    out.sort_by_key(|v| v.start);
    out
}

fn value_words(tokens: &[Token], uses: &[Use], scene: &Scene) -> Vec<ValueWord> {
    let mut out: Vec<ValueWord> = Vec::new();
    for k in &scene.kinds {
        for f in &k.fields {
            if Some(&f.key) == k.variant_field.as_ref() {
                continue;
            }
            for opt in f.options() {
                let Some(value) = opt.as_str() else {
                    continue;
                };
                // Single short words (`info`, `GET`) are too common to mean the value.
                let mut phrases: Vec<String> = Vec::new();
                if value.contains('_') || value.len() > 6 {
                    phrases.push(value.replace('_', " "));
                }
                for (name, syn) in lexicon::VALUE_SYNONYMS {
                    if *name == value {
                        phrases.extend(syn.iter().map(|s| s.to_string()));
                    }
                }
                for phrase in phrases {
                    let stems = phrase_stems(&phrase);
                    let mut from = 0;
                    while let Some((s, e)) = find_phrase(tokens, uses, &stems, from) {
                        if uses[s..e].iter().all(|u| !matches!(u, Use::Mention))
                            && !out.iter().any(|o| o.start < e && s < o.end)
                        {
                            out.push(ValueWord {
                                start: s,
                                end: e,
                                kind: k.kind.clone(),
                                field: f.key.clone(),
                                value: value.to_string(),
                            });
                        }
                        from = e;
                    }
                }
            }
        }
    }
    out.sort_by_key(|v| v.start);
    out
}

/// A name that fits components of several kinds ("writer": a model and an agent), in a
/// request that names something of another kind ("give the writer the web search tool"):
/// the candidates whose kind can refer to that kind, when they are all of one kind.
fn narrow_by_company(
    mentions: &mut [Mention],
    kinds: &[KindWord],
    variants: &[VariantWord],
    model_ids: &[(usize, String)],
    scene: &Scene,
) {
    let kind_of = |c: usize| scene.components[c].kind.clone();
    for n in 0..mentions.len() {
        let m = &mentions[n];
        if m.kind.is_some() || m.candidates.len() < 2 {
            continue;
        }
        let mut own: Vec<String> = m.candidates.iter().map(|&c| kind_of(c)).collect();
        own.sort();
        own.dedup();
        if own.len() < 2 {
            continue;
        }
        // The kinds of the other things the request names.
        let mut others: Vec<String> = Vec::new();
        for (k, o) in mentions.iter().enumerate() {
            if k == n {
                continue;
            }
            let mut ks: Vec<String> = o.candidates.iter().map(|&c| kind_of(c)).collect();
            ks.sort();
            ks.dedup();
            if ks.len() == 1 {
                others.extend(ks);
            }
        }
        others.extend(
            kinds
                .iter()
                .filter(|k| k.at < m.start || k.at >= m.end)
                .filter(|k| Some(k.at) != m.kind_at)
                .map(|k| k.kind.clone()),
        );
        others.extend(variants.iter().map(|v| v.kind.clone()));
        if !model_ids.is_empty() && scene.kind("model").is_some() {
            others.push("model".to_string());
        }
        // Another name of one of the mention's own kinds says nothing about which it is
        // ("smart and writer need max tokens 2000").
        others.retain(|o| !own.contains(o));
        if others.is_empty() {
            continue;
        }
        let refers = |kind: &str| {
            scene.kind(kind).is_some_and(|k| {
                k.fields.iter().any(|f| {
                    f.reference()
                        .is_some_and(|(to, _)| to.iter().any(|t| others.contains(t)))
                })
            })
        };
        let fitting: Vec<&String> = own.iter().filter(|k| refers(k)).collect();
        if fitting.len() != 1 {
            continue;
        }
        let keep = fitting[0].clone();
        let narrowed: Vec<usize> = mentions[n]
            .candidates
            .iter()
            .copied()
            .filter(|&c| kind_of(c) == keep)
            .collect();
        mentions[n].candidates = narrowed;
    }
}

/// A name that fits components of several kinds ("writer": a model and an agent), in a
/// request whose words name a relation ("which agents delegate to the writer?", "what
/// does triage delegate to?"): the candidates of the kinds that relation joins, when
/// that rules some out.
fn narrow_by_relation(mentions: &mut [Mention], tokens: &[Token], uses: &[Use], scene: &Scene) {
    let stems: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.quoted && !matches!(uses[*i], Use::Mention | Use::Number))
        .map(|(_, t)| t.stem())
        .filter(|s| s.len() > 3)
        .collect();
    if stems.is_empty() {
        return;
    }
    // The kinds each relation named by the request's words joins.
    let mut joined: Vec<String> = Vec::new();
    for k in &scene.kinds {
        for f in &k.fields {
            let Some((to, _)) = f.reference() else {
                continue;
            };
            if f.stems.iter().any(|s| s.len() > 3 && stems.contains(s)) {
                joined.push(k.kind.clone());
                joined.extend(to.iter().cloned());
            }
        }
    }
    if joined.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        if m.kind.is_some() || m.candidates.len() < 2 {
            continue;
        }
        let narrowed: Vec<usize> = m
            .candidates
            .iter()
            .copied()
            .filter(|&c| joined.contains(&scene.components[c].kind))
            .collect();
        if !narrowed.is_empty() && narrowed.len() < m.candidates.len() {
            m.candidates = narrowed;
        }
    }
}

/// Whether a word is a comparative of a component's name ("smarter" with a model called
/// smart): never a typo of another word.
fn comparative_of_name(word: &str, scene: &Scene) -> bool {
    ["er", "est"].iter().any(|suffix| {
        word.strip_suffix(suffix).is_some_and(|base| {
            let b = base.as_bytes();
            let undoubled = if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                &base[..base.len() - 1]
            } else {
                base
            };
            base.len() >= 3
                && scene.components.iter().any(|c| {
                    let k = name_key(&c.name);
                    k == base || k == undoubled || k == format!("{base}e")
                })
        })
    })
}
