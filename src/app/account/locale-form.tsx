"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import { MutationStatus } from "~/components/ui/mutation-status";
import { money } from "~/shared/format";
import { useTRPC } from "~/trpc/react";

const EXAMPLE_DAY = new Date(Date.UTC(2026, 11, 24));

/** The locales the server accepts (src/server/users/user-fields.ts SUPPORTED_LOCALES), with an example of each. */
export function LocaleForm({ current, locales }: { current: string; locales: readonly string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const save = useMutation(
    trpc.me.updateLocale.mutationOptions({
      // the in-app notifications are written by the server in the saved locale: read them again too
      onSuccess: () =>
        Promise.all([
          qc.invalidateQueries({ queryKey: trpc.me.get.queryKey() }),
          qc.invalidateQueries({ queryKey: trpc.notification.list.queryKey() }),
        ]),
    }),
  );
  const example = (tag: string) =>
    `${tag} — ${money(123456, "EUR", tag)}, ${new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(EXAMPLE_DAY)}`;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        // read from the form itself: what is selected when the button is pressed, whatever React has rendered yet
        save.mutate({ locale: String(new FormData(e.currentTarget).get("locale")) });
      }}
    >
      <label>
        Dates and amounts
        <select name="locale" defaultValue={current} aria-describedby="locale-help">
          {locales.map((tag) => (
            <option key={tag} value={tag}>
              {example(tag)}
            </option>
          ))}
        </select>
      </label>
      <span id="locale-help" className="muted">
        How dates, times and amounts are written on these pages and in your emails.
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
