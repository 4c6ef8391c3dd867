//! Pages a risk committee can read in a browser: the figures with their
//! intervals in plain tables, the charts beside them, and what the figures
//! cannot tell. Standalone HTML with no script and no outside resource.

use std::fmt::Write as _;

use super::report::{capital_lines, pct, pct2, ratio, setup_lines, units, UNIT_NAME};
use super::run::StressRun;
use super::summary::{Probability, Summary, QUANTILES};
use super::sweep::Sweep;

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.45}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;margin:.6em 0}td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:right}\
td:first-child,th:first-child{text-align:left}.note{color:#555;font-size:.92em}.short{color:#b00;font-weight:bold}\
img{max-width:100%;border:1px solid #eee}code{background:#f5f5f5;padding:0 .2em}";

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    )
}

fn probability_row(out: &mut String, label: &str, p: &Probability) {
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{} of {}</td><td>{} to {}</td></tr>",
        escape(label),
        pct2(p.estimate),
        p.paths,
        p.of,
        pct2(p.low),
        pct2(p.high)
    );
}

/// What the simulation cannot tell, on every page.
const CAVEATS: &str =
    "<p class=\"note\">Read with care: the incident frequencies, loss shares and \
correlations are assumptions calibrated on public hack and depeg statistics (see the simulator's \
README for the sources and their limits); the public record is short (a few years of DeFi), biased \
towards large events, and says little about the protocols a pool would actually cover. Intervals \
are 95 % Wilson intervals for probabilities and distribution-free order-statistic intervals for \
the value-at-risk; they measure the Monte Carlo error only, not the error of the assumptions. \
One-year figures pool every full year of every path, and a path's years are not independent \
(capital carries over), so their intervals are somewhat too narrow.</p>\n";

/// The page of one stress run.
pub fn stress_page(run: &StressRun, s: &Summary, chart: &str) -> String {
    let mut out = head(&format!(
        "Solvency of the insurance pool: {} paths of {:.0} years",
        s.paths, s.years_per_path
    ));
    let _ = writeln!(
        out,
        "<p>Monte Carlo over the protocol's real contracts on two embedded chains: {} paths of {} periods of {} days, seed {}. Every action is a contract message; every figure is read back from the contracts.</p>",
        s.paths, s.periods, s.period_days, s.seed
    );
    out.push_str("<h2>Set-up</h2>\n<ul>\n");
    for line in setup_lines(&run.config) {
        let _ = writeln!(out, "<li>{}</li>", escape(&line));
    }
    out.push_str("</ul>\n");

    out.push_str("<h2>Capital for a 1-in-200 year</h2>\n");
    let k = &s.capital;
    out.push_str(
        "<table><tr><th></th><th>estimate</th><th>observed</th><th>95% interval</th></tr>\n",
    );
    probability_row(
        &mut out,
        "one-year ruin (a year with a claim due unpaid)",
        &k.one_year_ruin,
    );
    out.push_str("</table>\n<ul>\n");
    for line in capital_lines(s) {
        let class = if line.contains("SHORT") {
            " class=\"short\""
        } else {
            ""
        };
        let _ = writeln!(out, "<li{class}>{}</li>", escape(line.trim()));
    }
    let _ = writeln!(
        out,
        "</ul>\n<p class=\"note\">Over {} path-years. The year's loss is what claims took from capital: payouts net of the reinsurance recoveries booked with them, recoveries written off, and claims due that the pool could not pay. Solvency II asks an insurer for the capital that survives such a year 199 times in 200 (the 99.5 % value-at-risk).</p>",
        k.years
    );

    out.push_str("<h2>Solvency over each path</h2>\n<table><tr><th></th><th>estimate</th><th>paths</th><th>95% interval</th></tr>\n");
    probability_row(
        &mut out,
        "ruin (a claim due the pool could not pay)",
        &s.ruin,
    );
    probability_row(
        &mut out,
        "capital below the minimum requirement",
        &s.below_minimum,
    );
    probability_row(&mut out, "junior tranche wiped out", &s.junior_wiped);
    probability_row(&mut out, "circuit breaker tripped", &s.breaker_tripped);
    out.push_str("</table>\n<table><tr><th>capital / minimum capital</th>");
    for q in QUANTILES {
        let _ = write!(out, "<th>p{}</th>", (q * 100.0).round());
    }
    out.push_str("<th>min</th></tr>\n");
    for (label, d) in [
        ("at period ends", &s.capital_ratio),
        ("each path's worst", &s.worst_capital_ratio),
    ] {
        let _ = write!(out, "<tr><td>{label}</td>");
        for v in &d.percentiles {
            let _ = write!(out, "<td>{}</td>", ratio(*v));
        }
        let _ = writeln!(out, "<td>{}</td></tr>", ratio(d.min));
    }
    out.push_str("</table>\n");
    let _ = writeln!(
        out,
        "<p><img src=\"{}\" alt=\"capital over time across paths\"></p>",
        escape(chart)
    );

    let _ = writeln!(
        out,
        "<h2>Who bore the losses (per path, {UNIT_NAME})</h2>\n<table><tr><th></th><th>mean</th><th>p95</th><th>max</th><th>share</th></tr>"
    );
    for l in s.losses.iter().chain([&s.unpaid]) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&l.layer),
            units(l.mean),
            units(l.p95),
            units(l.max),
            pct(l.share)
        );
    }
    let m = &s.mean;
    let _ = writeln!(
        out,
        "</table>\n<p>Premiums {} per path (ceded {}), claims paid {} and depeg payouts {}: loss ratio {}; the reinsurer's result {} per path.</p>",
        units(m.premiums as f64),
        units(m.ceded_premiums as f64),
        units(m.claims_paid as f64),
        units(m.incident_paid as f64),
        pct(s.loss_ratio),
        units(s.reinsurer_result)
    );
    out.push_str(CAVEATS);
    out.push_str("</body>\n</html>\n");
    out
}

