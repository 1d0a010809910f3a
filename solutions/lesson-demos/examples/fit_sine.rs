//! Demonstration 2 of the lesson: the network Linear(1,10) → f → Linear(10,1) trained on
//! sin(x) with no activation, ReLU, tanh and swish between its layers, from the same seeded
//! initialisation.
//!
//! `cargo run --example fit_sine [-- OUT.svg]` writes the figure to `OUT.svg`, or by default to
//! `target/lesson-figures/fit-sine.svg`, prints where, and prints each final loss. The copy on
//! the front page is `lessons/figures/fit-sine.svg`, redrawn by
//! `cargo run -p lesson-demos --bin figures`. It runs the reference solutions of exercises 2 and
//! 3, so it is in the teacher's copy of the course only.

use anyhow::Context as _;
use lesson_demos::fit_sine::{self, FIGURE, SEED};
use std::time::Instant;
use tanh_swap_solution::EPOCHS;

fn main() -> anyhow::Result<()> {
    let path = lessons::demo_output(FIGURE);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let started = Instant::now();
    let (truth, fits) = fit_sine::fits(SEED, EPOCHS).context("training the four networks")?;
    let seconds = started.elapsed().as_secs_f64();
    println!("Linear(1,10) → f → Linear(10,1) on sin(x), seed {SEED}, {EPOCHS} epochs of Adam:");
    for fit in &fits {
        println!("  {:<14} final MSE {:.4}", fit.name, fit.final_loss());
    }
    println!(
        "  ({} trainings in {seconds:.2} s; the best straight line has MSE 0.4222)",
        fits.len()
    );
    fit_sine::draw(&truth, &fits, SEED, &path)
        .with_context(|| format!("drawing {}", path.display()))?;
    println!("Fitting sin(x): wrote {}", path.display());
    Ok(())
}
