"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PendingButton } from "~/components/ui/pending-button";
import { StatusLine } from "~/components/ui/status-line";
import { WEEKDAY_NAMES } from "~/shared/availability-rules";
import { checkWeeklyWindows } from "~/shared/weekly-windows";
import { useTRPC } from "~/trpc/react";
import { DayWindows } from "./day-windows";
import { type DraftWindow, withKey } from "./draft-window";
import { useViewer } from "~/components/hooks/use-viewer";
import { QueryStatus } from "~/components/ui/query-status";

/** Monday first: how most people read a week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export function AvailabilityEditor() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const week = useQuery(trpc.availability.mine.queryOptions());
  const viewer = useViewer();
  const [draft, setDraft] = useState<DraftWindow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation(
    trpc.availability.save.mutationOptions({
      onSuccess: (saved) => {
        qc.setQueryData(trpc.availability.mine.queryKey(), saved);
        setDraft(null);
      },
    }),
  );

  if (week.isPending || week.isError) return <QueryStatus query={week} viewer={viewer} loading="Loading your weekly hours…" />;
  const windows = draft ?? week.data.windows.map(withKey);
  const dirty = draft !== null;

  const change = (next: DraftWindow[]) => {
    setDraft(next);
    setProblem(null);
    save.reset();
  };

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const check = checkWeeklyWindows(windows);
        if (!check.ok) {
          setProblem(check.message);
          return;
        }
        save.mutate({ windows: check.windows });
      }}
    >
      <p className="notice">
        These hours are in <strong>your</strong> time zone, {week.data.timeZone}; each student sees them in theirs. Lessons start on the
        hour or half past, at least one hour ahead, up to two weeks ahead. <Link href="/account">Change your time zone</Link>
      </p>
      <div className="week-editor">
        {WEEK_ORDER.map((weekday) => (
          <DayWindows
            key={weekday}
            weekday={weekday}
            dayName={WEEKDAY_NAMES[weekday]}
            windows={windows.filter((w) => w.weekday === weekday)}
            disabled={save.isPending}
            onChange={(dayWindows) => change([...windows.filter((w) => w.weekday !== weekday), ...dayWindows])}
          />
        ))}
      </div>
      <p role="alert" className="error" style={{ margin: 0 }}>
        {problem ?? (save.isError ? save.error.message : "")}
      </p>
      <div className="row">
        <PendingButton type="submit" pending={save.isPending} disabled={!dirty}>
          Save weekly hours
        </PendingButton>
        {dirty && (
          <button
            type="button"
            className="secondary"
            disabled={save.isPending}
            onClick={() => {
              setDraft(null);
              setProblem(null);
            }}
          >
            Undo changes
          </button>
        )}
        <StatusLine
          message={
            save.isSuccess && !dirty
              ? windows.length
                ? "Saved. Students can book these hours now."
                : "Saved. You have no weekly hours: students cannot book you."
              : dirty
                ? "Unsaved changes"
                : null
          }
          tone={save.isSuccess && !dirty ? "success" : "muted"}
        />
      </div>
    </form>
  );
}
