//! The root component: provides the state, wires the window-wide behaviour (startup,
//! title, keyboard shortcuts, the close guard) and lays out the views.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::assistant::{ChatAction, Chats};
use crate::components::close_dialog::CloseDialog;
use crate::components::error_banner::ErrorBanner;
use crate::components::gallery::Gallery;
use crate::components::sidebar::Sidebar;
use crate::components::status_bar::StatusBar;
use crate::ipc;
use crate::state::{self, Action, AppContext, AppState};
use crate::views::document::DocumentView;

#[component]
pub fn App() -> Html {
    let ctx = use_reducer(AppState::default);
    let chats = use_reducer(Chats::default);

    {
        let ctx = ctx.clone();
        let chats = chats.clone();
        use_effect_with((), move |_| {
            state::start(&ctx);
            let on_failure = ctx.clone();
            spawn_local(async move {
                let listening =
                    ipc::on_assist_event(move |event| chats.dispatch(ChatAction::Stream(event)))
                        .await;
                if let Err(e) = listening {
                    on_failure.dispatch(Action::Failed(e));
                }
            });
            let on_close = ctx.clone();
            spawn_local(async move {
                let listening = ipc::on_unsaved_close(move |paths| {
                    on_close.dispatch(Action::AskBeforeClose(paths));
                })
                .await;
                if let Err(e) = listening {
                    ctx.dispatch(Action::Failed(e));
                }
            });
        });
    }

    {
        let title = ctx.title();
        use_effect_with(title, |title| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(title);
            }
            let title = title.clone();
            spawn_local(async move {
                // The page title above already carries it; a failure here only affects the
                // native title bar.
                let _ = ipc::set_title(&title).await;
            });
        });
    }

    {
        // Re-registered on every state change so the shortcuts act on the current document.
        let ctx = ctx.clone();
        use_effect_with(ctx.clone(), move |_| {
            let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(
                move |event: web_sys::KeyboardEvent| {
                    on_shortcut(&ctx, &event);
                },
            );
            let window = web_sys::window().expect("the UI runs in a window");
            let _ = window
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        });
    }

    html! {
        <ContextProvider<AppContext> context={ctx.clone()}>
        <ContextProvider<crate::components::assistant::ChatsContext> context={chats.clone()}>
            <div class="app" data-testid="app">
                <Sidebar />
                <main class="main">
                    <ErrorBanner />
                    if ctx.gallery_open {
                        <Gallery />
                    } else {
                        <DocumentView />
                    }
                </main>
                <StatusBar />
                <CloseDialog />
            </div>
        </ContextProvider<crate::components::assistant::ChatsContext>>
        </ContextProvider<AppContext>>
    }
}

fn on_shortcut(ctx: &AppContext, event: &web_sys::KeyboardEvent) {
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
        return;
    }
    // Inside a value editor, Ctrl+Z / Ctrl+Y belong to the text field.
    let in_editor = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some();
    let key = event.key().to_lowercase();
    match (key.as_str(), event.shift_key()) {
        ("s", _) => {
            event.prevent_default();
            state::save(ctx);
        }
        ("z", false) if !in_editor => {
            event.prevent_default();
            state::undo(ctx);
        }
        ("z", true) | ("y", false) if !in_editor => {
            event.prevent_default();
            state::redo(ctx);
        }
        _ => {}
    }
}
