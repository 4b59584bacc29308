//! Releases per period and the median lead time as a picture: a Mermaid `xychart-beta`
//! ([`chart`]) and a standalone SVG ([`svg`]), both from [`Metrics`] alone.
//!
//! The SVG is drawn here rather than by a plotting crate: the ones with an SVG backend
//! lay text out with a font engine (system fonts through fontconfig and freetype, or a
//! font file to embed), which is far more than a bar chart with a line needs.

// Chart coordinates are small numbers: counts and days turned into pixels.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::fmt::Write as _;

use super::{DAY, Metrics, MetricsError, MetricsErrorKind, PeriodMetrics};

/// How a chart of metrics is drawn: a Mermaid `xychart-beta` ([`chart`]) or an SVG
/// document ([`svg`]). Read from its name, `mermaid` or `svg`.
///
/// ```
/// use relcore::metrics::{ChartFormat, MetricsErrorKind};
///
/// let format: ChartFormat = "svg".parse()?;
/// assert_eq!(format, ChartFormat::Svg);
/// let err = "png".parse::<ChartFormat>().unwrap_err();
/// assert_eq!(err.kind(), MetricsErrorKind::UnknownFormat);
/// assert_eq!(err.to_string(), "unknown chart format `png`: expected `mermaid` or `svg`");
/// # Ok::<(), relcore::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChartFormat {
    /// A Mermaid `xychart-beta`, the text of a ` ```mermaid ` block.
    #[default]
    Mermaid,
    /// A standalone SVG document.
    Svg,
}

impl ChartFormat {
    /// `mermaid` or `svg`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartFormat::Mermaid => "mermaid",
            ChartFormat::Svg => "svg",
        }
    }

    /// The chart of `metrics` in this format.
    pub fn draw(self, metrics: &Metrics) -> String {
        match self {
            ChartFormat::Mermaid => chart(metrics),
            ChartFormat::Svg => svg(metrics),
        }
    }
}

impl std::str::FromStr for ChartFormat {
    type Err = MetricsError;

    fn from_str(text: &str) -> Result<ChartFormat, MetricsError> {
        [ChartFormat::Mermaid, ChartFormat::Svg]
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                MetricsError::new(
                    MetricsErrorKind::UnknownFormat,
                    format!("unknown chart format `{text}`: expected `mermaid` or `svg`"),
                )
            })
    }
}

/// A period's median lead time in days, to one decimal.
fn lead_days(period: &PeriodMetrics) -> Option<f64> {
    period
        .lead_time
        .median
        .map(|s| (s as f64 / DAY as f64 * 10.0).round() / 10.0)
}

/// The chart's title.
fn title(metrics: &Metrics) -> String {
    format!(
        "Releases per {} and median lead time (days)",
        metrics.by.as_str()
    )
}

