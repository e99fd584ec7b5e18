"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import type { LessonDto } from "~/trpc/api-types";
import { adviceForDecline } from "~/components/checkout/card-decline";
import { ServerMessage } from "~/components/ui/server-message";

export type BookingOutcome =
  | { kind: "booked"; lesson: LessonDto; cardLabel: string }
  | { kind: "declined"; lesson: LessonDto; cardLabel: string }
  | { kind: "taken"; message: string }
  | { kind: "error"; message: string };

/** After a successful booking: what was booked, what happens to the card, where to go next. */
export function BookedNotice({
  lesson,
  cardLabel,
  viewer,
  onBookAnother,
}: {
  lesson: LessonDto;
  cardLabel: string;
  viewer: Viewer;
  onBookAnother: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const p = lesson.payment;
  const price = viewer.money(lesson.priceAmount, lesson.currency);
  return (
    <div className="notice ok stack" role="status" data-testid="booking-confirmed">
      <h2 ref={heading} tabIndex={-1} style={{ margin: 0 }}>
        You&apos;re booked
      </h2>
      <p>
        {lesson.durationMinutes}-minute lesson with {lesson.tutor.name}, {viewer.timeRange(lesson.scheduledStart, lesson.scheduledEnd)}{" "}
        (your time).
      </p>
      {p?.status === "AUTHORIZED" && (
        <p>
          Your {cardLabel} is authorized for {price} — you&apos;ll be charged after the lesson, only for what happened.
        </p>
      )}
      {p?.status === "AWAITING_AUTHORIZATION" && p.authorizationMode === "OFF_SESSION" && p.authorizeAt && (
        <p data-testid="authorize-later">
          The lesson is too far ahead for a card hold to last, so nothing is held yet: we saved your {cardLabel} and will authorize {price}{" "}
          on <strong>{viewer.dateTimeWithZone(p.authorizeAt)}</strong>,{" "}
          {Math.round((lesson.scheduledStart.getTime() - p.authorizeAt.getTime()) / 3_600_000)} hours before the lesson. You&apos;re charged
          after the lesson.
        </p>
      )}
      {p?.status === "AWAITING_AUTHORIZATION" && p.authorizationMode === "ON_SESSION" && (
        <p>Your card is being authorized; your lessons page shows the result in a moment.</p>
      )}
      <p className="row">
        <Link className="button" href={`/lessons/${lesson.id}`}>
          Go to the lesson page
        </Link>
        <Link className="button secondary" href="/lessons">
          See my lessons
        </Link>
        <button type="button" className="secondary" onClick={onBookAnother}>
          Book another time
        </button>
      </p>
    </div>
  );
}

/** A card the bank refused, or a slot someone else took: what happened and what to do. */
export function ProblemNotice({ outcome, viewer }: { outcome: Exclude<BookingOutcome, { kind: "booked" }>; viewer: Viewer }) {
  if (outcome.kind === "declined") {
    const advice = adviceForDecline(outcome.lesson.payment?.lastError);
    return (
      <div className="notice danger" role="alert" data-testid="booking-declined">
        <p>
          <strong>{advice.what}</strong> {advice.next}
        </p>
        <p className="muted">The time is still free: enter another card below to book it.</p>
      </div>
    );
  }
  if (outcome.kind === "taken") {
    return (
      <div className="notice warn" role="alert" data-testid="booking-taken">
        <p>
          <strong>
            <ServerMessage message={outcome.message} viewer={viewer} />
          </strong>{" "}
          The free times below are up to date.
        </p>
      </div>
    );
  }
  return (
    <div className="notice danger" role="alert">
      <p>
        <ServerMessage message={outcome.message} viewer={viewer} />
      </p>
    </div>
  );
}
