"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useServerClock } from "~/components/hooks/use-server-clock";
import { useViewer } from "~/components/hooks/use-viewer";
import { QUEUE_CATEGORIES, type QueueCategory, type QueueItem } from "~/shared/admin-queue";
import { PendingButton } from "~/components/ui/pending-button";
import { ServerMessage } from "~/components/ui/server-message";
import { QueryStatus } from "~/components/ui/query-status";
import { useTRPC } from "~/trpc/react";
import {
  CaptureAction,
  OutcomeProvider,
  ResolveAlertAction,
  ResolveProblemAction,
  RetryPayoutAction,
  SubmitDisputeEvidenceAction,
  VoidAction,
} from "./actions";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import { CATEGORY_LABELS, describeQueueItem, humanize } from "./wording";

const HOLD_CATEGORIES: QueueCategory[] = ["ORPHANED_AUTHORIZATION", "CAPTURE_RETRYING", "CAPTURE_FAILED", "DEADLINE_NEAR"];

function ItemActions({ item, now }: { item: QueueItem; now: Date }) {
  const l = item.lesson;
  const p = l?.payment;
  return (
    <div className="row admin-actions">
      {l && p && HOLD_CATEGORIES.includes(item.category) && p.status === "AUTHORIZED" && (
        <>
          {/* a lesson not over yet cannot be captured by hand (the lifecycle refuses it) */}
          {l.scheduledEnd.getTime() <= now.getTime() && <CaptureAction lessonId={l.id} />}
          <VoidAction lessonId={l.id} amount={p.amount} currency={p.currency} />
        </>
      )}
      {item.category === "PROBLEM_REPORT" && l && (
        <ResolveProblemAction lessonId={l.id} refundable={p ? p.amountCaptured - p.amountRefunded : 0} currency={l.currency} />
      )}
      {item.category === "DISPUTE" && l && item.deadline && <SubmitDisputeEvidenceAction lessonId={l.id} />}
      {item.payout && (item.payout.status === "FAILED" || item.payout.status === "RETURNED") && (
        <RetryPayoutAction
          payoutId={item.payout.id}
          amount={item.payout.amount}
          currency={item.payout.currency}
          status={item.payout.status}
        />
      )}
      {item.alert && <ResolveAlertAction alertId={item.alert.id} />}
      {item.alerts.map((a) => (
        <ResolveAlertAction key={a.id} alertId={a.id} label={`Resolve ${humanize(a.type).toLowerCase()} alert`} />
      ))}
      {l && (
        <Link className="button secondary" href={`/admin/lessons/${l.id}`}>
          Open lesson<span className="sr-only"> {l.id}</span>
        </Link>
      )}
    </div>
  );
}

