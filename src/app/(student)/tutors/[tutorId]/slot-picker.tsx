"use client";

import { useState } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import type { SlotDto } from "~/trpc/api-types";
import { groupSlotsByDay } from "./slot-days";

/**
 * Free times in two steps — a day, then a time that day — both as native radio groups
 * (arrow keys move within a group), all in the viewer's time zone.
 */
export function SlotPicker({
  slots,
  selected,
  onSelect,
  viewer,
  disabled,
}: {
  slots: SlotDto[];
  selected: string | null;
  onSelect: (startIso: string | null) => void;
  viewer: Viewer;
  disabled: boolean;
}) {
  const days = groupSlotsByDay(slots, viewer.timeZone);
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  // The day of the selected slot wins; else the chosen day if it still has times; else the first day.
  const selectedDay = days.find((d) => d.slots.some((s) => s.start.toISOString() === selected))?.key;
  const dayKey = selectedDay ?? (days.some((d) => d.key === chosenDay) ? chosenDay : days[0]?.key);
  const day = days.find((d) => d.key === dayKey);

  if (days.length === 0) {
    return (
      <fieldset>
        <legend>2. Day and time</legend>
        <p className="muted" style={{ margin: 0 }}>
          No free times in the next two weeks for this length. Try the other lesson length, or pick another tutor.
        </p>
      </fieldset>
    );
  }
  return (
    <fieldset className="stack">
      <legend>2. Day and time (your time zone: {viewer.timeZone})</legend>
      <div role="radiogroup" aria-label="Day" className="choice-group">
        {days.map((d) => (
          <label key={d.key} className="choice">
            <input
              type="radio"
              name="day"
              value={d.key}
              checked={d.key === dayKey}
              disabled={disabled}
              onChange={() => {
                setChosenDay(d.key);
                onSelect(null);
              }}
            />
            <span>
              {viewer.shortDay(d.first)} <span className="sr-only">, {d.slots.length} free times</span>
            </span>
          </label>
        ))}
      </div>
      {day && (
        <div role="radiogroup" aria-label={`Time on ${viewer.dayHeading(day.first)}`}>
          <p style={{ margin: "0 0 6px", fontWeight: 600 }}>{viewer.dayHeading(day.first)}</p>
          <div className="choice-group">
            {day.slots.map((s) => {
              const iso = s.start.toISOString();
              return (
                <label key={iso} className="choice">
                  <input
                    type="radio"
                    name="slot"
                    value={iso}
                    checked={selected === iso}
                    onChange={() => onSelect(iso)}
                    disabled={disabled}
                  />
                  <span>{viewer.clockTime(s.start)}</span>
                </label>
              );
            })}
          </div>
        </div>
      )}
    </fieldset>
  );
}
