//! The read-only source view: the file's text with line numbers.
//!
//! Only the lines in and near the viewport are rendered: a file of a million lines costs the
//! same few dozen DOM rows as a short one, so large documents never freeze the window. Every
//! row has the fixed height [`LINE_HEIGHT`] (kept in step with `.line` in `style.css`).

use std::ops::Range;
use yew::prelude::*;

/// Height of one source line in CSS pixels.
const LINE_HEIGHT: f64 = 20.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 40;

#[derive(Properties, PartialEq)]
pub struct SourceProps {
    pub text: AttrValue,
    /// 1-based line to highlight (and scroll into view).
    pub highlight_line: Option<u32>,
}

#[component]
pub fn SourceView(props: &SourceProps) -> Html {
    let container = use_node_ref();
    // (scrollTop, clientHeight) of the scrolling container.
    let viewport = use_state(|| (0.0_f64, 1200.0_f64));
    let lines = use_memo(props.text.clone(), |text| line_ranges(text));

    {
        let container = container.clone();
        let viewport = viewport.clone();
        use_effect_with(props.highlight_line, move |highlight| {
            if let Some(el) = container.cast::<web_sys::Element>() {
                if let Some(line) = highlight {
                    let top = f64::from(line.saturating_sub(1)) * LINE_HEIGHT;
                    let (scroll, height) =
                        (f64::from(el.scroll_top()), f64::from(el.client_height()));
                    if top < scroll || top + LINE_HEIGHT > scroll + height {
                        el.set_scroll_top((top - height / 3.0).max(0.0) as i32);
                    }
                }
                viewport.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        });
    }

    let onscroll = {
        let container = container.clone();
        let viewport = viewport.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = container.cast::<web_sys::Element>() {
                viewport.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        })
    };

    let (scroll, height) = *viewport;
    let visible = visible_rows(scroll, height, lines.len());
    let text = props.text.as_str();
    let rows = visible.clone().map(|i| {
        let number = i as u32 + 1;
        let current = props.highlight_line == Some(number);
        let line = text[lines[i].clone()].trim_end_matches('\r');
        html! {
            <div class={classes!("line", current.then_some("current"))} key={number}>
                <span class="gutter">{number}</span>
                <span class="code">{line.to_string()}</span>
            </div>
        }
    });
    let total = lines.len() as f64 * LINE_HEIGHT;
    let offset = visible.start as f64 * LINE_HEIGHT;
    html! {
        <div class="source" data-testid="source-view" data-lines={lines.len().to_string()}
             ref={container} {onscroll}>
            <div class="source-canvas" style={format!("height: {total}px")}>
                <div class="source-rows" style={format!("transform: translateY({offset}px)")}>
                    {for rows}
                </div>
            </div>
        </div>
    }
}

/// Byte ranges of the lines of `text` (without their `\n`); a final line break does not
/// start another line.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = Vec::with_capacity(body.len() / 32 + 1);
    let mut start = 0;
    for (i, b) in body.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..body.len());
    out
}

/// The rows to render for a viewport at `scroll` of `height` pixels.
fn visible_rows(scroll: f64, height: f64, count: usize) -> Range<usize> {
    let first = (scroll / LINE_HEIGHT).floor().max(0.0) as usize;
    let shown = (height / LINE_HEIGHT).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN).min(count);
    let end = (first + shown + OVERSCAN).min(count);
    start..end
}