/// A number as Mermaid and SVG write it: no trailing `.0`.
fn number(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// The top of an axis showing values up to `max`, and its step: 1, 2 or 5 times a power
/// of ten, about five steps.
fn axis(max: f64) -> (f64, f64) {
    if max.is_nan() || max <= 0.0 {
        return (1.0, 1.0);
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let step = if step < 1.0 { 1.0 } else { step };
    ((max / step).ceil() * step, step)
}

/// Metrics as a Mermaid `xychart-beta`: the text that goes between ` ```mermaid ` and
/// ` ``` `.
///
/// One bar per period with its releases (stable and pre-releases), and a line with the
/// median lead time in days of the commits released in it (0 for a period without
/// releases: Mermaid's lines have no gaps). With no period, one empty `none` column.
///
/// ```
/// use relcore::metrics::{chart, metrics, MetricsInput, MetricsOptions};
/// let input: MetricsInput = serde_json::from_value(serde_json::json!({
///     "releases": [{"tag": "v1.0.0", "version": "1.0.0", "time": 1_767_225_600}],
///     "commits": [{"time": 1_767_052_800, "release": "v1.0.0"}]
/// }))?;
/// let m = metrics(&input, &MetricsOptions::default())?;
/// assert_eq!(chart(&m), "\
/// xychart-beta
///     title \"Releases per month and median lead time (days)\"
///     x-axis [\"2026-01\"]
///     y-axis \"releases / days\" 0 --> 2
///     bar [1]
///     line [2]
/// ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn chart(metrics: &Metrics) -> String {
    let mut labels = Vec::new();
    let mut bars = Vec::new();
    let mut line = Vec::new();
    let mut max = 0.0f64;
    for period in &metrics.periods {
        labels.push(format!("\"{}\"", period.period));
        let releases = (period.stable + period.prereleases) as f64;
        let days = lead_days(period).unwrap_or(0.0);
        max = max.max(releases).max(days);
        bars.push(number(releases));
        line.push(number(days));
    }
    if labels.is_empty() {
        labels.push("\"none\"".to_owned());
        bars.push("0".to_owned());
        line.push("0".to_owned());
    }
    let (top, _) = axis(max);
    let mut out = String::new();
    let _ = writeln!(out, "xychart-beta");
    let _ = writeln!(out, "    title \"{}\"", title(metrics));
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(out, "    y-axis \"releases / days\" 0 --> {}", number(top));
    let _ = writeln!(out, "    bar [{}]", bars.join(", "));
    let _ = writeln!(out, "    line [{}]", line.join(", "));
    out
}

/// Text made safe for SVG (XML) content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 380.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 60.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 80.0;
const STABLE: &str = "#4c78a8";
const PRE: &str = "#9ecae9";
const LEAD: &str = "#e45756";
const INK: &str = "#333333";

/// Metrics as a standalone SVG document: stacked bars of stable releases and
/// pre-releases per period against the left axis, the median lead time in days as a
/// line with points against the right axis (broken where a period has none), the
/// periods along the bottom (every n-th named when there are many), a title and a
/// legend. Text is escaped; the document is well-formed XML.
///
/// ```
/// use relcore::metrics::{metrics, svg, MetricsInput, MetricsOptions};
/// let m = metrics(&MetricsInput::default(), &MetricsOptions::default())?;
/// let doc = svg(&m);
/// assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(doc.contains("no releases"));
/// # Ok::<(), relcore::metrics::MetricsError>(())
/// ```
pub fn svg(metrics: &Metrics) -> String {
    let periods = &metrics.periods;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let bottom = TOP + plot_h;
    let max_releases = periods
        .iter()
        .map(|p| (p.stable + p.prereleases) as f64)
        .fold(0.0, f64::max);
    let max_days = periods.iter().filter_map(lead_days).fold(0.0, f64::max);
    let (top_r, step_r) = axis(max_releases);
    let (top_d, step_d) = axis(max_days);
    let y_r = |v: f64| bottom - v / top_r * plot_h;
    let y_d = |v: f64| bottom - v / top_d * plot_h;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">",
        w = number(WIDTH),
        h = number(HEIGHT)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&title(metrics)));
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        number(WIDTH),
        number(HEIGHT)
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" fill=\"{INK}\">{}</text>",
        number(WIDTH / 2.0),
        escape(&title(metrics))
    );

    axes(&mut out, (top_r, step_r), (top_d, step_d));

    if periods.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">no releases</text>",
            number(LEFT + plot_w / 2.0),
            number(TOP + plot_h / 2.0)
        );
    }

    // Bars, labels and the line's points.
    let slot = plot_w / periods.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    let every = periods.len().div_ceil(24).max(1);
    let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        let center = LEFT + slot * (i as f64 + 0.5);
        let x = center - bar_w / 2.0;
        let stable_top = y_r(period.stable as f64);
        let all_top = y_r((period.stable + period.prereleases) as f64);
        let label = escape(&period.period);
        if period.stable > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{STABLE}\"><title>{label}: {n} stable</title></rect>",
                x = number(x),
                y = number(stable_top),
                w = number(bar_w),
                h = number(bottom - stable_top),
                n = period.stable
            );
        }
        if period.prereleases > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{PRE}\"><title>{label}: {n} pre-release{s}</title></rect>",
                x = number(x),
                y = number(all_top),
                w = number(bar_w),
                h = number(stable_top - all_top),
                n = period.prereleases,
                s = if period.prereleases == 1 { "" } else { "s" }
            );
        }
        if i % every == 0 {
            let _ = writeln!(
                out,
                "<text transform=\"translate({x} {y}) rotate(-45)\" text-anchor=\"end\" fill=\"{INK}\">{label}</text>",
                x = number(center),
                y = number(bottom + 14.0)
            );
        }
        match lead_days(period) {
            Some(days) => current.push((center, y_d(days))),
            None => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    lead_line(&mut out, &segments);
    legend(&mut out);
    out.push_str("</svg>\n");
    out
}

