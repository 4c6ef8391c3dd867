//! A small SVG line chart, written by hand so the report needs no plotting
//! crate: shaded bands (say a P5–P95 fan) under lines (say the median and a
//! sample path), with nice ticks, grid, title, axis labels and a legend.
//!
//! The output is a standalone SVG 1.1 document and is deterministic (fixed
//! one-decimal coordinates), so a report can be diffed between runs.

use std::fmt::Write as _;

/// Canvas size, in pixels, without the legend (which adds rows below).
const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 540.0;
/// The plot area; the legend sits under the x axis label, inside the canvas.
const PLOT_LEFT: f64 = 84.0;
const PLOT_RIGHT: f64 = 924.0;
const PLOT_TOP: f64 = 76.0;
const PLOT_BOTTOM: f64 = 470.0;
const LEGEND_TOP: f64 = HEIGHT - 4.0;
const LEGEND_ROW: f64 = 22.0;
/// A legend entry's swatch and the gap before its label.
const LEGEND_SWATCH: f64 = 30.0;
/// Generous width of a character of the 12 px legend font (Helvetica's
/// widest lower-case letters are about 0.6 em), so that labels never
/// overflow their column.
const LEGEND_CHAR: f64 = 7.0;
/// About this many intervals per axis; the nice step decides the exact count.
const TARGET_TICKS: f64 = 6.0;
/// Values are clamped to this magnitude when sizing the axes, so that an
/// absurd outlier cannot overflow the span (it is drawn off the plot, clipped).
const MAX_MAGNITUDE: f64 = 1e300;
/// Pixel coordinates are clamped to this magnitude before printing.
const MAX_PIXEL: f64 = 1e5;
/// At most this many decimals in a tick label.
const MAX_DECIMALS: i32 = 12;

/// A line: `values[i]` is drawn at `Chart::x[i]`. A non-finite value (or x)
/// breaks the line, which resumes at the next finite point.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
    /// Any SVG colour, e.g. `"#1f77b4"`.
    pub color: &'static str,
    pub dashed: bool,
}

/// A shaded area between `lower[i]` and `upper[i]` at `Chart::x[i]`. Points
/// where either bound (or x) is not finite are skipped, and the area bridges
/// them.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub label: String,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub color: &'static str,
    /// Fill opacity in [0, 1]; overlapping bands stay readable below 0.3.
    pub opacity: f64,
}

/// A line chart over a shared x axis. Bands are drawn first, in order, then
/// lines, in order (later ones on top). Each series uses as many points as
/// both it and `x` have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub x: Vec<f64>,
    pub bands: Vec<Band>,
    pub lines: Vec<Series>,
}

