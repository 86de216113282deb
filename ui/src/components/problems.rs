//! The problems panel: the shown document's diagnostics, in the order of the text. Clicking
//! a row selects its node in the structure view and scrolls the source to its line; a quick
//! fix is one button per fix, applied as one undoable step.

use trellis_protocol::{DiagnosticDto, SchemaInfo, Severity};
use yew::prelude::*;

use crate::state::{self, Action, AppContext};

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `Agent stack (from the file name)`.
pub fn schema_label(schema: &SchemaInfo) -> String {
    format!("{} ({})", schema.name, schema.via)
}

/// `2 errors`, `1 warning`.
pub fn count(n: u32, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A message with its `backticked` parts set as code.
pub fn rich_text(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{part.to_string()}</code> }
        } else {
            html! { {part.to_string()} }
        }
    });
    html! { {for parts} }
}

/// The severity icon: a round ✕ for errors, a triangle ! for warnings, a round i for infos.
pub fn severity_icon(severity: Severity) -> Html {
    let name = severity_name(severity);
    let glyph = match severity {
        Severity::Error => "×",
        Severity::Warning => "!",
        Severity::Info => "i",
    };
    html! { <span class={classes!("sev-icon", name)} role="img" aria-label={name}>{glyph}</span> }
}

#[component]
pub fn ProblemsPanel() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let hidden = ctx.problems_hidden;
    let toggle = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::ToggleProblems))
    };
    let diagnostics: &[DiagnosticDto] = ctx.problems.as_ref().map_or(&[], |p| p.diagnostics());
    let total = diagnostics.len();
    let schema = ctx.problems.as_ref().and_then(|p| p.result.schema.as_ref());

    let body = if let Some(error) = &ctx.validation_error {
        html! { <p class="problems-empty error" data-testid="problems-error">{rich_text(error)}</p> }
    } else if ctx.problems.is_none() {
        html! { <p class="problems-empty">{"Checking…"}</p> }
    } else if total == 0 {
        let text = if schema.is_some() {
            "No problems in this document."
        } else {
            "No problems. No schema applies to this file, so only its syntax was checked."
        };
        html! { <p class="problems-empty" data-testid="problems-none">{text}</p> }
    } else {
        diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| html! { <ProblemRow key={i} diagnostic={d.clone()} /> })
            .collect::<Html>()
    };

    html! {
        <section class={classes!("problems", hidden.then_some("collapsed"))} data-testid="problems-panel"
                 aria-label="Problems">
            <header class="problems-header">
                <button class="problems-toggle" data-testid="problems-toggle" onclick={toggle}
                        aria-expanded={(!hidden).to_string()}
                        title={if hidden { "Show problems" } else { "Hide problems" }}>
                    <span class={classes!("twisty", hidden.then_some("collapsed"))}>{"▾"}</span>
                    {"Problems"}
                    <span class={classes!("count-badge", (total > 0).then_some("some"))}
                          data-testid="problems-count">{total}</span>
                </button>
                <span class="problems-schema" title={schema.map(|s| s.origin.clone())}>
                    if let Some(schema) = schema {
                        <span class="muted">{"Schema "}</span>{schema.name.clone()}
                        <span class="muted">{format!(" · {}", schema.via)}</span>
                    }
                </span>
                if ctx.validating {
                    <span class="problems-checking" data-testid="problems-checking">{"Checking…"}</span>
                }
            </header>
            if !hidden {
                <div class="problems-list" role="list" data-testid="problems-list">{body}</div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    diagnostic: DiagnosticDto,
}

#[component]
fn ProblemRow(props: &RowProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let d = &props.diagnostic;
    let jump = {
        let ctx = ctx.clone();
        let (pointer, line) = (d.pointer.clone(), d.line);
        move || {
            ctx.dispatch(Action::RevealProblem {
                pointer: pointer.clone(),
                line,
            })
        }
    };
    let onclick = {
        let jump = jump.clone();
        Callback::from(move |_: MouseEvent| jump())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            jump();
        }
    });
    // A result for an older text may be on screen for a moment after a change: its fixes wait.
    let settled = !ctx.busy && !ctx.validating;
    let fixes = d.fixes.iter().map(|fix| {
        let onclick = {
            let ctx = ctx.clone();
            let fix = fix.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                state::apply_fix(&ctx, fix.title.clone(), fix.edits.clone());
            })
        };
        html! {
            <button class="fix-button" data-testid="fix-button" title="Apply this quick fix"
                    disabled={!settled} {onclick}>
                <span class="fix-icon" aria-hidden="true" />
                <span class="fix-title">{rich_text(&fix.title)}</span>
            </button>
        }
    });
    let severity = severity_name(d.severity);
    html! {
        <div class={classes!("problem-row", severity)} role="listitem" tabindex="0"
             data-testid="problem-row" data-severity={severity} data-code={d.code.clone()}
             data-line={d.line.to_string()} data-column={d.column.to_string()}
             data-pointer={d.pointer.clone()} title={d.message.clone()} {onclick} {onkeydown}>
            {severity_icon(d.severity)}
            <span class="problem-message" data-testid="problem-message">{rich_text(&d.message)}</span>
            if let Some(context) = &d.context {
                <span class="problem-context" data-testid="problem-context">{context.clone()}</span>
            }
            <span class="problem-pointer" data-testid="problem-pointer">
                {if d.pointer.is_empty() { "/".to_string() } else { d.pointer.clone() }}
            </span>
            <span class="problem-place" data-testid="problem-place">{format!("{}:{}", d.line, d.column)}</span>
            if !d.fixes.is_empty() {
                <span class="problem-fixes">{for fixes}</span>
            }
        </div>
    }
}
