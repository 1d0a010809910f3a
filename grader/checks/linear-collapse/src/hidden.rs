//! Checks on inputs the student never sees: seeded random layers of random sizes (1 and tens
//! included), f32 and f64, with and without biases, stacks of 1 to 8 layers, outputs near
//! 1000, and the measure on random networks. Their messages say which property failed, in
//! which dtype and bias case, without the sizes or the numbers drawn.

use crate::layers::{
    points_to_candle, random_layer, random_points, random_size, random_stack, stack_to_candle,
    to_candle, Network,
};
use crate::reference::{self, Between, Layer};
use crate::scaled::{close_to_scale, rel};
use answers::{collapsed_matches, nonlinearity};

// The answers themselves, which the student version does not hold (`hidden/answers.rs`).
pub(crate) mod answers;
use candle_core::{DType, Tensor};
use check_harness::{fail, student, CheckResult, Context, Failure};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const DTYPES: [DType; 2] = [DType::F32, DType::F64];

/// Whether the first and the second layer have a bias, and how messages name the case.
const BIASES: [(bool, bool, &str); 4] = [
    (true, true, "both layers with a bias"),
    (false, false, "neither layer with a bias"),
    (true, false, "only the first layer with a bias"),
    (false, true, "only the second layer with a bias"),
];

/// Sizes `[inputs, middle, outputs]` of two layers, a 1 in each place in turn and tens.
fn two_layer_sizes(rng: &mut StdRng) -> Vec<([usize; 3], &'static str)> {
    let mut small = || rng.gen_range(2..=9);
    let (a, b, c, d, e, f) = (small(), small(), small(), small(), small(), small());
    let mut tens = || rng.gen_range(10..=40);
    let (t1, t2, t3, t4) = (tens(), tens(), tens(), tens());
    vec![
        ([1, a, b], "a single input"),
        ([c, 1, d], "a single value between the layers"),
        ([e, f, 1], "a single output"),
        ([t1, t2, t3], "sizes in the tens"),
        ([a, t4, c], "a wide middle"),
    ]
}

/// How a message names two layers' sizes, without giving them.
fn describe(sizes: [usize; 3]) -> &'static str {
    match sizes {
        [1, _, _] => "a single input",
        [_, 1, _] => "a single value between the layers",
        [_, _, 1] => "a single output",
        _ if sizes.iter().all(|&size| size >= 10) => "sizes in the tens",
        _ => "other sizes",
    }
}

/// The student's collapse of two seeded random layers against the products `W2 W1`, `W2 b1 + b2`,
/// over generated sizes 1 to 40 (proptest), every bias case and both dtypes, with a 1 in each
/// place, sizes in the tens and a wide middle always tried.
pub(crate) fn collapse_random_products(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    let layers = (
        prop::array::uniform3(1usize..=40),
        0..BIASES.len(),
        0..DTYPES.len(),
        any::<u64>(),
    );
    let mut edges = Vec::new();
    for sizes in [[1, 5, 5], [5, 1, 5], [5, 5, 1], [40, 40, 40], [3, 40, 3]] {
        for biases in 0..BIASES.len() {
            for dtype in 0..DTYPES.len() {
                edges.push((sizes, biases, dtype, 7));
            }
        }
    }
    check_harness::generate::for_all(ctx, layers, &edges, 12, |&(sizes, biases, dtype, seed)| {
        let (b1, b2, case) = BIASES[biases];
        let dtype = DTYPES[dtype];
        let stack = random_stack(&mut StdRng::seed_from_u64(seed), &sizes, &[b1, b2]);
        let (candle, stack) = stack_to_candle(&stack, dtype)?;
        let what = format!(
            "collapse of two random {dtype:?} layers ({case}; {})",
            describe(sizes)
        );
        let got = student!(linear_collapse::collapse(&candle[0], &candle[1]))?;
        collapsed_matches(&what, &got, &stack, dtype, rel(ctx, dtype))
    })
}

/// Inputs scaled so that the stack's largest output is about 1000.
fn points_near_1000(rng: &mut StdRng, stack: &[Layer], count: usize) -> Vec<Vec<f64>> {
    let points = random_points(rng, count, stack[0].inputs(), 1.0);
    let bare: Vec<Layer> = stack
        .iter()
        .map(|layer| Layer {
            bias: None,
            ..layer.clone()
        })
        .collect();
    let largest = points
        .iter()
        .flat_map(|x| reference::forward(&bare, Between::Nothing, x))
        .fold(0.0, |m: f64, y| m.max(y.abs()));
    let factor = if largest > 0.0 { 1000.0 / largest } else { 1.0 };
    points
        .iter()
        .map(|x| x.iter().map(|v| v * factor).collect())
        .collect()
}

