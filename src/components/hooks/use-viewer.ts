"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { clockTime, dateTime, dateTimeWithZone, dayHeading, money, shortDay, timeRange } from "~/shared/format";
import { useTRPC } from "~/trpc/react";

export interface Viewer {
  /** the saved time zone from the account, else the browser's */
  timeZone: string;
  /** the locale saved on the account, else the browser's (numbers, currency and dates are written its way) */
  locale: string | undefined;
  ready: boolean;
  money: (amount: number, currency: string) => string;
  dateTime: (at: Date) => string;
  dateTimeWithZone: (at: Date) => string;
  clockTime: (at: Date) => string;
  shortDay: (at: Date) => string;
  dayHeading: (at: Date) => string;
  timeRange: (start: Date, end: Date) => string;
}

const browserZone = () => (typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC");

/** How the signed-in person reads times and money. Signed-out visitors get the browser's zone and locale. */
export function useViewer(): Viewer {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.me.get.queryOptions(), retry: false, staleTime: 60_000 });
  const timeZone = me.data?.timeZone ?? browserZone();
  const locale = me.data?.locale ?? (typeof navigator === "undefined" ? undefined : navigator.language);
  return useMemo(
    () => ({
      timeZone,
      locale,
      ready: !me.isPending,
      money: (amount, currency) => money(amount, currency, locale),
      dateTime: (at) => dateTime(at, timeZone, locale),
      dateTimeWithZone: (at) => dateTimeWithZone(at, timeZone, locale),
      clockTime: (at) => clockTime(at, timeZone, locale),
      shortDay: (at) => shortDay(at, timeZone, locale),
      dayHeading: (at) => dayHeading(at, timeZone, locale),
      timeRange: (start, end) => timeRange(start, end, timeZone, locale),
    }),
    [timeZone, locale, me.isPending],
  );
}
