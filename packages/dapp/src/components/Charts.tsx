// Two small SVG charts, no library: the rate curves against utilisation and capital over time.
// Each has a text alternative (title, description and a table for screen readers).
import { formatPercent } from "../lib/format";

const W = 560;
const H = 220;
const PAD = { l: 48, r: 28, t: 12, b: 30 };
const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed"];

interface Series {
  name: string;
  points: Array<[number, number]>;
  /** A marked point (e.g. the current utilisation). */
  mark?: [number, number];
}

function scale(v: number, d0: number, d1: number, r0: number, r1: number): number {
  return d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

function LineChart({ title, desc, series, x, y, testId }: { title: string; desc: string; series: Series[]; x: { min: number; max: number; fmt: (v: number) => string }; y: { min: number; max: number; fmt: (v: number) => string }; testId?: string }) {
  const px = (v: number) => scale(v, x.min, x.max, PAD.l, W - PAD.r);
  const py = (v: number) => scale(v, y.min, y.max, H - PAD.b, PAD.t);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => y.min + f * (y.max - y.min));
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => x.min + f * (x.max - x.min));
  const titleId = `${testId ?? title}-title`;
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{`${title}. ${desc}`}</title>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.l} x2={W - PAD.r} y1={py(t)} y2={py(t)} className="grid" />
            <text x={PAD.l - 6} y={py(t) + 4} textAnchor="end" className="tick">
              {y.fmt(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={px(t)} y={H - 10} textAnchor="middle" className="tick">
            {x.fmt(t)}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name}>
            <polyline fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={2} points={s.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(" ")} />
            {s.mark && <circle cx={px(s.mark[0])} cy={py(s.mark[1])} r={4.5} fill={COLORS[i % COLORS.length]} stroke="#fff" strokeWidth={1.5} />}
          </g>
        ))}
      </svg>
      <figcaption>
        {series.map((s, i) => (
          <span key={s.name} className="legend">
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function RateChart({ series }: { series: Series[] }) {
  const maxRate = Math.max(0.01, ...series.flatMap((s) => s.points.map((p) => p[1])));
  return (
    <LineChart
      testId="rate-chart"
      title="Annual rate against utilisation"
      desc={series.map((s) => `${s.name}: ${formatPercent(s.points[0]?.[1] ?? 0)} when idle, ${formatPercent(s.points[s.points.length - 1]?.[1] ?? 0)} at full use${s.mark ? `, now ${formatPercent(s.mark[1])} at ${formatPercent(s.mark[0], 0)} used` : ""}`).join("; ")}
      series={series}
      x={{ min: 0, max: 1, fmt: (v) => formatPercent(v, 0) }}
      y={{ min: 0, max: maxRate * 1.1, fmt: (v) => formatPercent(v, 1) }}
    />
  );
}

export function CapitalChart({ points, fmt }: { points: Array<{ height: number; capital: number; minimum: number }>; fmt: (v: number) => string }) {
  if (points.length < 2) return <p className="hint">Capital history appears after a few blocks.</p>;
  const h0 = points[0].height;
  const h1 = points[points.length - 1].height;
  const maxV = Math.max(1, ...points.map((p) => Math.max(p.capital, p.minimum)));
  const last = points[points.length - 1];
  return (
    <LineChart
      testId="capital-chart"
      title="Capital and minimum capital over time"
      desc={`From block ${h0} to ${h1}: capital ${fmt(points[0].capital)} then ${fmt(last.capital)}, minimum capital now ${fmt(last.minimum)}`}
      series={[
        { name: "Capital", points: points.map((p) => [p.height, p.capital]) },
        { name: "Minimum capital", points: points.map((p) => [p.height, p.minimum]) },
      ]}
      x={{ min: h0, max: h1, fmt: (v) => `#${Math.round(v)}` }}
      y={{ min: 0, max: maxV * 1.1, fmt: (v) => fmt(v) }}
    />
  );
}