/// The grid, both axes with their ticks (releases left, days right) and their names.
fn axes(out: &mut String, (top_r, step_r): (f64, f64), (top_d, step_d): (f64, f64)) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let bottom = TOP + plot_h;
    let y_r = |v: f64| bottom - v / top_r * plot_h;
    let y_d = |v: f64| bottom - v / top_d * plot_h;
    let mut tick = 0.0;
    while tick <= top_r + f64::EPSILON {
        let y = y_r(tick);
        let _ = writeln!(
            out,
            "<line x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\" stroke=\"#e0e0e0\"/>\n<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"{INK}\">{v}</text>",
            l = number(LEFT),
            r = number(LEFT + plot_w),
            y = number(y),
            tx = number(LEFT - 6.0),
            ty = number(y + 4.0),
            v = number(tick)
        );
        tick += step_r;
    }
    let mut tick = 0.0;
    while tick <= top_d + f64::EPSILON {
        let y = y_d(tick);
        let _ = writeln!(
            out,
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"start\" fill=\"{LEAD}\">{v}</text>",
            tx = number(LEFT + plot_w + 6.0),
            ty = number(y + 4.0),
            v = number(tick)
        );
        tick += step_d;
    }
    let _ = writeln!(
        out,
        "<line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\" stroke=\"{INK}\"/>\n<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{INK}\"/>\n<line x1=\"{r}\" y1=\"{t}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{LEAD}\"/>",
        l = number(LEFT),
        r = number(LEFT + plot_w),
        t = number(TOP),
        b = number(bottom)
    );
    let _ = writeln!(
        out,
        "<text transform=\"translate(16 {y}) rotate(-90)\" text-anchor=\"middle\" fill=\"{INK}\">releases</text>\n<text transform=\"translate({x} {y}) rotate(90)\" text-anchor=\"middle\" fill=\"{LEAD}\">median lead time (days)</text>",
        y = number(TOP + plot_h / 2.0),
        x = number(WIDTH - 16.0)
    );
}

/// The median lead time's line, one polyline with points per run of periods that have one.
fn lead_line(out: &mut String, segments: &[Vec<(f64, f64)>]) {
    for segment in segments {
        let points: Vec<String> = segment
            .iter()
            .map(|(x, y)| format!("{},{}", number(*x), number(*y)))
            .collect();
        if points.len() > 1 {
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{LEAD}\" stroke-width=\"2\"/>",
                points.join(" ")
            );
        }
        for (x, y) in segment {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{LEAD}\"/>",
                number(*x),
                number(*y)
            );
        }
    }
}

/// The legend along the bottom.
fn legend(out: &mut String) {
    let legend_y = HEIGHT - 14.0;
    let _ = writeln!(
        out,
        "<rect x=\"{a}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{STABLE}\"/><text x=\"{at}\" y=\"{ty}\" fill=\"{INK}\">stable</text>\n<rect x=\"{b}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{PRE}\"/><text x=\"{bt}\" y=\"{ty}\" fill=\"{INK}\">pre-release</text>\n<line x1=\"{c}\" y1=\"{ly}\" x2=\"{c2}\" y2=\"{ly}\" stroke=\"{LEAD}\" stroke-width=\"2\"/><text x=\"{ct}\" y=\"{ty}\" fill=\"{INK}\">median lead time (days)</text>",
        a = number(LEFT),
        at = number(LEFT + 16.0),
        b = number(LEFT + 80.0),
        bt = number(LEFT + 96.0),
        c = number(LEFT + 190.0),
        c2 = number(LEFT + 206.0),
        ct = number(LEFT + 212.0),
        y = number(legend_y - 10.0),
        ty = number(legend_y),
        ly = number(legend_y - 4.0)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(axis(0.0), (1.0, 1.0));
        assert_eq!(axis(3.0), (3.0, 1.0));
        assert_eq!(axis(7.0), (8.0, 2.0));
        assert_eq!(axis(42.0), (50.0, 10.0));
        assert_eq!(axis(0.4), (1.0, 1.0));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\"\n"), "a&lt;b &amp; &quot;c&quot; ");
    }
}
