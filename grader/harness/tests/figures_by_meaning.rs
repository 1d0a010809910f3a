//! Figures are read by meaning, from SVG that plotters itself draws: each legend entry names the
//! curve whose colour its key has, and what the specification leaves free (line style, curves
//! drawn in pieces, reference lines, where the legend sits) does not change the verdict.

use check_harness::layout::expect_one_chart;
use check_harness::svg::parse_figure;
use plotters::prelude::*;

const CAPTION: &str = "Two series";
const TITLES: [&str; 2] = ["wave", "step"];

fn wave(x: f64) -> f64 {
    x.sin()
}

fn step(x: f64) -> f64 {
    if x > 0.0 {
        0.5
    } else {
        -0.5
    }
}

/// How a student might draw the two series.
struct Style {
    dashed_wave: bool,
    dotted_wave: bool,
    step_in_pieces: bool,
    reference_line: bool,
    /// At the lower left rather than the upper right.
    legend_lower_left: bool,
    swapped_keys: bool,
    /// A marker on every point of the wave, beside its line.
    markers: bool,
    /// The wave in black, the axes' colour, with a black y = 0 line too.
    black_wave: bool,
}

const PLAIN: Style = Style {
    dashed_wave: false,
    dotted_wave: false,
    step_in_pieces: false,
    reference_line: false,
    legend_lower_left: false,
    swapped_keys: false,
    markers: false,
    black_wave: false,
};

fn draw(style: &Style) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        root.fill(&WHITE).expect("filled");
        let mut chart = ChartBuilder::on(&root)
            .caption(CAPTION, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(-5.0..5.0, -1.2..1.2)
            .expect("a chart");
        chart
            .configure_mesh()
            .x_desc("x")
            .y_desc("y")
            .draw()
            .expect("the mesh");
        let xs: Vec<f64> = (0..=200)
            .map(|i| -5.0 + 10.0 * f64::from(i) / 200.0)
            .collect();
        let wave_colour = if style.black_wave { BLACK } else { RED };
        let colours = [wave_colour, BLUE];
        let keys = if style.swapped_keys {
            [BLUE, RED]
        } else {
            colours
        };
        let waves: Vec<(f64, f64)> = xs.iter().map(|&x| (x, wave(x))).collect();
        let key = keys[0];
        if style.dashed_wave {
            chart
                .draw_series(DashedLineSeries::new(waves, 6, 4, RED.stroke_width(2)))
                .expect("dashed")
                .label(TITLES[0])
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], key));
        } else if style.dotted_wave {
            chart
                .draw_series(DottedLineSeries::new(waves, 0, 6, |c| {
                    Circle::new(c, 2, RED.filled())
                }))
                .expect("dotted")
                .label(TITLES[0])
                .legend(move |(x, y)| Circle::new((x + 10, y), 3, key.filled()));
        } else {
            if style.markers {
                chart
                    .draw_series(
                        waves
                            .iter()
                            .map(|&p| Circle::new(p, 2, wave_colour.filled())),
                    )
                    .expect("markers");
            }
            chart
                .draw_series(LineSeries::new(waves, wave_colour))
                .expect("solid")
                .label(TITLES[0])
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], key));
        }
        let steps: Vec<(f64, f64)> = xs.iter().map(|&x| (x, step(x))).collect();
        let key = keys[1];
        if style.step_in_pieces {
            let (left, right): (Vec<_>, Vec<_>) = steps.into_iter().partition(|p| p.0 <= 0.0);
            chart
                .draw_series(LineSeries::new(left, BLUE))
                .expect("left piece");
            chart
                .draw_series(LineSeries::new(right, BLUE))
                .expect("right piece")
                .label(TITLES[1])
                .legend(move |(x, y)| Rectangle::new([(x, y - 4), (x + 16, y + 4)], key.filled()));
        } else {
            chart
                .draw_series(LineSeries::new(steps, BLUE))
                .expect("solid")
                .label(TITLES[1])
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], key));
        }
        if style.reference_line || style.black_wave {
            let zero: Vec<(f64, f64)> = xs.iter().map(|&x| (x, 0.0)).collect();
            chart
                .draw_series(LineSeries::new(zero, BLACK.mix(0.5)))
                .expect("y = 0");
        }
        chart
            .configure_series_labels()
            .position(if style.legend_lower_left {
                SeriesLabelPosition::LowerLeft
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .expect("the legend");
        root.present().expect("written");
    }
    svg
}

fn grade(style: &Style) -> Result<(), String> {
    let figure = parse_figure(&draw(style))?;
    let fs: [&dyn Fn(f64) -> f64; 2] = [&wave, &step];
    expect_one_chart(&figure, CAPTION, &TITLES, &fs, (-5.0, 5.0), ("x", "y"), 50)
        .map_err(|failure| failure.0)
}

#[test]
fn the_plain_drawing_passes() {
    assert_eq!(grade(&PLAIN), Ok(()));
}

#[test]
fn what_the_specification_leaves_free_does_not_change_the_verdict() {
    for (what, style) in [
        (
            "a dashed series",
            Style {
                dashed_wave: true,
                ..PLAIN
            },
        ),
        (
            "a dotted series",
            Style {
                dotted_wave: true,
                ..PLAIN
            },
        ),
        (
            "a step drawn in two pieces, its key a box",
            Style {
                step_in_pieces: true,
                ..PLAIN
            },
        ),
        (
            "a marker on every point of a line",
            Style {
                markers: true,
                ..PLAIN
            },
        ),
        (
            "a series in the axes' black, and a black y = 0 line",
            Style {
                black_wave: true,
                ..PLAIN
            },
        ),
        (
            "a y = 0 reference line",
            Style {
                reference_line: true,
                ..PLAIN
            },
        ),
        (
            "the legend at the lower left",
            Style {
                legend_lower_left: true,
                ..PLAIN
            },
        ),
        (
            "all of these at once",
            Style {
                dashed_wave: true,
                step_in_pieces: true,
                reference_line: true,
                legend_lower_left: true,
                ..PLAIN
            },
        ),
    ] {
        assert_eq!(grade(&style), Ok(()), "{what}");
    }
}

#[test]
fn legend_keys_in_each_others_colours_fail() {
    let graded = grade(&Style {
        swapped_keys: true,
        ..PLAIN
    });
    assert!(
        graded
            .as_ref()
            .is_err_and(|message| message.contains("legend names the curves wrongly")),
        "{graded:?}"
    );
}

#[test]
fn a_legend_key_of_no_curve_fails() {
    let svg = draw(&PLAIN).replacen("#FF0000", "#00FF00", 1);
    let figure = parse_figure(&svg).expect("valid SVG");
    let fs: [&dyn Fn(f64) -> f64; 2] = [&wave, &step];
    let graded = expect_one_chart(&figure, CAPTION, &TITLES, &fs, (-5.0, 5.0), ("x", "y"), 50);
    // the first red stroke is the wave itself: its key keeps red, which no curve has now
    let message = graded.err().map(|failure| failure.0).unwrap_or_default();
    assert!(message.contains("no curve"), "{message}");
}