impl Chart {
    /// The chart as a standalone SVG document. Without a single finite point
    /// to draw it is an empty frame reading "no data"; it never panics.
    pub fn to_svg(&self) -> String {
        let points: usize = self.lines.iter().map(|l| l.values.len()).sum::<usize>()
            + self.bands.iter().map(|b| 2 * b.lower.len()).sum::<usize>();
        let mut svg = String::with_capacity(4_096 + 16 * points);
        let legend = self.legend_layout();
        let height = HEIGHT + legend.rows as f64 * LEGEND_ROW;
        let _ = writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
             width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" \
             font-family=\"Helvetica, Arial, sans-serif\">"
        );
        let _ = writeln!(
            svg,
            "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>"
        );
        self.write_titles(&mut svg);
        match self.frame() {
            Some(frame) => {
                frame.write_grid(&mut svg);
                self.write_data(&mut svg, &frame);
                frame.write_axes(&mut svg);
            }
            None => write_empty_frame(&mut svg),
        }
        self.write_legend(&mut svg, &legend);
        svg.push_str("</svg>\n");
        svg
    }

    /// Points of a series that can be drawn, split at every gap.
    fn segments<'a>(&'a self, values: &'a [f64]) -> impl Iterator<Item = Vec<(f64, f64)>> + 'a {
        let mut points = self.x.iter().zip(values).map(|(&x, &y)| (x, y)).peekable();
        std::iter::from_fn(move || {
            while points
                .next_if(|&(x, y)| !(x.is_finite() && y.is_finite()))
                .is_some()
            {}
            let segment: Vec<_> =
                std::iter::from_fn(|| points.next_if(|&(x, y)| x.is_finite() && y.is_finite()))
                    .collect();
            (!segment.is_empty()).then_some(segment)
        })
    }

    /// `(x, lower, upper)` of a band where all three are finite.
    fn band_points<'a>(&'a self, band: &'a Band) -> impl Iterator<Item = (f64, f64, f64)> + 'a {
        self.x
            .iter()
            .zip(band.lower.iter().zip(&band.upper))
            .map(|(&x, (&low, &high))| (x, low, high))
            .filter(|&(x, low, high)| x.is_finite() && low.is_finite() && high.is_finite())
    }

    /// The axes that fit every drawable point, or `None` if there is none.
    fn frame(&self) -> Option<Frame> {
        let mut x_range = Range::default();
        let mut y_range = Range::default();
        for band in &self.bands {
            for (x, low, high) in self.band_points(band) {
                x_range.add(x);
                y_range.add(low);
                y_range.add(high);
            }
        }
        for line in &self.lines {
            for (x, y) in self.segments(&line.values).flatten() {
                x_range.add(x);
                y_range.add(y);
            }
        }
        Some(Frame {
            x: Axis::exact(x_range.bounds()?),
            y: Axis::padded(y_range.bounds()?),
        })
    }

    fn write_titles(&self, svg: &mut String) {
        if !self.title.is_empty() {
            let _ = writeln!(
                svg,
                "<text x=\"{PLOT_LEFT}\" y=\"32\" font-size=\"20\" font-weight=\"bold\" \
                 fill=\"#222222\">{}</text>",
                escape(&self.title)
            );
        }
        if !self.subtitle.is_empty() {
            let _ = writeln!(
                svg,
                "<text x=\"{PLOT_LEFT}\" y=\"54\" font-size=\"13\" fill=\"#555555\">{}</text>",
                escape(&self.subtitle)
            );
        }
        if !self.x_label.is_empty() {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" \
                 fill=\"#333333\">{}</text>",
                (PLOT_LEFT + PLOT_RIGHT) / 2.0,
                HEIGHT - 22.0,
                escape(&self.x_label)
            );
        }
        if !self.y_label.is_empty() {
            let (x, y) = (22.0, (PLOT_TOP + PLOT_BOTTOM) / 2.0);
            let _ = writeln!(
                svg,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"13\" text-anchor=\"middle\" \
                 transform=\"rotate(-90 {x:.1} {y:.1})\" fill=\"#333333\">{}</text>",
                escape(&self.y_label)
            );
        }
    }

    fn write_data(&self, svg: &mut String, frame: &Frame) {
        let _ = writeln!(
            svg,
            "<defs><clipPath id=\"plot-area\"><rect x=\"{PLOT_LEFT}\" y=\"{PLOT_TOP}\" \
             width=\"{}\" height=\"{}\"/></clipPath></defs>",
            PLOT_RIGHT - PLOT_LEFT,
            PLOT_BOTTOM - PLOT_TOP
        );
        svg.push_str("<g clip-path=\"url(#plot-area)\">\n");
        for band in &self.bands {
            let points: Vec<_> = self.band_points(band).collect();
            if points.is_empty() {
                continue;
            }
            let _ = write!(
                svg,
                "<polygon fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\" points=\"",
                escape(band.color),
                opacity(band.opacity)
            );
            // Upper bound forward, lower bound back: one closed outline.
            let outline = points
                .iter()
                .map(|&(x, _, high)| (x, high))
                .chain(points.iter().rev().map(|&(x, low, _)| (x, low)));
            write_points(svg, frame, outline);
            svg.push_str("\"/>\n");
        }
        for line in &self.lines {
            for segment in self.segments(&line.values) {
                let _ = write!(
                    svg,
                    "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\" \
                     stroke-linejoin=\"round\" stroke-linecap=\"round\"{} points=\"",
                    escape(line.color),
                    dash(line.dashed)
                );
                // A lone point is drawn as a zero-length line: a dot, thanks
                // to the round caps.
                let lone = (segment.len() == 1).then(|| segment[0]);
                write_points(svg, frame, segment.into_iter().chain(lone));
                svg.push_str("\"/>\n");
            }
        }
        svg.push_str("</g>\n");
    }

    /// Legend entries (bands, then lines) in equal columns that fit the
    /// canvas, filled row by row.
    fn legend_layout(&self) -> LegendLayout {
        let labels = self
            .bands
            .iter()
            .map(|b| &b.label)
            .chain(self.lines.iter().map(|l| &l.label));
        let count = labels.clone().count();
        let widest = labels.map(|l| l.chars().count()).max().unwrap_or(0) as f64;
        let column = LEGEND_SWATCH + widest * LEGEND_CHAR + 24.0;
        let columns = (((WIDTH - PLOT_LEFT) / column).floor() as usize).clamp(1, count.max(1));
        LegendLayout {
            column,
            columns,
            rows: count.div_ceil(columns),
        }
    }

    fn write_legend(&self, svg: &mut String, layout: &LegendLayout) {
        let place = |i: usize| {
            let x = PLOT_LEFT + (i % layout.columns) as f64 * layout.column;
            let y = LEGEND_TOP + (i / layout.columns) as f64 * LEGEND_ROW;
            (x, y)
        };
        for (i, band) in self.bands.iter().enumerate() {
            let (x, y) = place(i);
            let _ = writeln!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"22\" height=\"12\" fill=\"{}\" \
                 fill-opacity=\"{}\"/>",
                y - 6.0,
                escape(band.color),
                opacity(band.opacity)
            );
            write_legend_label(svg, x, y, &band.label);
        }
        for (i, line) in self.lines.iter().enumerate() {
            let (x, y) = place(self.bands.len() + i);
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" \
                 stroke-width=\"2\"{}/>",
                x + 22.0,
                escape(line.color),
                dash(line.dashed)
            );
            write_legend_label(svg, x, y, &line.label);
        }
    }
}

