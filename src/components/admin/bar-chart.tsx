"use client";

import { useId } from "react";
import { Bar, BarChart as RBarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS: Record<string, string> = { "bar-a": "#2453d4", "bar-b": "#b54708" };

export interface BarDatum {
  label: string;
  /** full label for screen readers and the hover text, e.g. "Thu, Nov 26" */
  longLabel: string;
  values: number[];
}

/**
 * A grouped bar chart (recharts). The picture is one labelled image for screen readers, with a
 * tooltip per bar for the mouse; the same numbers are in a table below it for keyboard and
 * screen-reader users.
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
  const rows = data.map((d) => ({ label: d.label, longLabel: d.longLabel, ...Object.fromEntries(d.values.map((v, i) => [`v${i}`, v])) }));
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
      <div role="img" aria-label={summary} style={{ width: "100%", height }}>
        <ResponsiveContainer width="100%" height="100%">
          <RBarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <XAxis dataKey="label" interval={6} tickLine={false} fontSize={12} />
            <YAxis hide />
            <Tooltip
              formatter={(value) => format(Number(value))}
              labelFormatter={(_label, payload) => String(payload?.[0]?.payload?.longLabel ?? _label)}
            />
            {series.map((s, i) => (
              <Bar key={s.name} dataKey={`v${i}`} name={s.name} fill={COLORS[s.className] ?? "#2453d4"} isAnimationActive={false} />
            ))}
          </RBarChart>
        </ResponsiveContainer>
      </div>
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