function QueueEntry({ item, now }: { item: QueueItem; now: Date }) {
  const viewer = useViewer();
  const words = describeQueueItem(item, now, { money: viewer.money, time: viewer.dateTimeWithZone });
  const l = item.lesson;
  const headingId = `q-${item.key.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  return (
    <li
      className={`card queue-item ${words.tone}`}
      aria-labelledby={headingId}
      data-testid="queue-item"
      data-category={item.category}
      data-key={item.key}
    >
      <div className="queue-head">
        <h3 id={headingId}>
          <StatusBadge status={item.severity} label={humanize(item.severity)} /> {words.title}
        </h3>
        <p className={`queue-clock ${words.tone}`} data-testid="time-left">
          {words.clock}
        </p>
      </div>
      <p className="queue-why" data-testid="why">
        <ServerMessage message={words.why} viewer={viewer} />
      </p>
      <dl className="kv compact">
        {l && (
          <div>
            <dt>Lesson</dt>
            <dd>
              <Link href={`/admin/lessons/${l.id}`}>
                <code>{l.id}</code>
              </Link>{" "}
              · <LocalTime at={l.scheduledStart} viewer={viewer} /> · <StatusBadge status={l.status} />
              {l.payment && (
                <>
                  {" "}
                  <StatusBadge status={l.payment.status} /> {viewer.money(l.payment.amount, l.payment.currency)}
                </>
              )}
            </dd>
          </div>
        )}
        {l?.payment?.providerPaymentIntentId && (
          <div>
            <dt>PaymentIntent</dt>
            <dd>
              <code>{l.payment.providerPaymentIntentId}</code>
            </dd>
          </div>
        )}
        {item.payout && (
          <div>
            <dt>Payout</dt>
            <dd>
              <Link href={`/admin/payouts?q=${item.payout.id}`}>
                <code>{item.payout.id}</code>
              </Link>{" "}
              · {item.payout.tutor?.email ?? item.payout.tutorId}
            </dd>
          </div>
        )}
        {item.alerts.map((a) => (
          <div key={a.id}>
            <dt>Alert</dt>
            <dd>
              <StatusBadge status={a.severity} label={humanize(a.type)} /> <ServerMessage message={a.message} viewer={viewer} />
            </dd>
          </div>
        ))}
      </dl>
      <ItemActions item={item} now={now} />
    </li>
  );
}

export function NeedsAttention({ category }: { category?: QueueCategory }) {
  return (
    <OutcomeProvider>
      <Queue category={category} />
    </OutcomeProvider>
  );
}

function Queue({ category }: { category?: QueueCategory }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  // The server orders, filters and counts the whole queue and sends it a page at a time (10,000 open alerts are not
  // one answer); every page is re-read every 30 s, so what was fixed meanwhile leaves the list.
  const q = useInfiniteQuery({
    ...trpc.admin.queue.infiniteQueryOptions({ category }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    refetchInterval: 30_000,
  });
  const first = q.data?.pages[0];
  const now = useServerClock(first?.now, q.dataUpdatedAt, 30_000);
  if (q.isPending || q.isError || !viewer.ready || !first) return <QueryStatus query={q} viewer={viewer} loading="Loading the queue…" />;
  // a refetch between pages can move an item onto the next page too: show it once
  const seen = new Set<string>();
  const items: QueueItem[] = [];
  for (const item of q.data.pages.flatMap((p) => p.items)) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    items.push(item);
  }
  return (
    <div className="stack">
      <nav aria-label="Queue categories" className="row category-filter">
        <Link href="/admin/queue" aria-current={!category ? "page" : undefined} className="badge">
          All ({first.total})
        </Link>
        {QUEUE_CATEGORIES.map((c) => (
          <Link key={c} href={`/admin/queue?category=${c}`} aria-current={category === c ? "page" : undefined} className="badge">
            {CATEGORY_LABELS[c]} ({first.counts[c]})
          </Link>
        ))}
      </nav>
      <p className="muted" style={{ margin: 0 }}>
        Soonest deadline first, then what needs a decision, then what is for the record. Times are in {viewer.timeZone}.
      </p>
      {items.length === 0 ? (
        <p className="card" data-testid="queue-empty">
          {category
            ? `Nothing in “${CATEGORY_LABELS[category]}”. `
            : "Nothing needs attention: every hold is captured or released in time, payouts went through, and no report or alert is open. "}
          <Link href="/admin">Back to the overview</Link> or browse <Link href="/admin/lessons">all lessons</Link>.
        </p>
      ) : (
        <ol className="list-plain stack" aria-label="Items needing attention" data-testid="queue">
          {items.map((item) => (
            <QueueEntry key={item.key} item={item} now={now} />
          ))}
        </ol>
      )}
      {items.length > 0 && (
        <p className="muted" style={{ margin: 0 }} data-testid="queue-shown" aria-live="polite">
          Showing {items.length} of {first.matching}
          {first.truncated ? " (the queue is larger than it reads at once: fix the oldest first, then reload)" : ""}.
        </p>
      )}
      {q.hasNextPage && (
        <PendingButton pending={q.isFetchingNextPage} className="secondary" onClick={() => void q.fetchNextPage()}>
          Show more of the queue
        </PendingButton>
      )}
    </div>
  );
}
