import { dayKey } from "~/shared/format";

export interface DayOfSlots<S extends { start: Date }> {
  /** "2026-11-26" in the viewer's zone */
  key: string;
  /** the first slot's start, for the day heading */
  first: Date;
  slots: S[];
}

/** Slots grouped by the viewer's calendar day (not the tutor's, not UTC's), in order. */
export function groupSlotsByDay<S extends { start: Date }>(slots: readonly S[], viewerTimeZone: string): DayOfSlots<S>[] {
  const days: DayOfSlots<S>[] = [];
  for (const slot of [...slots].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const key = dayKey(slot.start, viewerTimeZone);
    const last = days[days.length - 1];
    if (last && last.key === key) last.slots.push(slot);
    else days.push({ key, first: slot.start, slots: [slot] });
  }
  return days;
}