/// The student's collapsed layer and the stack on the same inputs, against the reference stack.
fn outputs_match(
    what: &str,
    collapsed: &candle_nn::Linear,
    stack: &[Layer],
    points: &[Vec<f64>],
    dtype: DType,
    rel: f64,
) -> CheckResult {
    let outputs = stack.last().map_or(0, Layer::outputs);
    let (tensor, points) = points_to_candle(points, dtype)?;
    let got = crate::layers::outputs_of(what, collapsed, &tensor, outputs)?;
    let want: Vec<f64> = points
        .iter()
        .flat_map(|x| reference::forward(stack, Between::Nothing, x))
        .collect();
    let scale: Vec<f64> = points
        .iter()
        .flat_map(|x| reference::magnitude(stack, x))
        .collect();
    close_to_scale(what, &got.concat(), &want, &scale, rel)
}

pub(crate) fn collapse_outputs_near_1000(ctx: &Context) -> CheckResult {
    // the seed of the sizes (a 1 in each place, tens, a wide middle), weights and points
    let rng = &mut StdRng::seed_from_u64(check_harness::generate::seed(ctx));
    for dtype in DTYPES {
        for (sizes, shape) in two_layer_sizes(rng) {
            for (b1, b2, biases) in BIASES {
                let stack = random_stack(rng, &sizes, &[b1, b2]);
                let points = points_near_1000(rng, &stack, 16);
                let (candle, stack) = stack_to_candle(&stack, dtype)?;
                let collapsed = student!(linear_collapse::collapse(&candle[0], &candle[1]))?;
                let what = format!(
                    "the collapsed layer's outputs against the stack's, two random {dtype:?} layers ({biases}; {shape}), outputs up to about 1000"
                );
                outputs_match(&what, &collapsed, &stack, &points, dtype, rel(ctx, dtype))?;
            }
        }
    }
    Ok(())
}

/// `collapse_stack` of 1 to 8 layers: on generated stacks (proptest: depth, sizes 1 to 40,
/// which layers have a bias, weights, dtype), and always on a stack of each depth in each dtype
/// with a size in the tens, and a size of 1 in every other one.
pub(crate) fn stack_depths_1_to_8(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    let stacks = (1usize..=8).prop_flat_map(|depth| {
        (
            prop::collection::vec(1usize..=40, depth + 1),
            prop::collection::vec(any::<bool>(), depth),
            any::<u64>(),
            0..DTYPES.len(),
        )
    });
    let mut edges = Vec::new();
    for depth in 1..=8usize {
        for dtype in 0..DTYPES.len() {
            let mut sizes: Vec<usize> = (0..=depth).map(|i| 2 + (i * 5) % 9).collect();
            sizes[depth / 2] = 10 + 3 * depth;
            if depth % 2 == 1 {
                sizes[depth] = 1;
            }
            let biases: Vec<bool> = (0..depth).map(|i| i % 3 != 1).collect();
            edges.push((sizes, biases, 7 + depth as u64, dtype));
        }
    }
    check_harness::generate::for_all(ctx, stacks, &edges, 8, |(sizes, biases, seed, dtype)| {
        let dtype = DTYPES[*dtype];
        let depth = biases.len();
        let mut rng = StdRng::seed_from_u64(*seed);
        let stack = random_stack(&mut rng, sizes, biases);
        let points = points_near_1000(&mut rng, &stack, 8);
        let (candle, stack) = stack_to_candle(&stack, dtype)?;
        let with = biases.iter().filter(|&&b| b).count();
        let what = format!(
            "collapse_stack of {depth} random {dtype:?} layers ({with} of them with a bias)"
        );
        let collapsed = student!(linear_collapse::collapse_stack(&candle))?;
        collapsed_matches(&what, &collapsed, &stack, dtype, rel(ctx, dtype))?;
        outputs_match(
            &format!("{what}: its outputs"),
            &collapsed,
            &stack,
            &points,
            dtype,
            rel(ctx, dtype),
        )
    })
}

