//! Every figure committed to the course, where it lives and what draws it.
//! `cargo run -p lesson-demos --bin figures` redraws them all.
//!
//! The figures in `exercises/<name>/figures/` carry the names the grader's checks give the
//! figures they draw with a student's code (`derivatives.svg`, `tanh-swap.svg`, `swish.svg`): the
//! HTML report (`cargo run -p grader -- --format html`) shows each student figure beside the
//! committed one of the same name, and the lessons show them too. All are drawn with the
//! reference solutions' own functions.

use crate::{collapse, fit_sine};
use std::path::Path;
use tanh_swap_solution::EPOCHS;

/// How many points the figures of exercises 1 and 3 sample: as many as the grader's figure
/// checks use (`FIGURE_SAMPLES` in `grader/checks/{derivatives,swish}/src/visible.rs`).
pub const CHECK_SAMPLES: usize = 201;

/// One committed figure.
pub struct Figure {
    /// Its path inside the course.
    pub path: &'static str,
    /// What it shows, in a few words.
    pub shows: &'static str,
    /// Whether a training run draws it (its curves may differ by a pixel on another CPU).
    pub trained: bool,
    /// Draws it into the file at the given path.
    pub draw: fn(&Path) -> anyhow::Result<()>,
}

/// Every committed figure, front page first, then the lessons in order.
pub const FIGURES: [Figure; 6] = [
    Figure {
        path: "lessons/figures/activations.svg",
        shows: "demonstration 1: the common activations",
        trained: false,
        draw: lessons::activations::draw,
    },
    Figure {
        path: "lessons/figures/fit-sine.svg",
        shows: "demonstration 2: fitting sin(x) with no activation, ReLU, tanh and swish",
        trained: true,
        draw: draw_fit_sine,
    },
    Figure {
        path: "exercises/derivatives/figures/derivatives.svg",
        shows: "exercise 1: each activation above its derivative",
        trained: false,
        draw: draw_derivatives,
    },
    Figure {
        path: "exercises/tanh-swap/figures/tanh-swap.svg",
        shows: "exercise 2: the fits of sin(x) with no activation, ReLU and tanh",
        trained: true,
        draw: draw_tanh_swap,
    },
    Figure {
        path: "exercises/swish/figures/swish.svg",
        shows: "exercise 3: swish beside ReLU, and their derivatives",
        trained: false,
        draw: draw_swish,
    },
    Figure {
        path: "exercises/linear-collapse/figures/collapse.svg",
        shows:
            "exercise 4: a stack of linear layers with and without activations, and its collapse",
        trained: false,
        draw: collapse::draw,
    },
];

fn draw_fit_sine(path: &Path) -> anyhow::Result<()> {
    let (truth, fits) = fit_sine::fits(fit_sine::SEED, EPOCHS)?;
    fit_sine::draw(&truth, &fits, fit_sine::SEED, path)
}

fn draw_derivatives(path: &Path) -> anyhow::Result<()> {
    let curves = derivatives_solution::figure_curves(CHECK_SAMPLES)?;
    derivatives_solution::draw_figure(&curves, path)
}

/// The grader's figure check draws `figure_curves(0, EPOCHS)` (seed 0, the lesson's epochs).
fn draw_tanh_swap(path: &Path) -> anyhow::Result<()> {
    let curves = tanh_swap_solution::figure_curves(0, EPOCHS)?;
    tanh_swap_solution::draw_figure(&curves, path)
}

fn draw_swish(path: &Path) -> anyhow::Result<()> {
    let panels = swish_solution::figure_panels(CHECK_SAMPLES)?;
    swish_solution::draw_figure(&panels, path)
}

/// Compares two SVG texts: the same text between numbers, and numbers that differ by at most
/// `tolerance` (plotters writes pixel coordinates, so 1 is one pixel). Returns the first
/// difference found.
pub fn svg_differences(expected: &str, got: &str, tolerance: f64) -> Option<String> {
    let (expected, got) = (tokens(expected), tokens(got));
    if expected.len() != got.len() {
        return Some(format!(
            "{} tokens instead of {}",
            got.len(),
            expected.len()
        ));
    }
    for (index, (want, have)) in expected.iter().zip(&got).enumerate() {
        let close = match (want.parse::<f64>(), have.parse::<f64>()) {
            (Ok(a), Ok(b)) => (a - b).abs() <= tolerance,
            _ => want == have,
        };
        if !close {
            return Some(format!("token {index}: {have:?} instead of {want:?}"));
        }
    }
    None
}

/// The SVG text cut into numbers and the runs of other characters between them.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut in_number = false;
    for (index, c) in text.char_indices() {
        let numeric = c.is_ascii_digit() || c == '.' || c == '-';
        if numeric != in_number && index > start {
            tokens.push(&text[start..index]);
            start = index;
        }
        in_number = numeric;
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_may_move_a_little_and_text_not_at_all() {
        let svg = r#"<polyline points="10,20 31,-4"/><text>ReLU</text>"#;
        assert_eq!(svg_differences(svg, svg, 0.0), None);
        let moved = r#"<polyline points="11,20 31,-5"/><text>ReLU</text>"#;
        assert_eq!(svg_differences(svg, moved, 1.0), None);
        assert!(svg_differences(svg, moved, 0.5).is_some());
        let renamed = r#"<polyline points="10,20 31,-4"/><text>tanh</text>"#;
        assert!(svg_differences(svg, renamed, 1.0).is_some());
    }

    /// The committed figures are what the current code draws. On the machine that drew them
    /// they are byte for byte the same; elsewhere a pixel may move (floating point can differ
    /// in the last bits between CPUs, and a training run amplifies it), so this allows one
    /// pixel, and three for figures of trained networks.
    #[test]
    fn the_committed_figures_are_up_to_date() -> anyhow::Result<()> {
        let root = lessons::course_root();
        let scratch = std::env::temp_dir().join(format!("lesson-figures-{}", std::process::id()));
        std::fs::create_dir_all(&scratch)?;
        for figure in &FIGURES {
            let committed = std::fs::read_to_string(root.join(figure.path)).map_err(|err| {
                anyhow::anyhow!(
                    "{}: {err}; draw it with `cargo run -p lesson-demos --bin figures`",
                    figure.path
                )
            })?;
            let fresh = scratch.join(figure.path.replace('/', "_"));
            (figure.draw)(&fresh)?;
            let drawn = std::fs::read_to_string(&fresh)?;
            let tolerance = if figure.trained { 3.0 } else { 1.0 };
            if let Some(difference) = svg_differences(&committed, &drawn, tolerance) {
                panic!(
                    "{} is not what the code draws now ({difference}): redraw the figures with \
                     `cargo run -p lesson-demos --bin figures` and commit them",
                    figure.path
                );
            }
        }
        std::fs::remove_dir_all(&scratch)?;
        Ok(())
    }
}
