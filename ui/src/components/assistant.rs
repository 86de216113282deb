//! The assistant panel beside the document: a conversation per document, answers streaming
//! in (stoppable), Markdown rendered from text nodes only, and every proposed change as a
//! card with its diff and Apply / Reject. Applying is one undoable edit; the card then offers
//! to save and commit with the request as the commit message.
//!
//! The conversations live in [`Chats`], provided by the root so that they survive closing
//! the panel and switching documents; the backend's `assist-event`s are folded into it.

use std::collections::HashMap;
use std::rc::Rc;

use trellis_protocol::{
    AssistEventDto, AssistSettingsDto, AssistStreamDto, ProposalDto, ProviderKind,
};
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;
use crate::markdown;
use crate::state::{self, AppContext};

/// What became of a proposal.
#[derive(Clone, Debug, PartialEq)]
pub enum CardState {
    Open,
    Working,
    Applied,
    Committed(String),
    Rejected,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub proposal: Rc<ProposalDto>,
    pub state: CardState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    User(String),
    Assistant {
        turn: u64,
        text: String,
        tools: Vec<String>,
        cards: Vec<Card>,
        error: Option<String>,
        done: bool,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chat {
    pub entries: Vec<Entry>,
    /// The turn being answered.
    pub running: Option<u64>,
}

/// Every document's conversation, by path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chats {
    pub by_path: HashMap<String, Chat>,
    next_turn: u64,
}

pub enum ChatAction {
    Ask {
        path: String,
        request: String,
    },
    Stream(AssistStreamDto),
    /// The command itself failed (before or without events).
    Failed {
        path: String,
        turn: u64,
        message: String,
    },
    Card {
        path: String,
        id: u64,
        state: CardState,
    },
    Clear(String),
}

impl Reducible for Chats {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ChatAction::Ask { path, request } => {
                next.next_turn += 1;
                let turn = next.next_turn;
                let chat = next.by_path.entry(path).or_default();
                chat.entries.push(Entry::User(request));
                chat.entries.push(Entry::Assistant {
                    turn,
                    text: String::new(),
                    tools: Vec::new(),
                    cards: Vec::new(),
                    error: None,
                    done: false,
                });
                chat.running = Some(turn);
            }
            ChatAction::Stream(s) => {
                let Some(chat) = next.by_path.get_mut(&s.path) else {
                    return self;
                };
                let Some(Entry::Assistant {
                    text,
                    tools,
                    cards,
                    error,
                    done,
                    ..
                }) = chat
                    .entries
                    .iter_mut()
                    .rev()
                    .find(|e| matches!(e, Entry::Assistant { turn, .. } if *turn == s.turn))
                else {
                    return self;
                };
                match s.event {
                    AssistEventDto::Text { text: t } => text.push_str(&t),
                    AssistEventDto::Tool { name } => tools.push(name),
                    AssistEventDto::Proposal { proposal } => cards.push(Card {
                        proposal: Rc::new(proposal),
                        state: CardState::Open,
                    }),
                    AssistEventDto::Done => *done = true,
                    AssistEventDto::Error { message } => {
                        *error = Some(message);
                        *done = true;
                    }
                }
                if *done && chat.running == Some(s.turn) {
                    chat.running = None;
                }
            }
            ChatAction::Failed {
                path,
                turn,
                message,
            } => {
                let Some(chat) = next.by_path.get_mut(&path) else {
                    return self;
                };
                for e in chat.entries.iter_mut().rev() {
                    if let Entry::Assistant {
                        turn: t,
                        error,
                        done,
                        ..
                    } = e
                    {
                        if *t == turn && !*done {
                            *error = Some(message.clone());
                            *done = true;
                        }
                    }
                }
                if chat.running == Some(turn) {
                    chat.running = None;
                }
            }
            ChatAction::Card { path, id, state } => {
                let Some(chat) = next.by_path.get_mut(&path) else {
                    return self;
                };
                for e in &mut chat.entries {
                    if let Entry::Assistant { cards, .. } = e {
                        for c in cards.iter_mut().filter(|c| c.proposal.id == id) {
                            c.state = state.clone();
                        }
                    }
                }
            }
            ChatAction::Clear(path) => {
                next.by_path.remove(&path);
            }
        }
        Rc::new(next)
    }
}