/// A small random network (2 or 3 layers, 4 to 12 wide) and 12 points spread in ±3 over its inputs.
fn random_network(rng: &mut StdRng) -> (Vec<Layer>, Vec<Vec<f64>>) {
    let depth = rng.gen_range(2..=3);
    let mut sizes = vec![rng.gen_range(1..=4)];
    sizes.extend((1..depth).map(|_| rng.gen_range(4..=12)));
    sizes.push(rng.gen_range(1..=3));
    let biases: Vec<bool> = (0..depth).map(|_| rng.gen_bool(0.8)).collect();
    let stack = random_stack(rng, &sizes, &biases);
    let points = random_points(rng, 12, sizes[0], 3.0);
    (stack, points)
}

/// The student's measure of the checks' own candle network.
fn student_measure(
    stack: &[candle_nn::Linear],
    between: Between,
    points: &Tensor,
) -> Result<f64, Failure> {
    let network = Network {
        layers: stack.to_vec(),
        between,
    };
    Ok(student!(linear_collapse::nonlinearity(&network, points))?)
}

pub(crate) fn nonlinearity_affine_stacks(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // stacks of 1 to 4 layers of sizes 1 to 12 (proptest: sizes, biases, weights and points
    // from a seed, dtype), and always one layer of one input and one output, and four wide ones
    let stacks = (1usize..=4).prop_flat_map(|depth| {
        (
            prop::collection::vec(1usize..=12, depth + 1),
            prop::collection::vec(any::<bool>(), depth),
            any::<u64>(),
            0..DTYPES.len(),
        )
    });
    let edges = [
        (vec![1, 1], vec![true], 7, 0),
        (vec![1, 1], vec![false], 7, 1),
        (vec![12, 12, 12, 12, 12], vec![true; 4], 7, 0),
        (vec![12, 12, 12, 12, 12], vec![true; 4], 7, 1),
    ];
    check_harness::generate::for_all(ctx, stacks, &edges, 8, |(sizes, biases, seed, dtype)| {
        let dtype = DTYPES[*dtype];
        let depth = biases.len();
        let mut rng = StdRng::seed_from_u64(*seed);
        let stack = random_stack(&mut rng, sizes, biases);
        let points = random_points(&mut rng, 12, sizes[0], 3.0);
        let (candle, stack) = stack_to_candle(&stack, dtype)?;
        let (tensor, points) = points_to_candle(&points, dtype)?;
        let got = student_measure(&candle, Between::Nothing, &tensor)?;
        let scale = reference::largest_magnitude(&stack, &points);
        close_to_scale(
            &format!("nonlinearity of a random stack of {depth} {dtype:?} layers without activations (affine, so 0 up to rounding)"),
            &[got],
            &[0.0],
            &[scale],
            rel(ctx, dtype),
        )
    })
}

/// A random network whose measure is clearly above rounding: draws until the reference says so.
fn clearly_nonlinear(
    rng: &mut StdRng,
    between: Between,
    clearly: f64,
) -> (Vec<Layer>, Vec<Vec<f64>>) {
    for _ in 0..50 {
        let (stack, points) = random_network(rng);
        let scale = reference::largest_magnitude(&stack, &points);
        if nonlinearity(&stack, between, &points) >= 10.0 * clearly * scale {
            return (stack, points);
        }
    }
    panic!(
        "grader bug: no clearly non-linear {} network in 50 draws",
        between.name()
    );
}

pub(crate) fn nonlinearity_relu_and_tanh(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    let clearly = ctx.param("clearly");
    // (dtype, activation, the seed of the network and its points): generated (proptest), and
    // always each dtype with each activation
    let cases = (0..DTYPES.len(), any::<bool>(), any::<u64>());
    let edges = [(0, false, 7), (0, true, 7), (1, false, 7), (1, true, 7)];
    check_harness::generate::for_all(ctx, cases, &edges, 8, |&(dtype, tanh, seed)| {
        let dtype = DTYPES[dtype];
        let between = if tanh { Between::Tanh } else { Between::Relu };
        let (stack, points) = clearly_nonlinear(&mut StdRng::seed_from_u64(seed), between, clearly);
        let (candle, stack) = stack_to_candle(&stack, dtype)?;
        let (tensor, points) = points_to_candle(&points, dtype)?;
        let got = student_measure(&candle, between, &tensor)?;
        let want = nonlinearity(&stack, between, &points);
        let scale = reference::largest_magnitude(&stack, &points);
        let what = format!(
            "nonlinearity of a random {dtype:?} network with {} between its layers",
            between.name()
        );
        if got.is_nan() || got < clearly * scale {
            return Err(fail!(
                "{what}: it is clearly not affine, but the measure says {got:e} (expected about {want:e})"
            ));
        }
        close_to_scale(
            &format!(
                "{what} (the largest gap over all pairs, all a in MIX_WEIGHTS and all outputs)"
            ),
            &[got],
            &[want],
            &[scale],
            rel(ctx, dtype),
        )
    })
}

