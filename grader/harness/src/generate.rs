//! Generated inputs: proptest strategies over a property's stated domain, drawn by a runner
//! seeded from the grading seed and the check's id, with the domain's edges always tried beside
//! them, so that a property that fails at an edge fails on every seed.
//!
//! [`for_all`] runs a property on generated inputs and, when one fails, lets proptest shrink it
//! to a smallest failing input (a lower rank, a shorter side, a value nearer 0) before the
//! property's own message is reported: a hidden check's message names the property and the kind
//! of input, never the input. Failures are not persisted: the checks run sandboxed, and a
//! regression belongs in the edges, in the source.

use crate::checks::{CheckResult, Context, Failure};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use rand::Rng;
use std::fmt::Debug;

pub use proptest;

/// A runner for `cases` inputs, drawn from this check's share of the grading seed.
pub fn runner(ctx: &Context, cases: u32) -> TestRunner {
    let mut seed = [0u8; 32];
    let mut rng = ctx.rng();
    for chunk in seed.chunks_mut(8) {
        chunk.copy_from_slice(&rng.gen::<u64>().to_le_bytes());
    }
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

/// `count` values of `strategy`, without shrinking (inputs for checks that compare all at once).
pub fn draw<S: Strategy>(runner: &mut TestRunner, strategy: &S, count: usize) -> Vec<S::Value> {
    (0..count)
        .filter_map(|_| strategy.new_tree(runner).ok().map(|tree| tree.current()))
        .collect()
}

/// A seed for inputs built from it (a random network, its weights and points), drawn by this
/// check's runner: one value, never shrunk (a smaller seed is no simpler input).
pub fn seed(ctx: &Context) -> u64 {
    use proptest::arbitrary::any;
    draw(&mut runner(ctx, 1), &any::<u64>(), 1)
        .first()
        .copied()
        .unwrap_or_default()
}

/// A tensor's dimensions: rank 0 (a single number) to `max_rank`, each side 1 to `max_side`.
pub fn dims(max_rank: usize, max_side: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(1..=max_side, 0..=max_rank)
}

/// A tensor's dimensions ([`dims`]) and its values, uniform in ±`spread`, in row-major order.
pub fn tensors(
    max_rank: usize,
    max_side: usize,
    spread: f64,
) -> impl Strategy<Value = (Vec<usize>, Vec<f64>)> {
    dims(max_rank, max_side).prop_flat_map(move |dims| {
        let count = dims.iter().product::<usize>();
        (
            proptest::strategy::Just(dims),
            proptest::collection::vec(-spread..spread, count),
        )
    })
}

/// [`for_all`] over [`tensors`]: a property of a tensor's dimensions and values. Compiled here,
/// once, rather than in every check crate that uses it: a student's edit rebuilds the check
/// crate, and proptest's generic code would make that rebuild slower.
pub fn for_all_tensors(
    ctx: &Context,
    (max_rank, max_side, spread): (usize, usize, f64),
    edges: &[(Vec<usize>, Vec<f64>)],
    cases: u32,
    property: &dyn Fn(&[usize], &[f64]) -> CheckResult,
) -> CheckResult {
    for_all(
        ctx,
        tensors(max_rank, max_side, spread),
        edges,
        cases,
        |(dims, values)| property(dims, values),
    )
}

/// [`for_all`] over sizes in `sizes`, compiled here once (see [`for_all_tensors`]).
pub fn for_all_sizes(
    ctx: &Context,
    sizes: std::ops::RangeInclusive<usize>,
    edges: &[usize],
    cases: u32,
    property: &dyn Fn(usize) -> CheckResult,
) -> CheckResult {
    for_all(ctx, sizes, edges, cases, |&size| property(size))
}

/// [`for_all`] over numbers in `numbers`, compiled here once (see [`for_all_tensors`]).
pub fn for_all_numbers(
    ctx: &Context,
    numbers: std::ops::RangeInclusive<f64>,
    edges: &[f64],
    cases: u32,
    property: &dyn Fn(f64) -> CheckResult,
) -> CheckResult {
    for_all(ctx, numbers, edges, cases, |&number| property(number))
}

/// [`for_all`] over lists of numbers in `numbers`, of a length in `lengths`, compiled here once
/// (see [`for_all_tensors`]).
pub fn for_all_lists(
    ctx: &Context,
    (numbers, lengths): (std::ops::Range<f64>, std::ops::RangeInclusive<usize>),
    edges: &[Vec<f64>],
    cases: u32,
    property: &dyn Fn(&[f64]) -> CheckResult,
) -> CheckResult {
    for_all(
        ctx,
        proptest::collection::vec(numbers, lengths),
        edges,
        cases,
        |list| property(list),
    )
}

/// One value for an element-wise function whose domain is |z| ≤ 1000: mostly within ±60, where
/// the curves bend, some anywhere in ±1000, some near 0.
pub fn wide_value() -> impl Strategy<Value = f64> {
    proptest::prop_oneof![
        3 => -60.0..60.0f64,
        1 => -1000.0..=1000.0f64,
        1 => -4.0..4.0f64,
    ]
}

/// Runs `property` on every one of `edges`, then on `cases` inputs of `strategy`; the first
/// failure is shrunk by proptest to a smallest failing input, whose message is returned.
pub fn for_all<S>(
    ctx: &Context,
    strategy: S,
    edges: &[S::Value],
    cases: u32,
    property: impl Fn(&S::Value) -> CheckResult,
) -> CheckResult
where
    S: Strategy,
    S::Value: Clone + Debug,
{
    for edge in edges {
        property(edge)?;
    }
    let mut runner = runner(ctx, cases);
    let outcome = runner.run(&strategy, |value| {
        property(&value).map_err(|failure| TestCaseError::fail(failure.0))
    });
    match outcome {
        Ok(()) => Ok(()),
        // the smallest failing input's message (the input itself is not shown)
        Err(TestError::Fail(reason, _)) => Err(Failure(reason.message().to_string())),
        Err(TestError::Abort(reason)) => Err(Failure(format!(
            "grader bug: the generated inputs were rejected: {}",
            reason.message()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Context;

    fn context(seed: u64) -> Context {
        Context::for_test("generate", seed, &[], std::path::Path::new("."))
    }

    #[test]
    fn the_same_seed_draws_the_same_inputs_and_another_seed_others() {
        let draws = |seed| draw(&mut runner(&context(seed), 8), &wide_value(), 50);
        assert_eq!(draws(1), draws(1));
        assert_ne!(draws(1), draws(2));
        let values = draws(3);
        assert_eq!(values.len(), 50);
        assert!(values.iter().all(|z| z.abs() <= 1000.0));
    }

    #[test]
    fn a_failure_is_shrunk_to_a_smallest_input_and_edges_are_always_tried() {
        let smallest = std::cell::Cell::new(usize::MAX);
        // fails from rank 2 on: shrinking ends at rank exactly 2, sides of 1
        let failed = for_all(&context(7), dims(3, 9), &[], 64, |dims| {
            if dims.len() >= 2 {
                let size: usize = dims.iter().product();
                smallest.set(size.min(smallest.get()));
                return Err(Failure(format!("rank {}", dims.len())));
            }
            Ok(())
        });
        assert_eq!(failed.err().map(|f| f.0), Some("rank 2".to_string()));
        assert_eq!(smallest.get(), 1, "shrunk to sides of 1");
        let at_edge = for_all(
            &context(7),
            dims(1, 2),
            &[vec![5, 5, 5, 5]],
            4,
            |dims| match dims.len() > 3 {
                true => Err(Failure("an edge".to_string())),
                false => Ok(()),
            },
        );
        assert_eq!(at_edge.err().map(|f| f.0), Some("an edge".to_string()));
    }
}
