"use client";

import { useId } from "react";

export interface BarDatum {
  label: string;
  /** full label for screen readers and the hover text, e.g. "Thu, Nov 26" */
  longLabel: string;
  values: number[];
}

/**
 * A small grouped bar chart in plain SVG (recharts is not installed; a chart library would normally draw this).
 * The picture is labelled for what it shows, each bar has a hover title, and the same numbers are in a table
 * below it for screen readers and keyboard users (the SVG itself is one image, not a maze of shapes).
 */
export function BarChart({
  title,
  data,
  series,
  format,
  height = 180,
}: {
  title: string;
  data: BarDatum[];
  series: { name: string; className: string }[];
  format: (value: number) => string;
  height?: number;
}) {
  const id = useId();
  const max = Math.max(1, ...data.flatMap((d) => d.values));
  const width = 720;
  const pad = { top: 8, right: 8, bottom: 24, left: 8 };
  const plotH = height - pad.top - pad.bottom;
  const slot = (width - pad.left - pad.right) / Math.max(1, data.length);
  const barW = Math.max(2, (slot * 0.8) / series.length);
  const total = series.map((_, s) => data.reduce((sum, d) => sum + (d.values[s] ?? 0), 0));
  const summary = `${title}: ${series.map((s, i) => `${s.name} ${format(total[i]!)} in total`).join(", ")} over ${data.length} days.`;
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{title}</strong>
        <span className="legend" aria-hidden="true">
          {series.map((s) => (
            <span key={s.name}>
              <span className={`swatch ${s.className}`} /> {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="none" style={{ width: "100%", height }}>
        <line x1={pad.left} x2={width - pad.right} y1={pad.top + plotH} y2={pad.top + plotH} className="axis" />
        {data.map((d, i) => {
          const x0 = pad.left + i * slot + slot * 0.1;
          return (
            <g key={d.label}>
              {d.values.map((v, s) => {
                const h = (v / max) * plotH;
                return (
                  <rect key={s} x={x0 + s * barW} y={pad.top + plotH - h} width={barW - 1} height={Math.max(0, h)} className={series[s]!.className}>
                    <title>{`${d.longLabel} — ${series[s]!.name}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {(data.length - 1 - i) % 7 === 0 && (
                <text x={x0 + (barW * series.length) / 2} y={height - 6} textAnchor="middle" className="tick">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show the numbers as a table</summary>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th key={s.name} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.label}>
                  <th scope="row">{d.longLabel}</th>
                  {d.values.map((v, s) => (
                    <td key={s}>{format(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