/// The number of points of the largest measure tried: the pairs grow with its square (1225
/// here), and a measure that loops over pairs in Rust must still answer in well under a second.
const MANY_POINTS: usize = 50;

pub(crate) fn nonlinearity_point_order(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // the seed of the network and the points
    let mut rng = StdRng::seed_from_u64(check_harness::generate::seed(ctx));
    // the ends of the stated domain: one point is an error, and many points are measured as few
    let (stack, points) = random_network(&mut rng);
    let inputs = points[0].len();
    let (candle, stack) = stack_to_candle(&stack, DType::F64)?;
    let (one, _) = points_to_candle(&points[..1], DType::F64)?;
    let network = Network {
        layers: candle.clone(),
        between: Between::Relu,
    };
    if linear_collapse::nonlinearity(&network, &one).is_ok() {
        return Err(fail!(
            "nonlinearity of one point gave a value: it needs at least two points, and says so with an error"
        ));
    }
    let many = random_points(&mut rng, MANY_POINTS, inputs, 3.0);
    let (tensor, many) = points_to_candle(&many, DType::F64)?;
    let got = student_measure(&candle, Between::Relu, &tensor)?;
    close_to_scale(
        "nonlinearity of a random F64 network with ReLU between its layers, on many points",
        &[got],
        &[nonlinearity(&stack, Between::Relu, &many)],
        &[reference::largest_magnitude(&stack, &many)],
        rel(ctx, DType::F64),
    )?;
    // (dtype, activation, the seed of the network, its points and their shuffle): generated
    // (proptest), and always each dtype with each activation
    const BETWEEN: [Between; 3] = [Between::Relu, Between::Tanh, Between::Nothing];
    let cases = (0..DTYPES.len(), 0..BETWEEN.len(), any::<u64>());
    let edges: Vec<(usize, usize, u64)> = (0..DTYPES.len())
        .flat_map(|dtype| (0..BETWEEN.len()).map(move |between| (dtype, between, 7)))
        .collect();
    check_harness::generate::for_all(ctx, cases, &edges, 2, |&(dtype, between, seed)| {
        let (dtype, between) = (DTYPES[dtype], BETWEEN[between]);
        let mut rng = StdRng::seed_from_u64(seed);
        let (stack, points) = random_network(&mut rng);
        let (candle, stack) = stack_to_candle(&stack, dtype)?;
        let (tensor, points) = points_to_candle(&points, dtype)?;
        let before = student_measure(&candle, between, &tensor)?;
        let scale = reference::largest_magnitude(&stack, &points);
        let mut shuffled = points.clone();
        shuffled.shuffle(&mut rng);
        let reversed: Vec<Vec<f64>> = points.iter().rev().cloned().collect();
        for (order, reordered) in [("shuffled", shuffled), ("reversed", reversed)] {
            let (tensor, _) = points_to_candle(&reordered, dtype)?;
            let after = student_measure(&candle, between, &tensor)?;
            close_to_scale(
                &format!(
                    "nonlinearity of a random {dtype:?} network with {} between its layers, its points {order} (the order of the points must not matter)",
                    between.name()
                ),
                &[after],
                &[before],
                &[scale],
                rel(ctx, dtype),
            )?;
        }
        Ok(())
    })
}

