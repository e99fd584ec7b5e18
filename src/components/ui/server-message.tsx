"use client";

import { Fragment } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import { type MessagePart, messageParts } from "~/shared/message-tokens";

// Bare ISO instants, as messages stored before instants travelled as tokens still carry them (old alerts and audit
// reasons in the database): they are shown like tokens, in the viewer's zone, never as "2026-12-01T19:22:37.222Z".
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g;

/** The message's parts: its tokens, and any bare ISO instant inside its text. */
export function serverMessageParts(message: string): MessagePart[] {
  return messageParts(message).flatMap((part): MessagePart[] => {
    if (!("text" in part)) return [part];
    const out: MessagePart[] = [];
    let last = 0;
    for (const m of part.text.matchAll(ISO_INSTANT)) {
      if (m.index > last) out.push({ text: part.text.slice(last, m.index) });
      out.push({ instant: new Date(m[0]) });
      last = m.index + m[0].length;
    }
    if (last < part.text.length) out.push({ text: part.text.slice(last) });
    return out.length ? out : [part];
  });
}

type Readers = Pick<Viewer, "dateTimeWithZone" | "money">;

/** The message as plain text for this viewer (for places that need a string: a button label, a live region). */
export function serverMessageText(message: string, viewer: Readers): string {
  return serverMessageParts(message)
    .map((p) =>
      "text" in p ? p.text : "instant" in p ? viewer.dateTimeWithZone(p.instant) : viewer.money(p.money.amount, p.money.currency),
    )
    .join("");
}

/**
 * A message from the server (an alert, an audit reason, a rejection, an error) as the viewer reads it: instants in
 * their zone as <time>, with UTC on hover, and amounts in their locale. Every page shows server messages through it.
 */
export function ServerMessage({ message, viewer }: { message: string | null | undefined; viewer: Readers }) {
  if (!message) return null;
  return (
    <>
      {serverMessageParts(message).map((p, i) => (
        <Fragment key={i}>
          {"text" in p ? (
            p.text
          ) : "instant" in p ? (
            <time dateTime={p.instant.toISOString()} title={`${p.instant.toISOString().slice(0, 19).replace("T", " ")} UTC`}>
              {viewer.dateTimeWithZone(p.instant)}
            </time>
          ) : (
            viewer.money(p.money.amount, p.money.currency)
          )}
        </Fragment>
      ))}
    </>
  );
}
