"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { MutationStatus } from "~/components/ui/mutation-status";
import { useTRPC } from "~/trpc/react";

export function TimeZoneForm({ current }: { current: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const [value, setValue] = useState(current);
  const save = useMutation(
    trpc.me.updateTimeZone.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.me.get.queryKey() }) }),
  );
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ timeZone: value });
      }}
    >
      <label>
        Time zone
        <input value={value} onChange={(e) => setValue(e.target.value)} aria-describedby="tz-help" />
      </label>
      <span id="tz-help" className="muted">
        An IANA name such as Europe/Paris. Your browser says: {Intl.DateTimeFormat().resolvedOptions().timeZone}
      </span>
      <div className="row">
        <button type="submit" disabled={save.isPending} aria-busy={save.isPending}>
          {save.isPending && <span className="spinner" aria-hidden />} Save
        </button>
        <MutationStatus mutation={save} viewer={viewer} success="Saved." />
      </div>
    </form>
  );
}