pub(crate) fn bad_input_deep_stack(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // (depth 2 to 8, which layer breaks the chain and by how much, the seed of the sizes and
    // weights, dtype): generated (proptest), and always a stack of 2 and one of 8 breaking at
    // the last layer, in each dtype
    let stacks = (2usize..=8).prop_flat_map(|depth| {
        (
            Just(depth),
            1..depth,
            1usize..=3,
            any::<u64>(),
            0..DTYPES.len(),
        )
    });
    let edges = [
        (2, 1, 1, 7, 0),
        (2, 1, 1, 7, 1),
        (8, 7, 3, 7, 0),
        (8, 7, 3, 7, 1),
    ];
    check_harness::generate::for_all(
        ctx,
        stacks,
        &edges,
        8,
        |&(depth, broken, by, seed, dtype)| {
            let dtype = DTYPES[dtype];
            let mut rng = StdRng::seed_from_u64(seed);
            let sizes: Vec<usize> = (0..=depth).map(|_| random_size(&mut rng)).collect();
            let mut stack = random_stack(&mut rng, &sizes, &vec![true; depth]);
            // one layer, not the first, takes a different number of inputs than it is given
            let bias = rng.gen_bool(0.5);
            stack[broken] = random_layer(&mut rng, sizes[broken] + by, sizes[broken + 1], bias);
            let (candle, _) = stack_to_candle(&stack, dtype)?;
            if linear_collapse::collapse_stack(&candle).is_ok() {
                return Err(fail!(
                "collapse_stack of {depth} random {dtype:?} layers, two of which do not chain, returned a layer; expected an error"
            ));
            }
            Ok(())
        },
    )?;
    if linear_collapse::collapse_stack(&[]).is_ok() {
        return Err(fail!(
            "collapse_stack of an empty stack returned a layer; expected an error"
        ));
    }
    Ok(())
}

/// Errors and sizes as the docs state them. `collapse_stack`'s error names the two neighbours
/// that do not chain (numbered from 0 or from 1: the README's "collapsing layers 2 and 3" does
/// not fix it) and the two sizes `collapse` reported (numbers that occur nowhere else in the
/// stack); then the given helpers, on sizes the lesson never uses ([`given_helpers`]). The
/// student's code comes first, so that the stubs earn nothing here.
pub(crate) fn stated_errors_and_sizes(ctx: &Context) -> CheckResult {
    // the seed of the depths, sizes and weights
    let rng = &mut StdRng::seed_from_u64(check_harness::generate::seed(ctx));
    // 2 to 8: the stacks the lesson allows that can break between two neighbours
    let depth = rng.gen_range(2..=8);
    // sizes above any layer number, so that a number in the message is one or the other
    let mut sizes: Vec<usize> = (0..=depth).map(|_| rng.gen_range(20..=29)).collect();
    let broken = rng.gen_range(1..depth);
    let (gives, takes) = (rng.gen_range(31..=47), rng.gen_range(11..=19));
    sizes[broken] = gives;
    // no biases: this check is about the message, and must not depend on how biases combine
    let mut stack = random_stack(rng, &sizes, &vec![false; depth]);
    stack[broken] = random_layer(rng, takes, sizes[broken + 1], false);
    for dtype in [DType::F32, DType::F64] {
        let (candle, _) = stack_to_candle(&stack, dtype)?;
        let message = match linear_collapse::collapse_stack(&candle) {
            Ok(_) => {
                return Err(fail!(
                    "collapse_stack of a {dtype:?} stack whose neighbours do not chain returned a layer; expected an error"
                ))
            }
            Err(err) => format!("{err:#}"),
        };
        let numbers: Vec<usize> = message
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|word| word.parse().ok())
            .collect();
        let names = |n: usize| numbers.contains(&n);
        let neighbours =
            (names(broken - 1) && names(broken)) || (names(broken) && names(broken + 1));
        if !(neighbours && names(gives) && names(takes)) {
            return Err(fail!(
                "collapse_stack's error for a {dtype:?} stack of {depth} layers that breaks between two neighbours must name both neighbours and both sizes; it said: {message:?}"
            ));
        }
    }
    given_helpers(rng)
}

/// The given helpers as their docs state them, on arguments the lesson never uses:
/// `layer_sizes` reads `(inputs, outputs)` and refuses a bias of the wrong length;
/// `random_stack` of two sizes is one layer, and of fewer is an error.
fn given_helpers(rng: &mut StdRng) -> CheckResult {
    let (inputs, outputs) = (rng.gen_range(2..=9), rng.gen_range(10..=20));
    let layer = random_layer(rng, inputs, outputs, true);
    let (candle, _) = to_candle(&layer, DType::F64)?;
    let sizes = student!(linear_collapse::layer_sizes(&candle))?;
    if sizes != (inputs, outputs) {
        return Err(fail!(
            "layer_sizes of a layer with {inputs} inputs and {outputs} outputs gave {sizes:?}"
        ));
    }
    let short_bias =
        candle_core::Tensor::zeros(outputs - 1, DType::F64, &candle_core::Device::Cpu)?;
    let bad = candle_nn::Linear::new(candle.weight().clone(), Some(short_bias));
    if linear_collapse::layer_sizes(&bad).is_ok() {
        return Err(fail!(
            "layer_sizes of a layer whose bias has one number too few gave sizes; expected an error"
        ));
    }
    let pair = [inputs, outputs];
    let one = student!(linear_collapse::random_stack(&pair, rng.gen(), DType::F32))?;
    if one.len() != 1 || one[0].weight().dims() != [outputs, inputs] {
        return Err(fail!(
            "random_stack(&{pair:?}, ..) should be one layer of {outputs} x {inputs}, got {} layers",
            one.len()
        ));
    }
    if linear_collapse::random_stack(&[inputs], 0, DType::F32).is_ok() {
        return Err(fail!(
            "random_stack of one size gave layers; expected an error"
        ));
    }
    Ok(())
}

