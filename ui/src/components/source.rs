//! The read-only source view: the file's text with line numbers.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SourceProps {
    pub text: AttrValue,
    /// 1-based line to highlight.
    pub highlight_line: Option<u32>,
}

#[component]
pub fn SourceView(props: &SourceProps) -> Html {
    let text = props.text.strip_suffix('\n').unwrap_or(&props.text);
    let lines = text.split('\n').enumerate().map(|(i, line)| {
        let number = i as u32 + 1;
        let current = props.highlight_line == Some(number);
        html! {
            <div class={classes!("line", current.then_some("current"))} key={number}>
                <span class="gutter">{number}</span>
                <span class="code">{line.trim_end_matches('\r').to_string()}</span>
            </div>
        }
    });
    html! {
        <div class="source" data-testid="source-view">{for lines}</div>
    }
}
