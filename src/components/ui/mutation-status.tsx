"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import { ServerMessage } from "./server-message";
import { StatusLine } from "./status-line";

/** The line next to a form's button: the server's refusal (in the viewer's zone and locale), or what succeeded. */
export function MutationStatus({
  mutation,
  viewer,
  success,
  successTone = "success",
}: {
  mutation: { isError: boolean; isSuccess: boolean; error: { message: string } | null };
  viewer: Pick<Viewer, "dateTimeWithZone" | "money">;
  success: string;
  successTone?: "success" | "muted";
}) {
  return (
    <StatusLine
      message={mutation.isError ? <ServerMessage message={mutation.error?.message} viewer={viewer} /> : mutation.isSuccess ? success : null}
      tone={mutation.isError ? "error" : successTone}
    />
  );
}
