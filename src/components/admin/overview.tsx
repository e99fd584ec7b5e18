"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterOutputs } from "~/trpc/api-types";
import { QUEUE_CATEGORIES } from "~/shared/admin-queue";
import { QueryStatus } from "~/components/ui/query-status";
import { useTRPC } from "~/trpc/react";
import { BarChart } from "./bar-chart";
import { CATEGORY_LABELS } from "./wording";

type Overview = RouterOutputs["admin"]["overview"];
type Totals = Overview["windows"]["today"];

const WINDOWS: { key: keyof Overview["windows"]; label: string }[] = [
  { key: "today", label: "Today" },
  { key: "days7", label: "Last 7 days" },
  { key: "days30", label: "Last 30 days" },
];

function WindowCard({ id, label, totals, money }: { id: string; label: string; totals: Totals; money: (n: number, c: string) => string }) {
  const rows = totals.length ? totals : [{ currency: "USD", captured: 0, fees: 0, tutorEarnings: 0, refunded: 0, count: 0 }];
  return (
    <section className="card stack" aria-labelledby={`w-${id}`} data-testid={`window-${id}`}>
      <h3 id={`w-${id}`} style={{ margin: 0 }}>
        {label}
      </h3>
      {rows.map((t) => (
        <dl key={t.currency} className="kv">
          <div>
            <dt>Captured</dt>
            <dd className="big-number">{money(t.captured, t.currency)}</dd>
          </div>
          <div>
            <dt>Platform fees</dt>
            <dd>{money(t.fees, t.currency)}</dd>
          </div>
          <div>
            <dt>Tutor earnings</dt>
            <dd>{money(t.tutorEarnings, t.currency)}</dd>
          </div>
          <div>
            <dt>Refunded</dt>
            <dd>{money(t.refunded, t.currency)}</dd>
          </div>
          <div>
            <dt>Payments captured</dt>
            <dd>{t.count}</dd>
          </div>
        </dl>
      ))}
    </section>
  );
}

const dayLabel = (day: string, locale: string | undefined, long: boolean) =>
  new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "short", day: "numeric", ...(long ? { weekday: "short" } : {}) }).format(
    new Date(`${day}T12:00:00Z`),
  );

export function AdminOverview() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const q = useQuery({ ...trpc.admin.overview.queryOptions(), refetchInterval: 60_000 });
  if (q.isPending || q.isError || !viewer.ready) return <QueryStatus query={q} viewer={viewer} loading="Loading the overview…" />;
  const o = q.data;
  const currencies = [...new Set(o.daily.map((d) => d.currency))];
  const sumRows = (rows: { currency: string; count: number; amount: number }[]) =>
    rows.length ? rows.map((r) => `${r.count} · ${viewer.money(r.amount, r.currency)}`).join(" / ") : "0";

  return (
    <div className="stack">
      <p className="muted" style={{ margin: 0 }}>
        Days are counted in {o.timeZone} (your saved time zone; <Link href="/account">change it</Link>). Amounts are gross captures with
        their split; refunds are shown separately.
      </p>
      <section aria-labelledby="attention-h" className="stack">
        <h2 id="attention-h">Needs attention</h2>
        {o.attentionTotal === 0 ? (
          <p className="card success" data-testid="attention-empty">
            Nothing needs attention right now. New items appear here as soon as a hold, payout, report or alert needs a person.
          </p>
        ) : (
          <ul className="list-plain attention-grid" data-testid="attention-counts">
            {QUEUE_CATEGORIES.map((c) => (
              <li key={c}>
                <Link href={`/admin/queue?category=${c}`} className={`stat attention-link${o.attention[c] > 0 ? " has-items" : ""}`}>
                  <span className="value">{o.attention[c]}</span>
                  <span className="label">{CATEGORY_LABELS[c]}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p style={{ margin: 0 }}>
          <Link href="/admin/queue">Open the whole queue ({o.attentionTotal})</Link>
        </p>
      </section>
      <section aria-labelledby="money-h" className="stack">
        <h2 id="money-h">Money captured</h2>
        <div className="grid">
          {WINDOWS.map((w) => (
            <WindowCard key={w.key} id={w.key} label={w.label} totals={o.windows[w.key]} money={viewer.money} />
          ))}
        </div>
        {currencies.map((currency) => (
          <div className="card" key={currency}>
            <BarChart
              title={`Daily captured volume and platform fees, last 30 days (${currency})`}
              series={[
                { name: "Captured", className: "bar-a" },
                { name: "Platform fees", className: "bar-b" },
              ]}
              format={(n) => viewer.money(n, currency)}
              data={o.daily
                .filter((d) => d.currency === currency)
                .map((d) => ({
                  label: dayLabel(d.day, viewer.locale, false),
                  longLabel: dayLabel(d.day, viewer.locale, true),
                  values: [d.captured, d.fees],
                }))}
            />
          </div>
        ))}
      </section>
      <section aria-labelledby="held-h" className="stack">
        <h2 id="held-h">Holds and payouts</h2>
        <div className="stats">
          <div className="stat" data-testid="auth-outstanding">
            <div className="label">Authorizations outstanding</div>
            <div className="value">{sumRows(o.authorizationsOutstanding)}</div>
          </div>
          <Link className="stat" href="/admin/payouts?status=QUEUED" data-testid="payouts-pending">
            <div className="label">Payouts pending</div>
            <div className="value">{sumRows(o.payoutsPending)}</div>
          </Link>
          <Link className="stat" href="/admin/payouts?status=FAILED" data-testid="payouts-failed">
            <div className="label">Payouts failed or returned</div>
            <div className="value">{sumRows(o.payoutsFailed)}</div>
          </Link>
        </div>
      </section>
    </div>
  );
}