/// Where the legend's entries go.
struct LegendLayout {
    column: f64,
    columns: usize,
    rows: usize,
}

fn write_legend_label(svg: &mut String, x: f64, y: f64, label: &str) {
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#333333\">{}</text>",
        x + LEGEND_SWATCH,
        y + 4.0,
        escape(label)
    );
}

fn write_empty_frame(svg: &mut String) {
    let _ = writeln!(
        svg,
        "<rect x=\"{PLOT_LEFT}\" y=\"{PLOT_TOP}\" width=\"{}\" height=\"{}\" fill=\"none\" \
         stroke=\"#999999\"/>",
        PLOT_RIGHT - PLOT_LEFT,
        PLOT_BOTTOM - PLOT_TOP
    );
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"16\" text-anchor=\"middle\" \
         fill=\"#999999\">no data</text>",
        (PLOT_LEFT + PLOT_RIGHT) / 2.0,
        (PLOT_TOP + PLOT_BOTTOM) / 2.0
    );
}

/// `x,y x,y …` in pixels, one decimal.
fn write_points(svg: &mut String, frame: &Frame, points: impl Iterator<Item = (f64, f64)>) {
    for (i, (x, y)) in points.enumerate() {
        if i > 0 {
            svg.push(' ');
        }
        let _ = write!(svg, "{:.1},{:.1}", frame.px(x), frame.py(y));
    }
}

fn dash(dashed: bool) -> &'static str {
    if dashed {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    }
}

fn opacity(value: f64) -> String {
    let value = if value.is_nan() {
        1.0
    } else {
        value.clamp(0.0, 1.0)
    };
    trim_zeros(format!("{value:.3}"))
}

/// Escapes text and attribute values (`&`, `<`, `>`, `"`, `'`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Smallest and largest of the values added.
#[derive(Clone, Copy, Debug, Default)]
struct Range {
    bounds: Option<(f64, f64)>,
}

impl Range {
    fn add(&mut self, value: f64) {
        let value = value.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE);
        self.bounds = Some(match self.bounds {
            Some((low, high)) => (low.min(value), high.max(value)),
            None => (value, value),
        });
    }

    fn bounds(self) -> Option<(f64, f64)> {
        self.bounds
    }
}

