//! The banner showing the last error, with its place in the file when it has one.

use yew::prelude::*;

use crate::state::{Action, AppContext};

#[component]
pub fn ErrorBanner() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let Some(error) = ctx.error.clone() else {
        return html! {};
    };
    let place = error
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}", l.file, l.line, l.column));
    let dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::DismissError))
    };
    html! {
        <div class="banner error" role="alert" data-testid="error-banner">
            <span class="banner-icon">{"!"}</span>
            <div class="banner-text">
                if let Some(place) = place {
                    <span class="banner-place" data-testid="error-location">{place}</span>
                }
                <span data-testid="error-message">{error.message.clone()}</span>
            </div>
            <button class="banner-close" title="Dismiss" onclick={dismiss}>{"×"}</button>
        </div>
    }
}
