//! Demonstration 1 of the lesson: the common activations (ReLU, sigmoid, tanh and swish) on one
//! chart.
//!
//! `cargo run --example plot_activations [-- OUT.svg]` writes the chart to `OUT.svg`, or by
//! default to `target/lesson-figures/activations.svg`, and prints where. The copy on the front
//! page is `lessons/figures/activations.svg`, redrawn by `cargo run -p lesson-demos --bin figures`.

use anyhow::Context as _;
use lessons::activations;

fn main() -> anyhow::Result<()> {
    let path = lessons::demo_output(activations::FIGURE);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    activations::draw(&path).with_context(|| format!("drawing {}", path.display()))?;
    println!("The common activations: wrote {}", path.display());
    Ok(())
}
