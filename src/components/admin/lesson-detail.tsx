"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { ServerMessage } from "~/components/ui/server-message";
import { QueryStatus } from "~/components/ui/query-status";
import { useTRPC } from "~/trpc/react";
import { CaptureAction, OutcomeProvider, RefundAction, ResolveAlertAction, ResolveProblemAction, VoidAction } from "./actions";
import { DisputePanel } from "./dispute-panel";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import { humanize } from "./wording";
import { DataTable } from "~/components/ui/data-table";

const LIVE = ["PENDING", "IN_FLIGHT", "UNKNOWN"];

function Row({ k, children, testId }: { k: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{k}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Code({ value }: { value: string | null | undefined }) {
  return value ? <code className="break">{value}</code> : <span className="muted">—</span>;
}

const LEDGER_WORDS: Record<string, string> = {
  EARNING: "Tutor earning",
  PLATFORM_FEE: "Platform fee",
  EARNING_REVERSAL: "Earning reversal (refund)",
  FEE_REVERSAL: "Fee reversal (refund)",
  PAYOUT_DEBIT: "Payout",
  PAYOUT_RETURN: "Payout returned",
};

export function AdminLessonDetail({ lessonId }: { lessonId: string }) {
  return (
    <OutcomeProvider>
      <LessonDetail lessonId={lessonId} />
    </OutcomeProvider>
  );
}

function LessonDetail({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const detail = useQuery({
    ...trpc.admin.lesson.queryOptions({ lessonId }),
    // while a provider call is on its way, keep reading until it lands (both tabs end on the truth)
    refetchInterval: (q) => (q.state.data?.operations.some((o) => LIVE.includes(o.state)) ? 1_000 : 15_000),
  });
  const money = useQuery({
    ...trpc.admin.lessonMoney.queryOptions({ lessonId }),
    refetchInterval: detail.data?.operations.some((o) => LIVE.includes(o.state)) ? 1_000 : 15_000,
  });

  if (detail.isPending || detail.isError || !viewer.ready)
    return <QueryStatus query={detail} viewer={viewer} loading="Loading the lesson…" />;
  if (money.isPending || money.isError) return <QueryStatus query={money} viewer={viewer} loading="Loading the lesson…" />;
  const { lesson, payment, operations, alerts, timeline, dispute } = detail.data;
  const m = money.data;
  const cur = lesson.currency;
  const fmt = (n: number) => viewer.money(n, cur);
  const openAlerts = alerts.filter((a) => !a.resolvedAt);
  const live = operations.filter((o) => LIVE.includes(o.state));
  // Payment.authorizedAt/capturedAt are not written by the lifecycle: the provider's confirmation is the operation's completion
  const confirmed = (kind: string) => operations.find((o) => o.kind === kind && o.state === "SUCCEEDED")?.completedAt ?? null;
  const authorizedAt = payment?.authorizedAt ?? confirmed("AUTHORIZE");
  const capturedAt = payment?.capturedAt ?? confirmed("CAPTURE");
  const canVoid = payment?.status === "AUTHORIZED";
  // the server's preview runs the capture on paper: no button that can only fail (e.g. before the scheduled end)
  const canCapture = canVoid && m.capture.capturable;
  const canRefund = (payment?.status === "CAPTURED" || payment?.status === "PARTIALLY_REFUNDED") && m.refundable > 0;
  const canResolveReport = m.problemReport?.status === "OPEN";

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>
            Lesson {lesson.student.name} with {lesson.tutor.name}
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            Lesson id <code data-testid="lesson-id">{lesson.id}</code>
          </p>
        </div>
        <div className="row" data-testid="statuses">
          <StatusBadge status={lesson.status} label={`Lesson: ${humanize(lesson.status)}`} />
          {payment && <StatusBadge status={payment.status} label={`Payment: ${humanize(payment.status)}`} />}
        </div>
      </div>
      {live.length > 0 && (
        <p className="notice" role="status" data-testid="live-ops">
          <span className="spinner" aria-hidden />{" "}
          {live.map((o) => `${humanize(o.kind)} ${o.state.toLowerCase().replace("_", " ")}`).join(", ")} — the provider has not answered
          yet; this page updates by itself.
        </p>
      )}

      {dispute && <DisputePanel lessonId={lesson.id} dispute={dispute} sending={live.some((o) => o.kind === "DISPUTE_EVIDENCE")} />}
      <section className="card stack" aria-labelledby="actions-h">
        <h2 id="actions-h" style={{ margin: 0 }}>
          Actions
        </h2>
        {canVoid || canRefund || canResolveReport || openAlerts.length > 0 ? (
          <div className="row admin-actions">
            {canCapture && <CaptureAction lessonId={lesson.id} />}
            {canVoid && payment && <VoidAction lessonId={lesson.id} amount={payment.amount} currency={cur} />}
            {canRefund && payment && <RefundAction lessonId={lesson.id} payment={payment} />}
            {canResolveReport && <ResolveProblemAction lessonId={lesson.id} refundable={m.refundable} currency={cur} />}
            {openAlerts.map((a) => (
              <ResolveAlertAction key={a.id} alertId={a.id} label={`Resolve ${humanize(a.type).toLowerCase()} alert`} />
            ))}
          </div>
        ) : (
          <p className="muted" style={{ margin: 0 }} data-testid="no-actions">
            {!payment
              ? "This lesson has no payment, so there is nothing to capture or refund."
              : payment.status === "REFUNDED"
                ? "Nothing to do: the payment is fully refunded."
                : live.length > 0
                  ? "Nothing to do while the provider call above is on its way."
                  : `Nothing to do: the payment is ${humanize(payment.status).toLowerCase()}.`}
          </p>
        )}
      </section>

      <div className="grid detail-grid">
        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h">People</h2>
          <dl className="kv">
            <Row k="Student" testId="student">
              {lesson.student.name} · <a href={`mailto:${lesson.student.email}`}>{lesson.student.email}</a>
            </Row>
            <Row k="Tutor" testId="tutor">
              {lesson.tutor.name} · <a href={`mailto:${lesson.tutor.email}`}>{lesson.tutor.email}</a>
            </Row>
          </dl>
        </section>

        <section className="card" aria-labelledby="lesson-h">
          <h2 id="lesson-h">Lesson</h2>
          <dl className="kv">
            <Row k="Price" testId="price">
              {fmt(lesson.priceAmount)} for {lesson.durationMinutes} minutes
            </Row>
            <Row k="Scheduled">
              <LocalTime at={lesson.scheduledStart} viewer={viewer} /> – <LocalTime at={lesson.scheduledEnd} viewer={viewer} />
            </Row>
            <Row k="Student joined">
              <LocalTime at={lesson.studentJoinedAt} viewer={viewer} />
            </Row>
            <Row k="Tutor joined">
              <LocalTime at={lesson.tutorJoinedAt} viewer={viewer} />
            </Row>
            <Row k="Call">
              <LocalTime at={lesson.callStartedAt} viewer={viewer} /> – <LocalTime at={lesson.callEndedAt} viewer={viewer} />
              {lesson.endedBy && <> (ended by the {lesson.endedBy.toLowerCase()})</>}
            </Row>
            <Row k="Finalized">
              <LocalTime at={lesson.finalizedAt} viewer={viewer} />
            </Row>
            {lesson.cancelReason && <Row k="Cancelled because">{humanize(lesson.cancelReason)}</Row>}
            {lesson.noShowParty && <Row k="No-show">{humanize(lesson.noShowParty)}</Row>}
          </dl>
        </section>

        <section className="card" aria-labelledby="payment-h">
          <h2 id="payment-h">Payment</h2>
          {payment ? (
            <dl className="kv">
              <Row k="Status">
                <StatusBadge status={payment.status} />
              </Row>
              <Row k="Authorized" testId="authorized">
                {fmt(payment.amount)} · <LocalTime at={authorizedAt} viewer={viewer} />
              </Row>
              <Row k="Capture before">
                <LocalTime at={payment.captureBefore} viewer={viewer} />
              </Row>
              <Row k="Captured" testId="captured">
                {fmt(payment.amountCaptured)}
                {capturedAt && (
                  <>
                    {" "}
                    · <LocalTime at={capturedAt} viewer={viewer} />
                  </>
                )}
              </Row>
              <Row k="Platform fee" testId="fee">
                {fmt(payment.platformFee)}
              </Row>
              <Row k="Tutor share" testId="share">
                {fmt(payment.tutorShare)}
              </Row>
              <Row k="Refunded" testId="refunded">
                {fmt(payment.amountRefunded)}
              </Row>
              <Row k="PaymentIntent">
                <Code value={payment.providerPaymentIntentId} />
              </Row>
              <Row k="Customer">
                <Code value={payment.providerCustomerId} />
              </Row>
              <Row k="Payment method">
                <Code value={payment.providerPaymentMethodId} />
              </Row>
              <Row k="Payment id">
                <Code value={payment.id} />
              </Row>
              {payment.lastError && (
                <Row k="Last provider error">
                  <span className="error">
                    <ServerMessage message={payment.lastError} viewer={viewer} />
                  </span>
                </Row>
              )}
            </dl>
          ) : (
            <p className="muted">This lesson has no payment.</p>
          )}
        </section>

        <section className="card" aria-labelledby="payout-h">
          <h2 id="payout-h">Earning and payout</h2>
          <dl className="kv">
            <Row k="Tutor net for this lesson" testId="tutor-net">
              {fmt(m.tutorNet)}
            </Row>
            <Row k="Platform net">{fmt(m.platformNet)}</Row>
            <Row k="Payout" testId="payout">
              {m.payouts.length === 0
                ? "Not paid out yet."
                : m.payouts.map((p) => (
                    <span key={p.id} className="stack" style={{ gap: 2 }}>
                      <span>
                        <Link href={`/admin/payouts?q=${p.id}`}>
                          <code>{p.id}</code>
                        </Link>{" "}
                        <StatusBadge status={p.status} /> {viewer.money(p.amount, p.currency)} via{" "}
                        {p.method === "PAYPAL" ? "PayPal" : "Stripe"}
                      </span>
                      <span className="muted">
                        provider id <Code value={p.providerId} />
                        {p.lastError && (
                          <span className="error">
                            {" "}
                            — <ServerMessage message={p.lastError} viewer={viewer} />
                          </span>
                        )}
                      </span>
                    </span>
                  ))}
            </Row>
            {m.clawbacks.lines.length > 0 && (
              <Row k="Owed back by the tutor" testId="clawback">
                <span className="stack" style={{ gap: 2 }}>
                  <span>
                    {fmt(m.clawbacks.owed)} owed back, {fmt(m.clawbacks.recovered)} recovered so far ({fmt(m.clawbacks.outstanding)}{" "}
                    outstanding)
                  </span>
                  {m.clawbacks.lines.map((c) => (
                    <span key={c.entryId} className="muted" data-testid="clawback-line">
                      {fmt(c.owed)} by {c.how === "transfer_reversal" ? "Stripe transfer reversal" : "netting from the next payouts"}:{" "}
                      {c.status.replace("_", " ")}
                      {c.clawbackState && <> (clawback {c.clawbackState})</>}
                      {c.providerReversalId && (
                        <>
                          {" "}
                          <Code value={c.providerReversalId} />
                        </>
                      )}
                    </span>
                  ))}
                </span>
              </Row>
            )}
            {m.problemReport && (
              <Row k="Problem report">
                <StatusBadge status={m.problemReport.status} /> “{m.problemReport.reason}” (
                <LocalTime at={m.problemReport.createdAt} viewer={viewer} />)
                {m.problemReport.resolution && <> — decided: {m.problemReport.resolution}</>}
              </Row>
            )}
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">Ledger</h2>
        {m.ledger.length === 0 ? (
          <p className="muted">No ledger entries yet: the tutor is credited when the payment is captured.</p>
        ) : (
          <DataTable headers={["When", "Entry", "Amount", "Payable from", "Paid out"]} testId="ledger">
            {m.ledger.map((e) => (
              <tr key={e.id} data-kind={e.kind}>
                <td>
                  <LocalTime at={e.createdAt} viewer={viewer} />
                </td>
                <td>{LEDGER_WORDS[e.kind] ?? humanize(e.kind)}</td>
                <td>{viewer.money(e.amount, e.currency)}</td>
                <td>
                  <LocalTime at={e.availableAt} viewer={viewer} />
                </td>
                <td>{e.paid ? "yes" : "no"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      {alerts.length > 0 && (
        <section className="card" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          <ul className="list-plain stack">
            {alerts.map((a) => (
              <li key={a.id}>
                <StatusBadge status={a.severity} /> <strong>{humanize(a.type)}</strong> —{" "}
                <ServerMessage message={a.message} viewer={viewer} />{" "}
                <span className="muted">
                  (opened <LocalTime at={a.openedAt} viewer={viewer} />
                  {a.resolvedAt && (
                    <>
                      ; resolved <LocalTime at={a.resolvedAt} viewer={viewer} />
                      {a.resolution ? `: ${a.resolution}` : ""}
                    </>
                  )}
                  )
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <p className="muted">Audit events and provider operations, oldest first. Hover a time for UTC.</p>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((t, i) => (
            <li key={i} data-kind={t.kind}>
              <LocalTime at={t.at} viewer={viewer} />{" "}
              <span className="badge">{t.kind === "operation" ? "provider" : t.actorType.toLowerCase()}</span> <strong>{t.action}</strong>
              {(t.from || t.to) && (
                <span className="muted">
                  {" "}
                  {t.from ?? "∅"} → {t.to ?? "∅"}
                </span>
              )}{" "}
              <span>by {t.actor}</span>
              {t.reason && (
                <span className="timeline-reason">
                  {" "}
                  — “<ServerMessage message={t.reason} viewer={viewer} />”
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
