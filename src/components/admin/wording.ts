// The admin dashboard's words: why a queue item is there and how long is left, in the
// viewer's time zone and locale (passed in), so they are pure and unit-tested.
import type { QueueCategory, QueueItem } from "~/shared/admin-queue";
import { currencyExponent } from "~/shared/money";

export interface Formatters {
  money: (amount: number, currency: string) => string;
  time: (at: Date) => string;
}

export type Tone = "ok" | "info" | "warn" | "danger" | "muted";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A length of time in words, rounded down: "less than a minute", "45 min", "1 h 59 min", "1 day 5 h", "12 days". */
export function spanWords(ms: number): string {
  const t = Math.max(0, ms);
  if (t < MIN) return "less than a minute";
  if (t < HOUR) return `${Math.floor(t / MIN)} min`;
  if (t < DAY) {
    const h = Math.floor(t / HOUR);
    const m = Math.floor((t % HOUR) / MIN);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(t / DAY);
  const h = Math.floor((t % DAY) / HOUR);
  return d < 2 && h ? `${plural(d, "day")} ${h} h` : plural(d, "day");
}

/** "1 h 59 min left" before the deadline, "overdue by 5 min" after it. */
export function timeLeftWords(deadline: Date, now: Date): string {
  const diff = deadline.getTime() - now.getTime();
  return diff >= 0 ? `${spanWords(diff)} left` : `overdue by ${spanWords(-diff)}`;
}

/** "3 days ago", "just now". */
export function agoWords(at: Date, now: Date): string {
  const diff = now.getTime() - at.getTime();
  return diff < MIN ? "just now" : `${spanWords(diff)} ago`;
}

export const CATEGORY_LABELS: Record<QueueCategory, string> = {
  DEADLINE_NEAR: "Hold near its capture deadline",
  ORPHANED_AUTHORIZATION: "Orphaned authorization",
  CAPTURE_RETRYING: "Capture retrying",
  CAPTURE_FAILED: "Capture failed",
  AUTHORIZATION_EXPIRED: "Authorization expired",
  PAYOUT_PROBLEM: "Payout failed, returned or unclaimed",
  PROBLEM_REPORT: "Problem report awaiting a decision",
  DISPUTE: "Dispute (chargeback or inquiry)",
  OPEN_ALERT: "Open alert",
};

const LESSON_STATUS_WORDS: Record<string, string> = {
  SCHEDULED: "is scheduled",
  IN_PROGRESS: "is in progress",
  ENDED_EARLY: "ended early",
  COMPLETED: "was completed",
  CANCELLED: "was cancelled",
  NO_SHOW: "was a no-show",
};

export function humanize(value: string): string {
  const s = value.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface ItemWords {
  title: string;
  why: string;
  /** how long is left (or how long it has waited) */
  clock: string;
  tone: Tone;
}

/** Title, reason and clock for one queue item. */
export function describeQueueItem(item: QueueItem, now: Date, f: Formatters): ItemWords {
  const l = item.lesson;
  const p = l?.payment ?? null;
  const held = p ? f.money(p.amount, p.currency) : "";
  const who = l ? `${l.student.name} with ${l.tutor.name}` : "";
  const deadlineClock = () => {
    if (!item.deadline) return `waiting ${spanWords(now.getTime() - item.since.getTime())}`;
    const left = item.deadline.getTime() - now.getTime();
    return left >= 0
      ? `${spanWords(left)} left — the hold lapses ${f.time(item.deadline)}`
      : `deadline passed ${spanWords(-left)} ago (${f.time(item.deadline)})`;
  };
  const tone: Tone = item.severity === "CRITICAL" ? "danger" : item.severity === "WARNING" ? "warn" : "info";

  switch (item.category) {
    case "ORPHANED_AUTHORIZATION": {
      const ended = `The lesson (${who}) ${LESSON_STATUS_WORDS[l?.status ?? ""] ?? "is over"} ${agoWords(item.since, now)}`;
      const why =
        p?.settlementAmount === 0
          ? `${ended}, nothing is owed, but the ${held} card hold was never released and no void is queued.`
          : `${ended}, but the ${held} card hold was never captured and no capture is queued.`;
      return { title: CATEGORY_LABELS[item.category], why, clock: deadlineClock(), tone };
    }
    case "CAPTURE_RETRYING": {
      const op = item.operation!;
      const why =
        op.state === "UNKNOWN"
          ? `The outcome of the capture (${who}) is unknown: the provider did not answer${op.lastError ? ` (${op.lastError})` : ""}. It is being reconciled with the provider before any retry.`
          : `The capture (${who}) has been tried ${plural(op.attempts, "time")} without success${op.lastError ? `: ${op.lastError}` : ""}. Next attempt ${f.time(op.nextAttemptAt)}.`;
      return { title: CATEGORY_LABELS[item.category], why, clock: deadlineClock(), tone };
    }
    case "CAPTURE_FAILED": {
      const op = item.operation!;
      return {
        title: CATEGORY_LABELS[item.category],
        why: `The provider refused the capture (${who})${op.lastError ? `: ${op.lastError}` : ""}. The ${held} hold is still in place: capture again or void it.`,
        clock: deadlineClock(),
        tone,
      };
    }
    case "DEADLINE_NEAR": {
      const hold = `The ${held} hold (${who})`;
      let why: string;
      if (item.severity !== "CRITICAL") {
        why = `${hold} is not captured yet; it is captured when the lesson is finalized, before the hold lapses. Check that the finalize cron is running.`;
      } else if (!l || l.scheduledEnd.getTime() <= now.getTime()) {
        why = `${hold} lapses before the lesson is finalized. Capture it now, before the hold lapses.`;
      } else if (item.deadline && l.scheduledEnd.getTime() < item.deadline.getTime()) {
        why = `${hold} lapses before the lesson is finalized. Capture it by hand right after the lesson ends (${f.time(l.scheduledEnd)}), before the hold lapses.`;
      } else {
        why = `${hold} lapses before the lesson even ends (${f.time(l.scheduledEnd)}), so it cannot be captured in time. Ask the student to pay again, or void it and cancel the lesson.`;
      }
      return { title: CATEGORY_LABELS[item.category], why, clock: deadlineClock(), tone };
    }
    case "AUTHORIZATION_EXPIRED": {
      const owed = p?.settlementAmount ? ` (${f.money(p.settlementAmount, p.currency)} was owed)` : "";
      return {
        title: CATEGORY_LABELS[item.category],
        why: `The ${held} card hold (${who}) lapsed before it was captured${owed}; the student was not charged. Ask the student to pay again or record the loss, then resolve the alert.`,
        clock: `lapsed ${agoWords(item.since, now)}`,
        tone,
      };
    }
    case "PAYOUT_PROBLEM": {
      const o = item.payout!;
      const money = f.money(o.amount, o.currency);
      const to = `${o.tutor?.name ?? "the tutor"} (${o.destination})`;
      const method = o.method === "PAYPAL" ? "PayPal" : "Stripe";
      if (o.status === "SENT") {
        return {
          title: "Payout unclaimed",
          why: `The ${method} payout of ${money} to ${to} is unclaimed: the receiver has not accepted it. Ask the tutor to claim it or to change their payout details.`,
          clock: item.deadline
            ? `${timeLeftWords(item.deadline, now)} — returned to the tutor's balance ${f.time(item.deadline)} if unclaimed`
            : "",
          tone,
        };
      }
      return {
        title: o.status === "FAILED" ? "Payout failed" : "Payout returned",
        why: `The ${method} payout of ${money} to ${to} ${o.status === "FAILED" ? "failed" : "was returned"}${o.lastError ? `: ${o.lastError}` : o.providerStatus ? ` (${o.providerStatus})` : ""}. The money is back in the tutor's balance: retry the payout, or resolve the alert once the tutor has fixed their details.`,
        clock: `nothing lapses; waiting ${spanWords(now.getTime() - item.since.getTime())}`,
        tone,
      };
    }
    case "PROBLEM_REPORT":
      return {
        title: CATEGORY_LABELS[item.category],
        why: `${l?.student.name ?? "The student"} reported a problem with the lesson with ${l?.tutor.name ?? "the tutor"}: “${item.report?.reason ?? ""}”. The tutor's earning is held until you decide.`,
        clock: `nothing lapses; waiting ${spanWords(now.getTime() - item.since.getTime())}`,
        tone,
      };
    case "DISPUTE": {
      const x = item.dispute!;
      const kind = x.status.startsWith("WARNING_") ? "An inquiry" : "A chargeback";
      const lost = `${kind} (${humanize(x.reason).toLowerCase()}) disputes ${f.money(x.amount, x.currency)} of the lesson (${who}).`;
      const frozen = "The tutor's earning is frozen until it closes.";
      if (!item.deadline) {
        return {
          title: CATEGORY_LABELS[item.category],
          why: `${lost} Evidence was sent; the card network decides. ${frozen}`,
          clock: `under review for ${spanWords(now.getTime() - item.since.getTime())}`,
          tone,
        };
      }
      const left = item.deadline.getTime() - now.getTime();
      return {
        title: CATEGORY_LABELS[item.category],
        why: `${lost} Open the lesson and press "Submit evidence": it sends the booking, join and leave times, call duration, media evidence and timeline. ${frozen}`,
        clock:
          left >= 0
            ? `${spanWords(left)} left — evidence due ${f.time(item.deadline)}`
            : `evidence deadline passed ${spanWords(-left)} ago (${f.time(item.deadline)})`,
        tone,
      };
    }
    case "OPEN_ALERT": {
      const a = item.alert!;
      return {
        title: `${humanize(a.type)} alert`,
        why: a.message,
        clock: `open for ${spanWords(now.getTime() - a.openedAt.getTime())}`,
        tone,
      };
    }
  }
}

/**
 * An amount typed in major units ("4.50", "4,50", "4") as minor units for the currency, or null when it is not a
 * plain positive amount with at most the currency's decimals.
 */
export function parseMajorAmount(input: string, currency: string): number | null {
  const s = input.trim().replace(/\s/g, "").replace(",", ".");
  const exponent = currencyExponent(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const fraction = m[2] ?? "";
  if (fraction.length > exponent) return null;
  const minor = Number(m[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** Minor units as a plain major-unit string for an input's initial value: (450, "USD") → "4.50". */
export function majorAmountString(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(amount);
  const digits = String(amount).padStart(exponent + 1, "0");
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