/// What `demonstrate` measures on a stack without activations is rounding noise, which a
/// hard-coded 0 would imitate. In f32, on a deep and wide seeded stack, that noise is never 0:
/// `plain_vs_collapsed` and `plain_nonlinearity` must be above 0 and within rounding of the
/// outputs, and the same measures with ReLU far above it.
pub(crate) fn demonstration_measures_noise(ctx: &Context) -> CheckResult {
    // the seed of the sizes and of the demonstration
    let rng = &mut StdRng::seed_from_u64(check_harness::generate::seed(ctx));
    let mut sizes = vec![rng.gen_range(2..=4)];
    sizes.extend((0..6).map(|_| rng.gen_range(24..=40)));
    sizes.push(rng.gen_range(2..=3));
    let seed: u64 = rng.gen_range(0..1_000_000);
    let demo = student!(linear_collapse::demonstrate(&sizes, seed, DType::F32))?;
    let bound = rel(ctx, DType::F32) * demo.output_size.max(1.0) * 1e3;
    // the printout (`Display`, given) shows every number measured, as the lesson prints them
    let printed = demo.to_string();
    for value in [
        demo.output_size,
        demo.plain_vs_collapsed,
        demo.relu_vs_collapsed,
        demo.plain_nonlinearity,
        demo.relu_nonlinearity,
    ] {
        if !printed.contains(&format!("{value:.3e}")) {
            return Err(fail!(
                "the printout of demonstrate's result (its Display, given with the exercise) does not show {value:.3e}, one of the numbers it measured"
            ));
        }
    }
    for (field, value) in [
        ("plain_vs_collapsed", demo.plain_vs_collapsed),
        ("plain_nonlinearity", demo.plain_nonlinearity),
    ] {
        if !(value > 0.0 && value <= bound) {
            return Err(fail!(
                "demonstrate on a deep f32 stack gave {field} = {value:e}: it measures f32 rounding between two computations of the same function, which is above 0 and tiny here (at most {bound:e}); compute it, do not assume it"
            ));
        }
    }
    // In f64 the noise may round to exactly 0, so only its size is held to.
    let demo = student!(linear_collapse::demonstrate(&sizes, seed, DType::F64))?;
    let bound = rel(ctx, DType::F64) * demo.output_size.max(1.0) * 1e3;
    for (field, value) in [
        ("plain_vs_collapsed", demo.plain_vs_collapsed),
        ("plain_nonlinearity", demo.plain_nonlinearity),
    ] {
        if !(value >= 0.0 && value <= bound) {
            return Err(fail!(
                "demonstrate on a deep f64 stack gave {field} = {value:e}: it measures f64 rounding between two computations of the same function, at most {bound:e} here"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The networks the measure is graded on are far from affine almost always, so the redraw
    /// in `clearly_nonlinear` is rare and its limit of 50 is never reached.
    #[test]
    fn random_networks_are_clearly_nonlinear() {
        let clearly = 1e-3;
        for between in [Between::Relu, Between::Tanh] {
            let mut below = 0;
            let mut smallest = f64::INFINITY;
            for seed in 0..300 {
                let (stack, points) = random_network(&mut StdRng::seed_from_u64(seed));
                let ratio = nonlinearity(&stack, between, &points)
                    / reference::largest_magnitude(&stack, &points);
                smallest = smallest.min(ratio);
                if ratio < 10.0 * clearly {
                    below += 1;
                }
            }
            assert!(
                below <= 15,
                "{}: {below} of 300 networks need a redraw (smallest ratio {smallest:e})",
                between.name()
            );
        }
    }
}