impl Chats {
    /// The number the next [`ChatAction::Ask`] gives its turn.
    pub fn upcoming_turn(&self) -> u64 {
        self.next_turn + 1
    }
}

pub type ChatsContext = UseReducerHandle<Chats>;

/// Suggestions shown in an empty conversation, for the document's pack (from its schema's
/// origin, `pack agent-stack`).
fn suggestions(origin: Option<&str>) -> Vec<&'static str> {
    let first = match origin.and_then(|o| o.strip_prefix("pack ")) {
        Some("docker-compose") => "Add a redis service",
        Some("github-actions") => "Add a test job that runs cargo test",
        Some("otel-collector") => "Add a batch processor to the traces pipeline",
        _ => "Create a production setup with OpenAI",
    };
    vec![first, "Describe this configuration", "Why is this invalid?"]
}

#[derive(Properties, PartialEq)]
pub struct AssistantProps {
    pub path: AttrValue,
    pub on_close: Callback<()>,
}

/// Sends a request about `path`.
fn ask(chats: &ChatsContext, path: &str, request: String) {
    let request = request.trim().to_string();
    if request.is_empty() {
        return;
    }
    let turn = chats.upcoming_turn();
    chats.dispatch(ChatAction::Ask {
        path: path.to_string(),
        request: request.clone(),
    });
    let chats = chats.clone();
    let path = path.to_string();
    spawn_local(async move {
        if let Err(e) = ipc::assist(&path, &request, turn).await {
            chats.dispatch(ChatAction::Failed {
                path,
                turn,
                message: e.message,
            });
        }
    });
}

