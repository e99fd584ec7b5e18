"use client";

import { useId } from "react";
import { minuteLabel } from "~/shared/weekly-windows";
import { type DraftWindow, withKey } from "./draft-window";

const STEP = 30;
const MINUTES = Array.from({ length: 1440 / STEP + 1 }, (_, i) => i * STEP);

/** One day's windows: a From/To pair of selects per window, add and remove. */
export function DayWindows({
  weekday,
  dayName,
  windows,
  disabled,
  onChange,
}: {
  weekday: number;
  dayName: string;
  windows: DraftWindow[];
  disabled: boolean;
  onChange: (windows: DraftWindow[]) => void;
}) {
  const headingId = useId();
  const sorted = [...windows].sort((a, b) => a.startMinute - b.startMinute);
  const last = sorted[sorted.length - 1];
  const add = () => {
    // After the last window, or a working day's morning when the day is empty.
    const start = last ? Math.min(last.endMinute + 60, 1380) : 9 * 60;
    onChange([...windows, withKey({ weekday, startMinute: start, endMinute: Math.min(start + 180, 1440) })]);
  };
  return (
    <fieldset className="week-day" aria-labelledby={headingId} data-testid={`day-${weekday}`}>
      <legend id={headingId}>{dayName}</legend>
      {sorted.length === 0 && (
        <p className="muted" style={{ margin: 0 }}>
          Not available.
        </p>
      )}
      {sorted.map((w) => (
        <div key={w.key} className="window-row">
          <label>
            From
            <select
              value={w.startMinute}
              disabled={disabled}
              onChange={(e) => onChange(windows.map((x) => (x.key === w.key ? { ...x, startMinute: Number(e.target.value) } : x)))}
            >
              {MINUTES.slice(0, -1).map((m) => (
                <option key={m} value={m}>
                  {minuteLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            To
            <select
              value={w.endMinute}
              disabled={disabled}
              onChange={(e) => onChange(windows.map((x) => (x.key === w.key ? { ...x, endMinute: Number(e.target.value) } : x)))}
            >
              {MINUTES.slice(1).map((m) => (
                <option key={m} value={m}>
                  {m === 1440 ? "24:00 (midnight)" : minuteLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="secondary"
            disabled={disabled}
            aria-label={`Remove ${dayName} ${minuteLabel(w.startMinute)}–${minuteLabel(w.endMinute)}`}
            onClick={() => onChange(windows.filter((x) => x.key !== w.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" disabled={disabled} onClick={add} aria-label={`Add hours on ${dayName}`}>
          + Add hours
        </button>
      </div>
    </fieldset>
  );
}