/// The page of a sensitivity sweep.
pub fn sweep_page(sweep: &Sweep, charts: &[(String, String)]) -> String {
    let mut out = head("Sensitivity of the pool's solvency to its parameters");
    let _ = writeln!(
        out,
        "<p>Each row is a stress run of {} paths of {} periods (seed {}) over the real contracts, with one parameter changed from the base. Probabilities with their 95 % Wilson intervals.</p>",
        sweep.paths, sweep.periods, sweep.seed
    );
    out.push_str("<h2>Recommendation</h2>\n");
    for line in &sweep.recommendation {
        let _ = writeln!(out, "<p>{}</p>", escape(line));
    }
    out.push_str("<h2>Table</h2>\n<table><tr><th>parameter</th><th>value</th><th>ruin (path)</th><th>95% interval</th><th>one-year ruin</th><th>95% interval</th><th>below minimum</th><th>capital ratio p5</th><th>worst ratio p5</th><th>VaR 99.5% / cover</th><th>capital / required</th></tr>\n");
    for p in &sweep.points {
        let s = &p.summary;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td><td>{} to {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(p.parameter.label()),
            p.value,
            pct2(s.ruin.estimate),
            pct2(s.ruin.low),
            pct2(s.ruin.high),
            pct2(s.capital.one_year_ruin.estimate),
            pct2(s.capital.one_year_ruin.low),
            pct2(s.capital.one_year_ruin.high),
            pct2(s.below_minimum.estimate),
            ratio(s.capital_ratio.percentiles[1]),
            ratio(s.worst_capital_ratio.percentiles[1]),
            pct(s.capital.var_of_cover.value),
            ratio(s.capital.coverage)
        );
    }
    out.push_str("</table>\n");
    for (file, alt) in charts {
        let _ = writeln!(
            out,
            "<p><img src=\"{}\" alt=\"{}\"></p>",
            escape(file),
            escape(alt)
        );
    }
    out.push_str(CAVEATS);
    out.push_str("</body>\n</html>\n");
    out
}