/// One axis: the value range it spans and its ticks, which are multiples of
/// `1, 2 or 5 × 10^exponent`.
#[derive(Clone, Debug, PartialEq)]
struct Axis {
    min: f64,
    max: f64,
    ticks: Vec<f64>,
    exponent: i32,
}

impl Axis {
    /// The data range exactly (the x axis: periods fill the width), with the
    /// nice ticks that fall inside it.
    fn exact((low, high): (f64, f64)) -> Axis {
        let (low, high) = if low < high {
            (low, high)
        } else {
            (low - 1.0, high + 1.0)
        };
        let step = Step::near((high - low) / TARGET_TICKS);
        Axis {
            min: low,
            max: high,
            ticks: step.multiples((low / step.value()).ceil(), (high / step.value()).floor()),
            exponent: step.exponent,
        }
    }

    /// A value axis: zero is brought in when the data sit close to it (so
    /// amounts are not visually exaggerated), a little padding is added that
    /// never crosses zero, and the ends are rounded out to nice ticks.
    fn padded((low, high): (f64, f64)) -> Axis {
        let (mut low, mut high) = (low, high);
        if low > 0.0 && low <= 0.4 * high {
            low = 0.0;
        }
        if high < 0.0 && high >= 0.4 * low {
            high = 0.0;
        }
        if low == high {
            let half = if low == 0.0 { 1.0 } else { 0.1 * low.abs() };
            low -= half;
            high += half;
        }
        let pad = 0.05 * (high - low);
        low = if low >= 0.0 {
            (low - pad).max(0.0)
        } else {
            low - pad
        };
        high = if high <= 0.0 {
            (high + pad).min(0.0)
        } else {
            high + pad
        };
        let step = Step::near((high - low) / TARGET_TICKS);
        let ticks = step.multiples((low / step.value()).floor(), (high / step.value()).ceil());
        match (ticks.first(), ticks.last()) {
            (Some(&min), Some(&max)) if min < max => Axis {
                min,
                max,
                ticks,
                exponent: step.exponent,
            },
            // Only for spans so small that the steps underflow.
            _ => Axis {
                min: low,
                max: high,
                ticks: vec![low, high],
                exponent: step.exponent,
            },
        }
    }
}

/// A tick step, `mantissa × 10^exponent` with a mantissa of 1, 2 or 5.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Step {
    mantissa: f64,
    exponent: i32,
}

impl Step {
    /// A nice step close to `raw` (Heckbert's rounding of its mantissa).
    fn near(raw: f64) -> Step {
        let raw = if raw.is_finite() && raw > 0.0 {
            raw
        } else {
            1.0
        };
        let exponent = raw.log10().floor() as i32;
        let fraction = raw / 10f64.powi(exponent);
        let (mantissa, exponent) = if fraction < 1.5 {
            (1.0, exponent)
        } else if fraction < 3.0 {
            (2.0, exponent)
        } else if fraction < 7.0 {
            (5.0, exponent)
        } else {
            (1.0, exponent + 1)
        };
        Step { mantissa, exponent }
    }

    fn value(self) -> f64 {
        self.multiple(1.0)
    }

    /// `k × step`, computed from `k` rather than accumulated, and dividing by
    /// an exact power of ten for small steps, so that ticks such as 0.6 come
    /// out as the closest double (not 0.6000000000000001).
    fn multiple(self, k: f64) -> f64 {
        let units = k * self.mantissa;
        if self.exponent >= 0 {
            units * 10f64.powi(self.exponent)
        } else {
            units / 10f64.powi(-self.exponent)
        }
    }

    /// The multiples from `first × step` to `last × step` (whole `first`,
    /// `last`); empty when the range is degenerate.
    fn multiples(self, first: f64, last: f64) -> Vec<f64> {
        let count = last - first;
        if !(0.0..=100.0).contains(&count) {
            return Vec::new();
        }
        (0..=count as u32)
            .map(|i| self.multiple(first + f64::from(i)))
            .filter(|v| v.is_finite())
            .collect()
    }
}

