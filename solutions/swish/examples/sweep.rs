//! The sweep behind the training check's threshold: the grader's own training run
//! (`lesson_reference::final_loss`, the very code the hidden check runs) over many
//! initialisation seeds, for swish (this solution's layer), ReLU, tanh and no
//! activation at all. Prints a Markdown table of the final MSE: min, median, p90, max.
//!
//! `cargo run --release -p swish-solution --example sweep -- [SEEDS] [--from FIRST] [--only NAME]`
//! (default: 1000 seeds from 0, all four activations). Medians of an even count average the two
//! middle values; p90 is the nearest-rank 90th percentile, the smallest value that at least 90% of
//! the runs reach or stay below.

use anyhow::Context as _;
use candle_core::{Module, Tensor};
use candle_nn::Activation;
use std::time::Instant;

/// No activation: the network collapses to an affine function of x.
struct Identity;

impl Module for Identity {
    fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        Ok(xs.clone())
    }
}

fn main() -> anyhow::Result<()> {
    let options = Options::parse()?;
    // candle-nn's `Activation` has no tanh: a closure made into a `Module` stands in.
    let tanh = candle_nn::func(|xs| xs.tanh());
    let activations: Vec<(&str, &dyn Module)> = [
        ("swish", &swish_solution::Swish as &dyn Module),
        ("relu", &Activation::Relu),
        ("tanh", &tanh),
        ("none (linear)", &Identity),
    ]
    .into_iter()
    .filter(|(name, _)| {
        options
            .only
            .as_deref()
            .is_none_or(|only| name.starts_with(only))
    })
    .collect();
    let (first, seeds) = (options.first, options.seeds);
    let started = Instant::now();
    let mut all = Vec::new();
    for (name, activation) in activations {
        let mut losses = Vec::new();
        for seed in first..first + seeds {
            let loss = lesson_reference::final_loss(activation, seed)
                .with_context(|| format!("training with {name}, seed {seed}"))?;
            losses.push(f64::from(loss));
        }
        all.push((name, losses));
    }
    let runs = all.len() as u64 * seeds;
    println!(
        "{runs} runs of {} epochs (seeds {first}..{}) in {:.1} s ({:.0} us per epoch)\n",
        lesson_data::EPOCHS,
        first + seeds,
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64() * 1e6 / (runs as f64 * lesson_data::EPOCHS as f64)
    );
    println!("| activation | epochs | seeds | min | median | p90 | max |");
    println!("|---|---|---|---|---|---|---|");
    for (name, losses) in &all {
        let [min, median, p90, max] = summary(losses);
        println!(
            "| {name} | {} | {seeds} | {min:.4} | {median:.4} | {p90:.4} | {max:.4} |",
            lesson_data::EPOCHS
        );
    }
    println!();
    let find = |wanted: &str| all.iter().find(|(name, _)| *name == wanted).map(|(_, l)| l);
    if let Some(swish) = find("swish") {
        for other in ["relu", "tanh"] {
            if let Some(losses) = find(other) {
                let wins = swish.iter().zip(losses).filter(|(s, o)| s < o).count();
                println!("swish ends below {other} on {wins} of {seeds} seeds");
            }
        }
        let mut worst: Vec<(u64, f64)> = (first..).zip(swish.iter().copied()).collect();
        worst.sort_by(|a, b| b.1.total_cmp(&a.1));
        let shown: Vec<String> = worst
            .iter()
            .take(5)
            .map(|(seed, loss)| format!("{loss:.4} (seed {seed})"))
            .collect();
        println!("swish's worst runs: {}", shown.join(", "));
    }
    Ok(())
}

/// `[SEEDS] [--from FIRST] [--only NAME]`: how many seeds, the first one (default 0), and one
/// activation alone (a name prefix: `swish`, `relu`, `tanh`, `none`).
struct Options {
    seeds: u64,
    first: u64,
    only: Option<String>,
}

impl Options {
    fn parse() -> anyhow::Result<Options> {
        let mut options = Options {
            seeds: 1000,
            first: 0,
            only: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--from" => {
                    let value = args.next().context("--from needs a seed")?;
                    options.first = value.parse().context("--from needs a whole number")?;
                }
                "--only" => options.only = Some(args.next().context("--only needs an activation")?),
                count => options.seeds = count.parse().context("SEEDS must be a whole number")?,
            }
        }
        Ok(options)
    }
}

/// min, median, p90 (nearest rank), max. NaN sorts last, so it shows up as the max.
fn summary(losses: &[f64]) -> [f64; 4] {
    let mut sorted = losses.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return [f64::NAN; 4];
    }
    let median = if n.is_multiple_of(2) {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    } else {
        sorted[n / 2]
    };
    let p90 = sorted[(9 * n).div_ceil(10) - 1];
    [sorted[0], median, p90, sorted[n - 1]]
}
