"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterOutputs } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";
import { QueryStatus } from "~/components/ui/query-status";

type Line = RouterOutputs["earnings"]["summary"]["lines"][number];
type ClawbackStatus = RouterOutputs["earnings"]["summary"]["clawbacks"]["lines"][number]["status"];

/** What each clawback state means to the tutor. */
const CLAWBACK_WORDS: Record<ClawbackStatus, string> = {
  reversal_waiting: "To be taken back from your Stripe account once the payout lands",
  reversal_pending: "Being taken back from your Stripe account",
  recovered: "Recovered",
  owed: "To be netted from your next payouts",
  netting: "Being netted from a payout on its way",
};

export function EarningsView({ sharePercent, holdHours }: { sharePercent: number; holdHours: number }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const summary = useQuery({ ...trpc.earnings.summary.queryOptions(), refetchInterval: 30_000 });

  if (summary.isPending || summary.isError || !viewer.ready)
    return <QueryStatus query={summary} viewer={viewer} loading="Loading your earnings…" />;
  const { balances: b, lines, clawbacks } = summary.data;
  const m = (amount: number) => viewer.money(amount, b.currency);
  const lineState = (l: Line) => {
    switch (l.state) {
      case "pending":
        return l.availableAt ? `Pending — available ${viewer.dateTime(l.availableAt)}` : "Pending";
      case "available":
        return "Available";
      case "on_hold":
        return "On hold — the student reported a problem";
      case "in_flight":
        return "On the way to you";
      case "paid":
        return "Paid";
      default:
        return l.state;
    }
  };

  return (
    <>
      <p className="muted" style={{ margin: 0 }}>
        You earn {sharePercent} % of each lesson&apos;s price once the student is charged. Earnings become available {holdHours} hours after
        the lesson (while students may report a problem), unless a report holds them.
      </p>
      <dl className="stats" data-testid="balances">
        <Stat label="Pending" value={m(b.pending)} hint="within the report window" testId="balance-pending" />
        <Stat label="Available" value={m(b.available)} hint="ready to pay out" testId="balance-available" />
        <Stat label="On hold" value={m(b.onHold)} hint="a problem was reported" testId="balance-on-hold" />
        <Stat label="On the way" value={m(b.inFlight)} hint="payouts being sent" testId="balance-in-flight" />
        <Stat label="Paid" value={m(b.paid)} hint="all time" testId="balance-paid" />
      </dl>
      <p>
        <Link className="button secondary" href="/tutor/payouts">
          Payouts and settings
        </Link>
      </p>
      {clawbacks.lines.length > 0 && (
        <section aria-labelledby="clawbacks-heading" className="stack" data-testid="clawbacks">
          <h2 id="clawbacks-heading">Owed back after a refund or chargeback</h2>
          <p className="muted" style={{ margin: 0 }} data-testid="clawback-totals">
            {viewer.money(clawbacks.owed, clawbacks.currency)} owed back in all, {viewer.money(clawbacks.recovered, clawbacks.currency)}{" "}
            recovered so far, {viewer.money(clawbacks.outstanding, clawbacks.currency)} still outstanding. A lesson refunded after its
            earning was paid to you is taken back: from your Stripe account by a transfer reversal, or (PayPal) from your next payouts,
            which wait while your balance is negative.
          </p>
          <div className="table-wrap card">
            <table>
              <caption className="sr-only">Amounts owed back per lesson</caption>
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col">Owed back</th>
                  <th scope="col">Recovered</th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {clawbacks.lines.map((c) => (
                  <tr key={c.entryId} data-testid="clawback-line">
                    <td>
                      <Link href={`/lessons/${c.lessonId}`}>{viewer.dateTime(c.scheduledStart)}</Link>
                    </td>
                    <td>{viewer.money(c.owed, c.currency)}</td>
                    <td>{viewer.money(c.recovered, c.currency)}</td>
                    <td>{CLAWBACK_WORDS[c.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section aria-labelledby="lines-heading" className="stack">
        <h2 id="lines-heading">Per lesson</h2>
        {lines.length === 0 ? (
          <p className="card muted">No earnings yet. They appear here once a lesson is charged.</p>
        ) : (
          <div className="table-wrap card">
            <table>
              <caption className="sr-only">Earnings per lesson</caption>
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col">Student</th>
                  <th scope="col">You earn</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.lessonId} data-testid="earning-line">
                    <td>
                      <Link href={`/lessons/${l.lessonId}`}>{viewer.dateTime(l.scheduledStart)}</Link>
                    </td>
                    <td>{l.studentName}</td>
                    <td>
                      {viewer.money(l.net, l.currency)}
                      {l.reversed !== 0 && <span className="muted"> ({viewer.money(l.earned, l.currency)} less a refund)</span>}
                    </td>
                    <td>{lineState(l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="stat">
      <dt className="label">{label}</dt>
      <dd className="value" style={{ margin: 0 }} data-testid={testId}>
        {value}
      </dd>
      <dd className="muted" style={{ margin: 0, fontSize: "0.85rem" }}>
        {hint}
      </dd>
    </div>
  );
}