/// Both axes, mapping values to pixels.
struct Frame {
    x: Axis,
    y: Axis,
}

impl Frame {
    fn px(&self, x: f64) -> f64 {
        let share = (x - self.x.min) / (self.x.max - self.x.min);
        (PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT)).clamp(-MAX_PIXEL, MAX_PIXEL)
    }

    fn py(&self, y: f64) -> f64 {
        let share = (y - self.y.min) / (self.y.max - self.y.min);
        (PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)).clamp(-MAX_PIXEL, MAX_PIXEL)
    }

    fn write_grid(&self, svg: &mut String) {
        svg.push_str("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        for &y in &self.y.ticks {
            let py = self.py(y);
            let _ = writeln!(
                svg,
                "<line x1=\"{PLOT_LEFT}\" y1=\"{py:.1}\" x2=\"{PLOT_RIGHT}\" y2=\"{py:.1}\"/>"
            );
        }
        for &x in &self.x.ticks {
            let px = self.px(x);
            let _ = writeln!(
                svg,
                "<line x1=\"{px:.1}\" y1=\"{PLOT_TOP}\" x2=\"{px:.1}\" y2=\"{PLOT_BOTTOM}\"/>"
            );
        }
        svg.push_str("</g>\n");
    }

    fn write_axes(&self, svg: &mut String) {
        // A zero line inside the plot marks where gains turn into losses.
        if self.y.min < 0.0 && self.y.max > 0.0 {
            let py = self.py(0.0);
            let _ = writeln!(
                svg,
                "<line x1=\"{PLOT_LEFT}\" y1=\"{py:.1}\" x2=\"{PLOT_RIGHT}\" y2=\"{py:.1}\" \
                 stroke=\"#888888\" stroke-width=\"1\"/>"
            );
        }
        let _ = writeln!(
            svg,
            "<g stroke=\"#333333\" stroke-width=\"1\">\n\
             <line x1=\"{PLOT_LEFT}\" y1=\"{PLOT_TOP}\" x2=\"{PLOT_LEFT}\" y2=\"{PLOT_BOTTOM}\"/>\n\
             <line x1=\"{PLOT_LEFT}\" y1=\"{PLOT_BOTTOM}\" x2=\"{PLOT_RIGHT}\" y2=\"{PLOT_BOTTOM}\"/>\n\
             </g>"
        );
        svg.push_str("<g font-size=\"11\" fill=\"#444444\">\n");
        for &y in &self.y.ticks {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                PLOT_LEFT - 8.0,
                self.py(y) + 4.0,
                format_amount(y, self.y.exponent)
            );
        }
        for &x in &self.x.ticks {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                self.px(x),
                PLOT_BOTTOM + 18.0,
                format_plain(x, self.x.exponent)
            );
        }
        svg.push_str("</g>\n");
    }
}

/// A y tick label with a k/M/B/T suffix (`12k`, `1.2M`), showing as many
/// decimals as the tick step needs; scientific notation from 10^15 on.
fn format_amount(value: f64, exponent: i32) -> String {
    if value.abs() >= 1e15 {
        return format!("{value:.1e}");
    }
    const UNITS: [(i32, &str); 4] = [(12, "T"), (9, "B"), (6, "M"), (3, "k")];
    let magnitude = value.abs();
    let (unit_exponent, suffix) = UNITS
        .iter()
        .copied()
        .find(|&(e, _)| magnitude >= 10f64.powi(e))
        .unwrap_or((0, ""));
    let decimals = (unit_exponent - exponent).clamp(0, MAX_DECIMALS) as usize;
    let scaled = value / 10f64.powi(unit_exponent);
    let mut label = trim_zeros(format!("{scaled:.decimals$}"));
    if label != "0" {
        label.push_str(suffix);
    }
    label
}

/// An x tick label: the plain number with the decimals the step needs.
fn format_plain(value: f64, exponent: i32) -> String {
    let decimals = (-exponent).clamp(0, MAX_DECIMALS) as usize;
    trim_zeros(format!("{value:.decimals$}"))
}

