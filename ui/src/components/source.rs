//! The read-only source view: the file's text with line numbers, and the validation's
//! problems: a marker in the gutter of each line that has one and a wavy underline under its
//! span, with the messages on hover.
//!
//! Only the lines in and near the viewport are rendered: a file of a million lines costs the
//! same few dozen DOM rows as a short one, so large documents never freeze the window. Every
//! row has the fixed height [`LINE_HEIGHT`] (kept in step with `.line` in `style.css`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::rc::Rc;

use trellis_protocol::Severity;
use yew::prelude::*;

use crate::components::problems::severity_name;
use crate::state::Problems;

/// Height of one source line in CSS pixels.
const LINE_HEIGHT: f64 = 20.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 40;

#[derive(Properties, PartialEq)]
pub struct SourceProps {
    pub text: AttrValue,
    /// 1-based line to highlight (and scroll into view).
    pub highlight_line: Option<u32>,
    /// Bumped to scroll the highlighted line into view again.
    #[prop_or_default]
    pub reveal: u64,
    /// The validation of this text, if any.
    #[prop_or_default]
    pub problems: Option<Rc<Problems>>,
}

/// What a line shows of the problems on it.
#[derive(Default, PartialEq)]
struct LineMarks {
    severity: Option<Severity>,
    messages: Vec<String>,
    /// Byte ranges within the line to underline, with their severity.
    spans: Vec<(Range<usize>, Severity)>,
}

/// The problems by 0-based line. Spans that no longer fit the text (a result for an older
/// text arriving late) are left out rather than drawn in the wrong place.
fn line_marks(
    problems: Option<&Problems>,
    text: &str,
    lines: &[Range<usize>],
) -> BTreeMap<usize, LineMarks> {
    let mut out: BTreeMap<usize, LineMarks> = BTreeMap::new();
    let Some(problems) = problems else {
        return out;
    };
    for d in problems.diagnostics() {
        let Some(index) = (d.line as usize).checked_sub(1) else {
            continue;
        };
        let Some(range) = lines.get(index) else {
            continue;
        };
        let marks = out.entry(index).or_default();
        marks.severity = Some(marks.severity.map_or(d.severity, |s| s.min(d.severity)));
        marks.messages.push(d.message.clone());
        // Underline the part of the span on its first line.
        let line_end = range.start + text[range.clone()].trim_end_matches('\r').len();
        let (start, end) = (d.start as usize, (d.end as usize).min(line_end));
        if start >= range.start
            && start < end
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
        {
            marks
                .spans
                .push((start - range.start..end - range.start, d.severity));
        }
    }
    out
}

/// The code of one line, its problem spans wrapped in underlined spans.
fn render_code(line: &str, marks: Option<&LineMarks>) -> Html {
    let Some(marks) = marks.filter(|m| !m.spans.is_empty()) else {
        return html! { <span class="code">{line.to_string()}</span> };
    };
    let mut cuts = vec![0, line.len()];
    for (range, _) in &marks.spans {
        cuts.push(range.start.min(line.len()));
        cuts.push(range.end.min(line.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let title = marks.messages.join("\n");
    let pieces = cuts.windows(2).map(|w| {
        let piece = &line[w[0]..w[1]];
        let worst = marks
            .spans
            .iter()
            .filter(|(r, _)| r.start <= w[0] && w[1] <= r.end)
            .map(|(_, s)| *s)
            .min();
        match worst {
            Some(severity) => html! {
                <span class={classes!("squiggle", severity_name(severity))}
                      data-testid="problem-span" title={title.clone()}>{piece.to_string()}</span>
            },
            None => html! { {piece.to_string()} },
        }
    });
    html! { <span class="code">{for pieces}</span> }
}

#[component]
pub fn SourceView(props: &SourceProps) -> Html {
    let container = use_node_ref();
    // (scrollTop, clientHeight) of the scrolling container.
    let viewport = use_state(|| (0.0_f64, 1200.0_f64));
    let lines = use_memo(props.text.clone(), |text| line_ranges(text));
    let marks = {
        let lines = lines.clone();
        use_memo(
            (props.problems.clone(), props.text.clone()),
            move |(problems, text)| line_marks(problems.as_deref(), text, &lines),
        )
    };

    {
        let container = container.clone();
        let viewport = viewport.clone();
        use_effect_with(
            (props.highlight_line, props.reveal),
            move |(highlight, _)| {
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
            },
        );
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
        let mark = marks.get(&i);
        let severity = mark.and_then(|m| m.severity).map(severity_name);
        html! {
            <div class={classes!("line", current.then_some("current"), severity.map(|s| format!("has-{s}")))}
                 key={number} data-line={number.to_string()}>
                <span class="gutter">
                    if let (Some(mark), Some(severity)) = (mark, severity) {
                        <span class={classes!("gutter-marker", severity)} data-testid="gutter-marker"
                              data-line={number.to_string()} data-severity={severity}
                              title={mark.messages.join("\n")} />
                    }
                    {number}
                </span>
                {render_code(line, mark)}
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
