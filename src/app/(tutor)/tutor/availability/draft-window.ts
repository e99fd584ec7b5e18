import type { WeeklyWindow } from "~/shared/weekly-windows";

/** A window being edited, with a stable key for React while its times change. */
export type DraftWindow = WeeklyWindow & { key: number };

let nextKey = 1;
export const withKey = (w: WeeklyWindow): DraftWindow => ({ ...w, key: nextKey++ });