/// `"1.50"` → `"1.5"`, `"2.00"` → `"2"`, `"-0"` → `"0"`.
fn trim_zeros(mut number: String) -> String {
    if number.contains('.') {
        let kept = number.trim_end_matches('0').trim_end_matches('.').len();
        number.truncate(kept);
    }
    if number == "-0" {
        number = "0".to_string();
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal well-formedness check: tags balance and nest, attribute
    /// values are quoted, and `&` only starts an entity.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg "), "starts with {:?}", &svg[..20]);
        assert!(svg.ends_with("</svg>\n"));
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            assert_entities(&rest[..open]);
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "'<' inside tag {tag}");
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes in {tag}"
            );
            assert_entities(tag);
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().expect("empty tag");
                stack.push(name);
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed elements {stack:?}");
        assert_eq!(rest, "\n");
    }

    fn assert_entities(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| text[i..].starts_with(e));
            assert!(entity, "bare '&' in {text:?}");
        }
    }

    fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    /// The `points` attribute of every polyline.
    fn polylines(svg: &str) -> Vec<&str> {
        svg.lines()
            .filter(|l| l.starts_with("<polyline"))
            .map(|l| {
                l.split("points=\"")
                    .nth(1)
                    .unwrap()
                    .trim_end_matches("\"/>")
            })
            .collect()
    }

    fn series(label: &str, values: Vec<f64>, dashed: bool) -> Series {
        Series {
            label: label.to_string(),
            values,
            color: "#1f77b4",
            dashed,
        }
    }

    fn sample_chart(n: usize) -> Chart {
        let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let median: Vec<f64> = x.iter().map(|t| 1_000_000.0 + 50.0 * t).collect();
        Chart {
            title: "Capital over time".to_string(),
            subtitle: "10 000 paths, seed 7".to_string(),
            x_label: "period".to_string(),
            y_label: "capital (uusdc)".to_string(),
            x,
            bands: vec![
                Band {
                    label: "P5–P95".to_string(),
                    lower: median.iter().map(|m| m * 0.8).collect(),
                    upper: median.iter().map(|m| m * 1.2).collect(),
                    color: "#1f77b4",
                    opacity: 0.15,
                },
                Band {
                    label: "P25–P75".to_string(),
                    lower: median.iter().map(|m| m * 0.9).collect(),
                    upper: median.iter().map(|m| m * 1.1).collect(),
                    color: "#1f77b4",
                    opacity: 0.3,
                },
            ],
            lines: vec![
                series("median", median.clone(), false),
                series("worst path", median.iter().map(|m| m * 0.7).collect(), true),
                series("best path", median.iter().map(|m| m * 1.3).collect(), false),
            ],
        }
    }

    #[test]
    fn renders_a_well_formed_document() {
        let chart = sample_chart(5_000);
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("viewBox=\"0 0 960 562\""), "one legend row");
        assert!(svg.contains("fill=\"#ffffff\""));
        assert_eq!(count(&svg, "<polygon"), 2);
        assert_eq!(count(&svg, "<polyline"), 3);
        assert_eq!(
            count(&svg, "stroke-dasharray"),
            2,
            "line and its legend entry"
        );
        for text in [
            "Capital over time",
            "10 000 paths, seed 7",
            "period",
            "P25–P75",
        ] {
            assert!(svg.contains(&format!(">{text}</text>")), "missing {text}");
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let lines = polylines(&svg);
        assert!(lines.iter().all(|p| p.split(' ').count() == 5_000));
        // Bands come first, under the lines.
        assert!(svg.find("<polygon").unwrap() < svg.find("<polyline").unwrap());
        assert_eq!(svg, chart.to_svg(), "deterministic");
    }

    #[test]
    fn the_legend_stays_inside_the_picture() {
        let mut chart = sample_chart(10);
        chart.lines[0].label = "median minimum capital requirement".to_string();
        chart.lines[1].label = "worst path (lowest capital ratio)".to_string();
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        let attr = |line: &str, name: &str| -> f64 {
            let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let rest = &line[start..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        };
        let header = svg.lines().next().unwrap();
        let (width, height) = (attr(header, "width"), attr(header, "height"));
        let layout = chart.legend_layout();
        for line in svg.lines().filter(|l| l.contains("font-size=\"12\"")) {
            let x = attr(line, "x");
            let y = attr(line, "y");
            let label = &line[line.find('>').unwrap() + 1..line.rfind("</text>").unwrap()];
            let right = x + label.chars().count() as f64 * LEGEND_CHAR;
            assert!(right <= width, "{label} ends at {right} of {width}");
            assert!(y <= height - 4.0 && y > PLOT_BOTTOM, "{label} at y {y}");
            assert!(x + layout.column - LEGEND_SWATCH <= width + 1e-9 || layout.columns == 1);
        }
    }

    #[test]
    fn points_stay_inside_the_plot_area() {
        let svg = sample_chart(50).to_svg();
        for points in polylines(&svg) {
            for pair in points.split(' ') {
                let (x, y) = pair.split_once(',').unwrap();
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!((PLOT_LEFT..=PLOT_RIGHT).contains(&x), "x {x}");
                assert!((PLOT_TOP..=PLOT_BOTTOM).contains(&y), "y {y}");
            }
        }
    }

    #[test]
    fn escapes_text() {
        let mut chart = sample_chart(3);
        chart.title = "Tom & Jerry <\"quoted\">".to_string();
        chart.lines[0].label = "a<b".to_string();
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        assert!(svg.contains("Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;"));
        assert!(svg.contains(">a&lt;b</text>"));
        assert!(!svg.contains("Tom & Jerry"));
    }

    #[test]
    fn non_finite_values_split_lines_and_are_skipped_in_bands() {
        let nan = f64::NAN;
        let chart = Chart {
            x: (0..8).map(f64::from).collect(),
            lines: vec![series(
                "gappy",
                vec![nan, 1.0, 2.0, nan, 3.0, f64::INFINITY, 5.0, 6.0],
                false,
            )],
            bands: vec![Band {
                label: "band".to_string(),
                lower: vec![0.0, nan, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                upper: vec![9.0, 9.0, f64::NEG_INFINITY, 9.0, 9.0, 9.0, 9.0, 9.0],
                color: "#ff7f0e",
                opacity: 0.2,
            }],
            ..Chart::default()
        };
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        let lines = polylines(&svg);
        let sizes: Vec<usize> = lines.iter().map(|p| p.split(' ').count()).collect();
        // [1, 2], [3] (a dot: its point twice), [5, 6].
        assert_eq!(sizes, vec![2, 2, 2]);
        let dot: Vec<&str> = lines[1].split(' ').collect();
        assert_eq!(dot[0], dot[1]);
        assert_eq!(count(&svg, "<polygon"), 1);
        let polygon = svg.lines().find(|l| l.starts_with("<polygon")).unwrap();
        let corners = polygon
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split(' ')
            .count();
        assert_eq!(corners, 2 * 6, "six usable points, each bound once");
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn constant_series_gets_a_range() {
        for value in [0.0, 7.0, -3.5, 1e9] {
            let chart = Chart {
                x: vec![0.0, 1.0, 2.0],
                lines: vec![series("flat", vec![value; 3], false)],
                ..Chart::default()
            };
            let svg = chart.to_svg();
            assert_well_formed(&svg);
            assert_eq!(count(&svg, "<polyline"), 1);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{value}");
            let ys: Vec<f64> = polylines(&svg)[0]
                .split(' ')
                .map(|p| p.split_once(',').unwrap().1.parse().unwrap())
                .collect();
            assert!(
                ys.iter().all(|&y| y > PLOT_TOP && y < PLOT_BOTTOM),
                "{value}: {ys:?}"
            );
        }
        // A single x value still gets a width.
        let single = Chart {
            x: vec![4.0],
            lines: vec![series("one", vec![2.0], false)],
            ..Chart::default()
        };
        let svg = single.to_svg();
        assert_well_formed(&svg);
        assert_eq!(count(&svg, "<polyline"), 1);
    }

    #[test]
    fn empty_input_reads_no_data() {
        let nothing = Chart {
            title: "Empty".to_string(),
            ..Chart::default()
        };
        let all_nan = Chart {
            x: vec![0.0, 1.0],
            lines: vec![series("gone", vec![f64::NAN; 2], false)],
            ..Chart::default()
        };
        let no_x = Chart {
            lines: vec![series("orphan", vec![1.0, 2.0], false)],
            ..Chart::default()
        };
        for chart in [nothing, all_nan, no_x] {
            let svg = chart.to_svg();
            assert_well_formed(&svg);
            assert!(svg.contains(">no data</text>"));
            assert_eq!(count(&svg, "<polyline"), 0);
            assert_eq!(count(&svg, "<polygon"), 0);
        }
    }

    #[test]
    fn extreme_values_do_not_break_the_axes() {
        let chart = Chart {
            x: vec![0.0, 1.0, 2.0],
            lines: vec![series("wild", vec![-f64::MAX, 0.0, f64::MAX], false)],
            ..Chart::default()
        };
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn nice_ticks() {
        let axis = Axis::padded((0.0, 1_234_567.0));
        let expected: Vec<f64> = (0..=7).map(|k| f64::from(k) * 200_000.0).collect();
        assert_eq!(axis.ticks, expected);
        assert_eq!((axis.min, axis.max), (0.0, 1_400_000.0));
        let labels: Vec<String> = axis
            .ticks
            .iter()
            .map(|&t| format_amount(t, axis.exponent))
            .collect();
        assert_eq!(
            labels,
            ["0", "200k", "400k", "600k", "800k", "1M", "1.2M", "1.4M"]
        );

        // Far from zero: zero stays out, and the ends are still nice.
        let axis = Axis::padded((900.0, 1_000.0));
        assert_eq!((axis.min, axis.max), (880.0, 1_020.0));
        assert!(axis.ticks.windows(2).all(|w| w[1] - w[0] == 20.0));
        // Close to zero: zero comes in.
        assert_eq!(Axis::padded((300.0, 1_000.0)).min, 0.0);
        // Both signs: padded on both sides.
        let axis = Axis::padded((-0.37, 0.52));
        assert_eq!(axis.ticks, [-0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6]);
        let labels: Vec<String> = axis
            .ticks
            .iter()
            .map(|&t| format_amount(t, axis.exponent))
            .collect();
        assert_eq!(labels, ["-0.6", "-0.4", "-0.2", "0", "0.2", "0.4", "0.6"]);

        // The x axis keeps the data range and puts ticks inside it.
        let axis = Axis::exact((0.0, 5_000.0));
        assert_eq!((axis.min, axis.max), (0.0, 5_000.0));
        assert_eq!(
            axis.ticks,
            [0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0, 5_000.0]
        );
        let axis = Axis::exact((1.0, 13.0));
        assert_eq!(axis.ticks, [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        assert_eq!(format_plain(2.5, -1), "2.5");
        assert_eq!(format_plain(4_000.0, 3), "4000");
    }

    #[test]
    fn amount_labels() {
        assert_eq!(format_amount(12_000.0, 3), "12k");
        assert_eq!(format_amount(1_200_000.0, 5), "1.2M");
        assert_eq!(format_amount(1_250_000.0, 4), "1.25M");
        assert_eq!(format_amount(-500_000.0, 5), "-500k");
        assert_eq!(format_amount(3_000_000_000.0, 9), "3B");
        assert_eq!(format_amount(0.25, -2), "0.25");
        assert_eq!(format_amount(0.0, 5), "0");
        assert_eq!(format_amount(750.0, 1), "750");
        assert_eq!(format_amount(1.5e300, 299), "1.5e300");
    }

    #[test]
    fn steps_are_one_two_or_five() {
        let step = |raw: f64| {
            let step = Step::near(raw);
            (step.value(), step.exponent)
        };
        assert_eq!(step(205_761.0), (200_000.0, 5));
        assert_eq!(step(0.8), (1.0, 0));
        assert_eq!(step(0.04), (0.05, -2));
        assert_eq!(step(13.0), (10.0, 1));
        assert_eq!(step(f64::NAN), (1.0, 0));
        assert_eq!(
            Step::near(0.25).multiples(-1.0, 3.0),
            [-0.2, 0.0, 0.2, 0.4, 0.6]
        );
    }
}
