"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CardForm } from "~/components/checkout/card-form";
import type { PaymentConfig } from "~/components/checkout/payment-config";
import { useViewer } from "~/components/hooks/use-viewer";
import { dateTime } from "~/shared/format";
import { useTRPC } from "~/trpc/react";
import { BookedNotice, type BookingOutcome, ProblemNotice } from "./booking-outcome";
import { DurationPicker } from "./duration-picker";
import { SlotPicker } from "./slot-picker";
import { QueryStatus } from "~/components/ui/query-status";

export function TutorBooking({ tutorId, canBook, payment }: { tutorId: string; canBook: boolean; payment: PaymentConfig }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const tutor = useQuery(trpc.tutor.get.queryOptions({ tutorId }));
  const [duration, setDuration] = useState<25 | 50>(25);
  // Refreshed every minute so the page does not offer a time someone booked meanwhile.
  const slots = useQuery({ ...trpc.availability.slots.queryOptions({ tutorId, durationMinutes: duration }), refetchInterval: 60_000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<BookingOutcome | null>(null);
  const book = useMutation(trpc.lesson.book.mutationOptions());

  if (tutor.isPending || tutor.isError || !viewer.ready) return <QueryStatus query={tutor} viewer={viewer} loading="Loading the tutor…" />;
  const t = tutor.data;
  const prices = { 25: viewer.money(t.prices[25], t.currency), 50: viewer.money(t.prices[50], t.currency) };
  const slot = slots.data?.slots.find((s) => s.start.toISOString() === selected) ?? null;
  // when the card is held: the server's answer for this slot (the booking's own rule), never worked out here
  const plan = slot?.authorization ?? null;

  function refreshAfterBooking() {
    void qc.invalidateQueries({ queryKey: trpc.availability.slots.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.lesson.list.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.tutor.list.pathKey() });
  }

  function bookWith(paymentMethodId: string, cardLabel: string) {
    if (!slot) return;
    setOutcome(null);
    book.mutate(
      { tutorId, scheduledStart: slot.start, durationMinutes: duration, paymentMethodId },
      {
        onSuccess: (lesson) => {
          refreshAfterBooking();
          // A decline comes back as a cancelled lesson with a failed payment, not as an error.
          setOutcome(
            lesson.status === "CANCELLED" && lesson.payment?.status === "FAILED"
              ? { kind: "declined", lesson, cardLabel }
              : { kind: "booked", lesson, cardLabel },
          );
        },
        onError: (err) => {
          if (err.data?.code === "CONFLICT") {
            setSelected(null);
            refreshAfterBooking();
            setOutcome({ kind: "taken", message: err.message });
          } else {
            setOutcome({ kind: "error", message: err.message });
          }
        },
      },
    );
  }

  return (
    <section className="stack">
      <div>
        <p className="muted" style={{ margin: 0 }}>
          <Link href="/tutors">← All tutors</Link>
        </p>
        <h1>{t.name}</h1>
        {t.headline && <p style={{ margin: "0 0 8px", fontSize: "1.1rem" }}>{t.headline}</p>}
        {t.bio && <p>{t.bio}</p>}
        <p style={{ margin: 0 }}>
          <span className="price">{prices[25]}</span> / 25 min · <span className="price">{prices[50]}</span> / 50 min
        </p>
        <p className="muted" style={{ margin: 0 }}>
          {t.name.split(" ")[0]}&apos;s time zone: {t.timeZone}
        </p>
      </div>

      {!canBook ? (
        <p className="notice">Only students can book lessons. Sign in with a student account to book {t.name}.</p>
      ) : outcome?.kind === "booked" ? (
        <BookedNotice
          lesson={outcome.lesson}
          cardLabel={outcome.cardLabel}
          viewer={viewer}
          onBookAnother={() => {
            setOutcome(null);
            setSelected(null);
          }}
        />
      ) : (
        <div className="card stack" aria-labelledby="book-heading">
          <h2 id="book-heading" style={{ margin: 0 }}>
            Book a lesson
          </h2>
          {outcome && <ProblemNotice outcome={outcome} viewer={viewer} />}
          <DurationPicker
            value={duration}
            prices={prices}
            disabled={book.isPending}
            onChange={(d) => {
              setDuration(d);
              setSelected(null);
            }}
          />
          {slots.isPending ? (
            <p aria-busy="true">Finding free times…</p>
          ) : slots.isError ? (
            <p role="alert" className="error">
              {slots.error.message}
            </p>
          ) : (
            <SlotPicker slots={slots.data.slots} selected={selected} onSelect={setSelected} viewer={viewer} disabled={book.isPending} />
          )}
          <fieldset>
            <legend>3. Pay</legend>
            <div className="stack">
              {slot && plan ? (
                <div data-testid="booking-summary">
                  <p style={{ margin: 0 }}>
                    <strong>{viewer.timeRange(slot.start, slot.end)}</strong> your time · {dateTime(slot.start, t.timeZone, viewer.locale)}{" "}
                    for {t.name.split(" ")[0]} ({t.timeZone}) · <span className="price">{prices[duration]}</span>
                  </p>
                  <p className="muted" style={{ margin: "4px 0 0" }}>
                    {plan.mode === "ON_SESSION"
                      ? `Your card is authorized (held) for ${prices[duration]} now and charged after the lesson.`
                      : `This lesson is too far ahead for a card hold to last: we save your card now and authorize ${prices[duration]} on ${viewer.dateTimeWithZone(plan.authorizeAt)}, ${Math.round((slot.start.getTime() - plan.authorizeAt.getTime()) / 3_600_000)} hours before it. Nothing is held until then.`}
                  </p>
                </div>
              ) : (
                <p className="muted" style={{ margin: 0 }}>
                  Pick a time above first.
                </p>
              )}
              <CardForm
                config={payment}
                submitLabel={`Book for ${prices[duration]}`}
                busyLabel="Booking…"
                disabled={!slot}
                busy={book.isPending}
                onPaymentMethod={bookWith}
              />
            </div>
          </fieldset>
        </div>
      )}
    </section>
  );
}
