"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterInputs } from "~/trpc/api-types";
import { LESSON_STATUSES, PAYMENT_STATUSES, PAYOUT_STATUSES } from "~/shared/statuses";
import { ServerMessage } from "~/components/ui/server-message";
import { useTRPC } from "~/trpc/react";
import { OutcomeProvider, RetryPayoutAction } from "./actions";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import { TableShell } from "./table-shell";
import { DateFields, FilterForm, filterQuery, Select } from "./filter-form";

export type LessonFilterInput = Omit<RouterInputs["admin"]["lessons"], "cursor" | "take">;
export type PayoutFilterInput = Omit<RouterInputs["admin"]["payoutList"], "cursor" | "take">;

export function LessonsList({ filter, showForm = true }: { filter: LessonFilterInput; showForm?: boolean }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const q = useInfiniteQuery(
    trpc.admin.lessons.infiniteQueryOptions({ ...filter, take: 25 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const exportHref = `/api/admin/export?${filterQuery({ q: filter.q, status: filter.status, paymentStatus: filter.paymentStatus, from: filter.from, to: filter.to })}`;
  const filtered = Boolean(filter.q || filter.status || filter.paymentStatus || filter.from || filter.to);
  return (
    <div className="stack">
      {showForm && (
        <FilterForm
          action="/admin/lessons"
          search={{ label: "Search: lesson id, email, name, PaymentIntent id or payout id", q: filter.q }}
        >
          <Select name="status" label="Lesson status" value={filter.status} options={LESSON_STATUSES} />
          <Select name="paymentStatus" label="Payment status" value={filter.paymentStatus} options={PAYMENT_STATUSES} />
          <DateFields from={filter.from} to={filter.to} />
        </FilterForm>
      )}
      <div className="row" style={{ justifyContent: "space-between" }}>
        <p className="muted" style={{ margin: 0 }}>
          Lessons by scheduled start, newest first; days are in {viewer.timeZone}.
        </p>
        <a className="button secondary" href={exportHref} download data-testid="export-csv">
          Export these lessons as CSV
        </a>
      </div>
      <TableShell
        query={q}
        viewer={viewer}
        loading="Loading lessons…"
        name="lessons"
        filtered={filtered}
        whenFiltered={
          <>
            No lesson matches this filter. Check the id or email, widen the dates, or <Link href="/admin/lessons">clear the filter</Link>.
          </>
        }
        whenEmpty="No lessons yet. They appear here as soon as students book."
        caption="Lessons"
        headers={["Scheduled", "Student → tutor", "Lesson", "Payment", "Amount"]}
        moreLabel="Show more lessons"
      >
        {(l) => (
          <tr key={l.id} data-testid="lesson-row">
            <td>
              <Link href={`/admin/lessons/${l.id}`}>
                <LocalTime at={l.scheduledStart} viewer={viewer} />
              </Link>
              <div className="muted id-line">
                <code>{l.id}</code>
              </div>
            </td>
            <td>
              {l.student.name} <span className="muted">({l.student.email})</span> → {l.tutor.name}{" "}
              <span className="muted">({l.tutor.email})</span>
            </td>
            <td>
              <StatusBadge status={l.status} />
            </td>
            <td>
              {l.payment ? <StatusBadge status={l.payment.status} /> : <span className="muted">none</span>}
              {l.payment?.providerPaymentIntentId && (
                <div className="muted id-line">
                  <code>{l.payment.providerPaymentIntentId}</code>
                </div>
              )}
            </td>
            <td>
              {viewer.money(l.priceAmount, l.currency)}
              {l.payment && l.payment.amountCaptured > 0 && (
                <div className="muted">
                  captured {viewer.money(l.payment.amountCaptured, l.currency)}
                  {l.payment.amountRefunded > 0 && <>, refunded {viewer.money(l.payment.amountRefunded, l.currency)}</>}
                </div>
              )}
            </td>
          </tr>
        )}
      </TableShell>
    </div>
  );
}

export function PayoutsList(props: { filter: PayoutFilterInput; showForm?: boolean }) {
  return (
    <OutcomeProvider>
      <Payouts {...props} />
    </OutcomeProvider>
  );
}

function Payouts({ filter, showForm = true }: { filter: PayoutFilterInput; showForm?: boolean }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const q = useInfiniteQuery(
    trpc.admin.payoutList.infiniteQueryOptions({ ...filter, take: 25 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const filtered = Boolean(filter.q || filter.status || filter.from || filter.to);
  return (
    <div className="stack">
      {showForm && (
        <FilterForm action="/admin/payouts" search={{ label: "Search: payout id, tutor email or name, provider id", q: filter.q }}>
          <Select name="status" label="Payout status" value={filter.status} options={PAYOUT_STATUSES} />
          <DateFields from={filter.from} to={filter.to} />
        </FilterForm>
      )}
      <TableShell
        query={q}
        viewer={viewer}
        loading="Loading payouts…"
        name="payouts"
        filtered={filtered}
        whenFiltered={
          <>
            No payout matches this filter. Check the id or email, or <Link href="/admin/payouts">clear the filter</Link>.
          </>
        }
        whenEmpty="No payouts yet. The hourly payout run creates them once tutors have available earnings."
        caption="Payouts"
        headers={["Created", "Tutor", "Amount", "Status", "Action"]}
        moreLabel="Show more payouts"
      >
        {(p) => (
          <tr key={p.id} data-testid="payout-row">
            <td>
              <LocalTime at={p.createdAt} viewer={viewer} />
              <div className="muted id-line">
                <code>{p.id}</code>
              </div>
            </td>
            <td>
              {p.tutor?.name ?? p.tutorId} <span className="muted">({p.tutor?.email})</span>
              <div className="muted">
                {p.method === "PAYPAL" ? "PayPal" : "Stripe"} → {p.destination}
              </div>
            </td>
            <td>{viewer.money(p.amount, p.currency)}</td>
            <td>
              <StatusBadge status={p.status} />
              {p.providerStatus && <span className="muted"> {p.providerStatus}</span>}
              {p.lastError && (
                <div className="error">
                  <ServerMessage message={p.lastError} viewer={viewer} />
                </div>
              )}
            </td>
            <td>
              {["FAILED", "RETURNED", "QUEUED", "UNKNOWN"].includes(p.status) ? (
                <RetryPayoutAction payoutId={p.id} amount={p.amount} currency={p.currency} status={p.status} />
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        )}
      </TableShell>
    </div>
  );
}
