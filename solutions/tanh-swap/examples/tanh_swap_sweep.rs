//! The sweep behind the grader's thresholds (exercises/tanh-swap/README.md, "What our runs
//! measured"): the reference solution trained with every activation on many seeds, and the
//! distribution of its final losses.
//!
//! ```text
//! cargo run --release -p tanh-swap-solution --example tanh_swap_sweep -- --seeds 1000
//! ```
//!
//! Options: `--seeds N` (default 200), `--first S` (the first seed, default 0), `--epochs E`
//! (default 1000), `--only none,relu,tanh,sigmoid` (a subset of the activations). It prints a Markdown table: per activation the min, median, 90th and 99th
//! percentiles and max of the final loss over seeds `S..S+N`; then how often tanh beats ReLU, and
//! how far the runs without activation ended from the least-squares floor of an affine model.

use anyhow::{bail, Context as _};
use std::time::Instant;
use tanh_swap_solution::{toy_data, train, Activation, EPOCHS, POINTS};

struct Options {
    seeds: u64,
    first: u64,
    epochs: usize,
    activations: Vec<Activation>,
}

/// The sweep's name for an activation on the command line.
fn parse_activation(name: &str) -> anyhow::Result<Activation> {
    Ok(match name {
        "none" => Activation::None,
        "relu" => Activation::Relu,
        "tanh" => Activation::Tanh,
        "sigmoid" => Activation::Sigmoid,
        _ => bail!("unknown activation {name:?}; the activations are none, relu, tanh, sigmoid"),
    })
}

fn parse_options() -> anyhow::Result<Options> {
    let mut options = Options {
        seeds: 200,
        first: 0,
        epochs: EPOCHS,
        activations: Activation::ALL.to_vec(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        let number = || format!("{flag} takes a whole number, got {value:?}");
        match flag.as_str() {
            "--seeds" => options.seeds = value.parse().with_context(number)?,
            "--first" => options.first = value.parse().with_context(number)?,
            "--epochs" => options.epochs = value.parse().with_context(number)?,
            "--only" => {
                options.activations = value.split(',').map(parse_activation).collect::<anyhow::Result<_>>()?
            }
            _ => bail!("unknown option {flag}; the options are --seeds N, --first S, --epochs E, --only none,relu,tanh,sigmoid"),
        }
    }
    if options.seeds == 0 || options.epochs == 0 {
        bail!("--seeds and --epochs must be at least 1");
    }
    Ok(options)
}

/// The value at quantile `q` of sorted `values` (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

fn main() -> anyhow::Result<()> {
    let options = parse_options()?;
    let (x, y) = toy_data(POINTS).context("making the toy data")?;
    let seeds: Vec<u64> = (options.first..options.first + options.seeds).collect();
    let started = Instant::now();
    let mut finals: Vec<(Activation, Vec<f64>)> = Vec::new();
    for &activation in &options.activations {
        let mut losses = Vec::with_capacity(seeds.len());
        for &seed in &seeds {
            let trained = train(&x, &y, activation, seed, options.epochs)
                .with_context(|| format!("training with {activation} from seed {seed}"))?;
            let last = trained.final_loss().with_context(|| {
                format!("an empty loss curve with {activation} from seed {seed}")
            })?;
            losses.push(f64::from(last));
        }
        finals.push((activation, losses));
    }
    let elapsed = started.elapsed();

    println!(
        "Final MSE after {} epochs, seeds {}..={} ({} seeds), {} points:\n",
        options.epochs,
        options.first,
        options.first + options.seeds - 1,
        options.seeds,
        POINTS
    );
    println!("| activation | min | median | p90 | p99 | max | worst seed |");
    println!("|---|---|---|---|---|---|---|");
    for (activation, losses) in &finals {
        let worst = losses
            .iter()
            .zip(&seeds)
            .max_by(|a, b| a.0.total_cmp(b.0))
            .map(|(_, seed)| *seed)
            .unwrap_or_default();
        let sorted = sorted(losses);
        println!(
            "| {activation} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {worst} |",
            quantile(&sorted, 0.0),
            quantile(&sorted, 0.5),
            quantile(&sorted, 0.9),
            quantile(&sorted, 0.99),
            quantile(&sorted, 1.0),
        );
    }
    let of = |wanted: Activation| {
        finals
            .iter()
            .find(|(a, _)| *a == wanted)
            .map(|(_, losses)| losses)
    };
    if let (Some(relu), Some(tanh)) = (of(Activation::Relu), of(Activation::Tanh)) {
        let wins = tanh.iter().zip(relu).filter(|(t, r)| t < r).count();
        println!("\ntanh ends below ReLU on {wins} of {} seeds.", seeds.len());
    }
    let floor = affine_floor(&x, &y)?;
    println!("Best affine fit (least squares, f64): MSE {floor:.6}.");
    if let Some(none) = of(Activation::None) {
        let excess: Vec<f64> = none.iter().map(|loss| loss - floor).collect();
        let excess = sorted(&excess);
        println!(
            "No activation, final loss minus that floor: min {:+.1e}, median {:+.1e}, p99 {:+.1e}, max {:+.1e}.",
            quantile(&excess, 0.0),
            quantile(&excess, 0.5),
            quantile(&excess, 0.99),
            quantile(&excess, 1.0)
        );
    }
    let runs = finals.len() * seeds.len();
    println!(
        "{runs} training runs in {:.1} s ({:.0} µs per epoch).",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / (runs * options.epochs) as f64
    );
    Ok(())
}

/// The lowest MSE any `y ≈ a x + b` reaches on the data, by least squares in f64.
fn affine_floor(x: &candle_core::Tensor, y: &candle_core::Tensor) -> anyhow::Result<f64> {
    let x = x
        .flatten_all()?
        .to_dtype(candle_core::DType::F64)?
        .to_vec1::<f64>()?;
    let y = y
        .flatten_all()?
        .to_dtype(candle_core::DType::F64)?
        .to_vec1::<f64>()?;
    let n = x.len() as f64;
    let (mean_x, mean_y) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let covariance: f64 = x
        .iter()
        .zip(&y)
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let variance: f64 = x.iter().map(|x| (x - mean_x).powi(2)).sum();
    let slope = covariance / variance;
    let intercept = mean_y - slope * mean_x;
    Ok(x.iter()
        .zip(&y)
        .map(|(x, y)| (slope * x + intercept - y).powi(2))
        .sum::<f64>()
        / n)
}
