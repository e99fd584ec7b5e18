"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export function TimeZoneForm({ current }: { current: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
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
        <span role="status" aria-live="polite" className={save.isError ? "error" : "success"}>
          {save.isError ? save.error.message : save.isSuccess ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}