#[component]
pub fn AssistantPanel(props: &AssistantProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let chats = use_context::<ChatsContext>().expect("ChatsContext");
    let draft = use_state(String::new);
    let settings = use_state(|| None::<AssistSettingsDto>);
    let settings_open = use_state(|| false);
    let log_ref = use_node_ref();
    let path = props.path.to_string();
    let chat = chats.by_path.get(&path).cloned().unwrap_or_default();

    {
        let settings = settings.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(s) = ipc::assist_settings().await {
                    settings.set(Some(s));
                }
            });
        });
    }
    {
        // Keep the newest part of the conversation in view.
        let log_ref = log_ref.clone();
        use_effect_with(chat.clone(), move |_| {
            if let Some(el) = log_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let send = {
        let chats = chats.clone();
        let draft = draft.clone();
        let path = path.clone();
        let running = chat.running.is_some();
        Callback::from(move |_: ()| {
            if running {
                return;
            }
            ask(&chats, &path, (*draft).clone());
            draft.set(String::new());
        })
    };
    let on_input = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                draft.set(t.value());
            }
        })
    };
    let on_keydown = {
        let send = send.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.shift_key() {
                e.prevent_default();
                send.emit(());
            }
        })
    };
    let stop = {
        let path = path.clone();
        Callback::from(move |_: MouseEvent| {
            let path = path.clone();
            spawn_local(async move {
                let _ = ipc::assist_stop(&path).await;
            });
        })
    };
    let clear = {
        let path = path.clone();
        let chats = chats.clone();
        Callback::from(move |_: MouseEvent| {
            chats.dispatch(ChatAction::Clear(path.clone()));
            let path = path.clone();
            spawn_local(async move {
                let _ = ipc::clear_assist(&path).await;
            });
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let toggle_settings = {
        let settings_open = settings_open.clone();
        Callback::from(move |_: MouseEvent| settings_open.set(!*settings_open))
    };
    let provider_label = match &*settings {
        Some(s) if s.provider == ProviderKind::OpenaiCompatible => s.model.clone(),
        _ => "Offline".to_string(),
    };

    let entries = chat.entries.iter().map(|entry| match entry {
        Entry::User(text) => html! {
            <div class="chat-msg user" data-testid="chat-user">{text.clone()}</div>
        },
        Entry::Assistant {
            text,
            tools,
            cards,
            error,
            done,
            ..
        } => html! {
            <div class="chat-msg assistant" data-testid="chat-assistant">
                if !tools.is_empty() {
                    <div class="chat-tools muted">{format!("Consulted: {}", tools.join(", "))}</div>
                }
                <div class="chat-text markdown" data-testid="chat-text">{markdown::render(text)}</div>
                { for cards.iter().map(|c| html! {
                    <ProposalCard path={AttrValue::from(path.clone())} card={c.clone()}
                                  show_summary={!text.contains(c.proposal.summary.as_str())} />
                }) }
                if let Some(e) = error {
                    <div class="chat-error" role="alert" data-testid="chat-error">{e.clone()}</div>
                }
                if !*done && error.is_none() {
                    <div class="chat-typing muted" data-testid="chat-running">{"Thinking…"}</div>
                }
            </div>
        },
    });

    let origin = ctx
        .problems
        .as_ref()
        .and_then(|p| p.result.schema.as_ref())
        .map(|s| s.origin.clone());
    let suggestions = suggestions(origin.as_deref()).into_iter().map(|s| {
        let chats = chats.clone();
        let path = path.clone();
        let text = s.to_string();
        let onclick = Callback::from(move |_: MouseEvent| ask(&chats, &path, text.clone()));
        html! { <button class="chip" data-testid="chat-suggestion" {onclick}>{s}</button> }
    });

    html! {
        <aside class="assistant" data-testid="assistant" aria-label="Assistant">
            <header class="assistant-header">
                <span class="assistant-title">{"Assistant"}</span>
                <span class="badge" data-testid="assistant-provider">{provider_label}</span>
                <span class="status-spacer" />
                <button class="button small ghost" title="Assistant settings" data-testid="assistant-settings"
                        onclick={toggle_settings}>{"Settings"}</button>
                <button class="button small ghost" title="Start a new conversation" data-testid="assistant-clear"
                        onclick={clear} disabled={chat.running.is_some()}>{"New chat"}</button>
                <button class="button small ghost" title="Close the assistant" data-testid="assistant-close"
                        onclick={close}>{"×"}</button>
            </header>
            if *settings_open {
                <SettingsForm settings={(*settings).clone()} on_saved={{
                    let settings = settings.clone();
                    let settings_open = settings_open.clone();
                    Callback::from(move |s: AssistSettingsDto| { settings.set(Some(s)); settings_open.set(false); })
                }} />
            }
            <div class="chat-log" ref={log_ref} data-testid="chat-log">
                if chat.entries.is_empty() {
                    <div class="chat-empty muted">
                        <p>{"Ask for a change or a question about this file. Every change comes back as a proposal: you see the diff first, and nothing is applied until you say so."}</p>
                        <div class="chips">{ for suggestions }</div>
                    </div>
                }
                { for entries }
            </div>
            <div class="chat-input">
                <textarea data-testid="chat-input" rows="2" placeholder="Ask the assistant… (Enter to send)"
                          value={(*draft).clone()} oninput={on_input} onkeydown={on_keydown} spellcheck="false" />
                if chat.running.is_some() {
                    <button class="button small" data-testid="chat-stop" onclick={stop}>{"Stop"}</button>
                } else {
                    <button class="button small primary" data-testid="chat-send"
                            disabled={draft.trim().is_empty()}
                            onclick={{ let send = send.clone(); Callback::from(move |_: MouseEvent| send.emit(())) }}>{"Send"}</button>
                }
            </div>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    path: AttrValue,
    card: Card,
    /// Whether the summary adds to the answer's text (a model's proposal) or repeats it.
    show_summary: bool,
}

#[component]
fn ProposalCard(props: &CardProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let chats = use_context::<ChatsContext>().expect("ChatsContext");
    let p = props.card.proposal.clone();
    let path = props.path.to_string();
    let set_state = {
        let chats = chats.clone();
        let path = path.clone();
        let id = p.id;
        move |state: CardState| {
            chats.dispatch(ChatAction::Card {
                path: path.clone(),
                id,
                state,
            })
        }
    };
    let apply = {
        let ctx = ctx.clone();
        let path = path.clone();
        let set_state = set_state.clone();
        let id = p.id;
        Callback::from(move |_: MouseEvent| {
            set_state(CardState::Working);
            let (ctx, path, set_state) = (ctx.clone(), path.clone(), set_state.clone());
            spawn_local(async move {
                match ipc::apply_proposal(&path, id).await {
                    Ok(document) => {
                        set_state(CardState::Applied);
                        state::show_document(
                            &ctx,
                            document,
                            Some("Applied the assistant's change".into()),
                        );
                    }
                    Err(e) => set_state(CardState::Failed(e.message)),
                }
            });
        })
    };
    let reject = {
        let path = path.clone();
        let set_state = set_state.clone();
        let id = p.id;
        Callback::from(move |_: MouseEvent| {
            set_state(CardState::Rejected);
            let path = path.clone();
            spawn_local(async move {
                let _ = ipc::reject_proposal(&path, id).await;
            });
        })
    };
    let commit = {
        let ctx = ctx.clone();
        let path = path.clone();
        let set_state = set_state.clone();
        let message = format!("Assistant: {}", p.request);
        Callback::from(move |_: MouseEvent| {
            set_state(CardState::Working);
            let (ctx, path, set_state, message) = (
                ctx.clone(),
                path.clone(),
                set_state.clone(),
                message.clone(),
            );
            spawn_local(async move {
                match ipc::save_document(&path, Some(&message)).await {
                    Ok(document) => {
                        let note = document
                            .version_note
                            .clone()
                            .unwrap_or_else(|| format!("Saved {path}"));
                        set_state(CardState::Committed(note.clone()));
                        state::show_document(&ctx, document, Some(note));
                    }
                    Err(e) => set_state(CardState::Failed(e.message)),
                }
            });
        })
    };
    let undo = {
        let ctx = ctx.clone();
        let set_state = set_state.clone();
        Callback::from(move |_: MouseEvent| {
            state::undo(&ctx);
            set_state(CardState::Rejected);
        })
    };
    let (added, removed) = (p.diff.added, p.diff.removed);
    let lines = p.diff.hunks.iter().flat_map(|h| {
        let head = html! {
            <div class="card-diff-hunk">{format!("@@ line {} @@", h.new_start.max(1))}</div>
        };
        std::iter::once(head).chain(h.lines.iter().map(|l| {
            let (class, sign) = match l.tag.as_str() {
                "insert" => ("ins", "+"),
                "delete" => ("del", "−"),
                _ => ("", " "),
            };
            let text: String = l.parts.iter().map(|(t, _)| t.as_str()).collect();
            html! {
                <div class={classes!("card-diff-line", class)}>
                    <span class="card-diff-sign">{sign}</span>{text.trim_end_matches('\n').to_string()}
                </div>
            }
        }))
    });
    let state = &props.card.state;
    html! {
        <div class={classes!("proposal-card", matches!(state, CardState::Rejected).then_some("rejected"))}
             data-testid="proposal" data-id={p.id.to_string()}>
            <div class="proposal-head">
                <span class="proposal-title">{"Proposed change"}</span>
                <span class="diffstat">
                    <span class="ins-count">{format!("+{added}")}</span>{" "}
                    <span class="del-count">{format!("−{removed}")}</span>
                </span>
            </div>
            if props.show_summary {
                <div class="proposal-summary">{markdown::render(&p.summary)}</div>
            }
            <div class="card-diff" data-testid="proposal-diff">{ for lines }</div>
            <div class="proposal-actions">
                { match state {
                    CardState::Open => html! { <>
                        <button class="button small primary" data-testid="proposal-apply" onclick={apply}>{"Apply"}</button>
                        <button class="button small" data-testid="proposal-reject" onclick={reject}>{"Reject"}</button>
                    </> },
                    CardState::Working => html! { <span class="muted">{"Working…"}</span> },
                    CardState::Applied => html! { <>
                        <span class="pill ok" data-testid="proposal-applied">{"Applied"}</span>
                        <button class="button small primary" data-testid="proposal-commit"
                                title={format!("Save and commit with the message \"Assistant: {}\"", p.request)}
                                onclick={commit}>{"Save & commit"}</button>
                        <button class="button small" data-testid="proposal-undo" onclick={undo}>{"Undo"}</button>
                    </> },
                    CardState::Committed(note) => html! {
                        <span class="pill ok" data-testid="proposal-committed">{note.clone()}</span>
                    },
                    CardState::Rejected => html! { <span class="muted" data-testid="proposal-rejected">{"Not applied"}</span> },
                    CardState::Failed(e) => html! { <span class="chat-error" role="alert" data-testid="proposal-failed">{e.clone()}</span> },
                } }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SettingsProps {
    settings: Option<AssistSettingsDto>,
    on_saved: Callback<AssistSettingsDto>,
}

/// Reads a field of the settings form by its `name`.
fn field(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form.elements()
        .named_item(name)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

#[component]
fn SettingsForm(props: &SettingsProps) -> Html {
    let current = props.settings.clone().unwrap_or_default();
    let provider = use_state(|| current.provider);
    let error = use_state(|| None::<String>);
    let status = use_state(|| current.key_status.clone());
    let submit = {
        let provider = provider.clone();
        let error = error.clone();
        let status = status.clone();
        let on_saved = props.on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(form) = e.target_dyn_into::<web_sys::HtmlFormElement>() else {
                return;
            };
            let settings = AssistSettingsDto {
                provider: *provider,
                base_url: field(&form, "base_url"),
                model: field(&form, "model"),
                key_env: field(&form, "key_env"),
                key_status: String::new(),
            };
            let key = field(&form, "key");
            let (error, status, on_saved) = (error.clone(), status.clone(), on_saved.clone());
            spawn_local(async move {
                let saved = match ipc::set_assist_settings(&settings).await {
                    Ok(saved) => saved,
                    Err(e) => {
                        error.set(Some(e.message));
                        return;
                    }
                };
                // The settings are kept even when the keyring refuses the key; the form
                // stays open to say so.
                if !key.trim().is_empty() {
                    match ipc::set_assist_key(Some(key.trim())).await {
                        Ok(s) => status.set(s.key_status),
                        Err(e) => {
                            status.set(saved.key_status.clone());
                            error.set(Some(e.message));
                            return;
                        }
                    }
                }
                error.set(None);
                on_saved.emit(saved);
            });
        })
    };
    let choose = |kind: ProviderKind| {
        let provider = provider.clone();
        Callback::from(move |_: Event| provider.set(kind))
    };
    let remote = *provider == ProviderKind::OpenaiCompatible;
    html! {
        <form class="assistant-settings" data-testid="assistant-settings-form" onsubmit={submit}>
            <label class="radio"><input type="radio" name="provider" checked={!remote}
                   onchange={choose(ProviderKind::Offline)} data-testid="provider-offline" />
                {"Offline engine (no key, no network)"}</label>
            <label class="radio"><input type="radio" name="provider" checked={remote}
                   onchange={choose(ProviderKind::OpenaiCompatible)} data-testid="provider-openai" />
                {"OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp)"}</label>
            if remote {
                <label>{"Server"}<input name="base_url" value={current.base_url.clone()} spellcheck="false" /></label>
                <label>{"Model"}<input name="model" value={current.model.clone()} spellcheck="false" /></label>
                <label>{"API key (kept in the system keyring)"}
                    <input name="key" type="password" placeholder="unchanged" autocomplete="off" /></label>
                <label>{"Or read it from the variable"}<input name="key_env" value={current.key_env.clone()} spellcheck="false" /></label>
                <p class="muted" data-testid="key-status">{(*status).clone()}</p>
            } else {
                <input type="hidden" name="base_url" value={current.base_url.clone()} />
                <input type="hidden" name="model" value={current.model.clone()} />
                <input type="hidden" name="key_env" value={current.key_env.clone()} />
            }
            if let Some(e) = &*error {
                <p class="chat-error" role="alert">{e.clone()}</p>
            }
            <button class="button small primary" type="submit" data-testid="assistant-settings-save">{"Save settings"}</button>
        </form>
    }
}
