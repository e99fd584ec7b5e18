import "server-only";
// What each message says, for one recipient: in their time zone and locale, amounts exactly as stored (integer minor
// units formatted by the shared money helper). Pure: the worker reads the rows, the recipient and the lesson, and
// the template renders what this returns.
import { dateTimeWithZone, money, timeRange } from "~/shared/format";
import { renderMessage } from "~/shared/message-tokens";
import type { NotificationKind } from "./kinds";
import type { Facts } from "./request";

export interface Recipient {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  locale: string;
}

export interface LessonNames {
  studentName: string;
  tutorName: string;
}

export interface MessageContent {
  subject: string;
  /** the first line a mail client shows */
  preview: string;
  heading: string;
  paragraphs: string[];
  action: { label: string; url: string };
  /** a calendar invite to attach: a new one (REQUEST) or the cancellation of the same UID */
  calendar?: { method: "REQUEST" | "CANCEL"; sequence: number };
}

export interface ContentInput {
  kind: NotificationKind;
  facts: Facts;
  recipient: Recipient;
  lesson: LessonNames | null;
  appUrl: string;
}

const str = (f: Facts, k: string) => String(f[k] ?? "");
const num = (f: Facts, k: string) => Number(f[k] ?? 0);
const at = (f: Facts, k: string) => new Date(str(f, k));
const methodName = (f: Facts) => (str(f, "method") === "PAYPAL" ? "PayPal" : "Stripe");

const CANCEL_REASONS: Record<string, string> = {
  CANCELLED_BY_STUDENT: "The student cancelled it.",
  CANCELLED_BY_TUTOR: "The tutor cancelled it.",
  CANCELLED_BY_ADMIN: "Our team cancelled it.",
  NOBODY_JOINED: "Nobody joined the lesson.",
  PAYMENT_FAILED: "The card could not be authorized.",
};

const PAYOUT_FIX: Record<string, string> = {
  payout_failed:
    "The money is back in your available balance. Check your payout details (account, email address) on the payouts page; the next run will try again.",
  payout_returned:
    "The money came back and is in your available balance again. If your PayPal email or bank account changed, update it on the payouts page.",
};

export function messageContent({ kind, facts: f, recipient: r, lesson, appUrl }: ContentInput): MessageContent {
  const tz = r.timeZone;
  const loc = r.locale;
  const amount = (k: string) => money(num(f, k), str(f, "currency"), loc);
  const when = () => timeRange(at(f, "start"), at(f, "end"), tz, loc) + ` (${tz})`;
  const lessonUrl = `${appUrl}/lessons/${str(f, "lessonId")}`;
  const tutor = lesson?.tutorName ?? "your tutor";
  const student = lesson?.studentName ?? "your student";
  const open = { label: "Open the lesson", url: lessonUrl };
  const mk = (
    subject: string,
    heading: string,
    paragraphs: string[],
    action = open,
    calendar?: MessageContent["calendar"],
  ): MessageContent => ({
    subject,
    preview: paragraphs[0] ?? heading,
    heading,
    paragraphs,
    action,
    calendar,
  });

  switch (kind) {
    case "booking_confirmed":
      return mk(
        `Booked: lesson with ${tutor}, ${dateTimeWithZone(at(f, "start"), tz, loc)}`,
        "Your lesson is booked",
        [
          `${num(f, "durationMinutes")}-minute lesson with ${tutor}: ${when()}.`,
          `Price: ${amount("price")}. Your card is held, and charged after the lesson.`,
          "The calendar invite is attached.",
        ],
        open,
        { method: "REQUEST", sequence: 0 },
      );
    case "new_booking":
      return mk(
        `New booking: ${student}, ${dateTimeWithZone(at(f, "start"), tz, loc)}`,
        "You have a new lesson",
        [
          `${student} booked a ${num(f, "durationMinutes")}-minute lesson: ${when()}.`,
          `Price: ${amount("price")}.`,
          "The calendar invite is attached.",
        ],
        open,
        { method: "REQUEST", sequence: 0 },
      );
    case "lesson_reminder":
      return mk(`Reminder: lesson with ${tutor} at ${dateTimeWithZone(at(f, "start"), tz, loc)}`, "Your lesson starts soon", [
        `${num(f, "durationMinutes")}-minute lesson with ${tutor}: ${when()}.`,
        "The lesson room opens 15 minutes before the start.",
      ]);
    case "lesson_cancelled":
      return mk(
        `Cancelled: lesson of ${dateTimeWithZone(at(f, "start"), tz, loc)}`,
        "The lesson was cancelled",
        [
          `The lesson ${when()} will not take place.`,
          CANCEL_REASONS[str(f, "reason")] ?? "It was cancelled.",
          "The calendar entry is removed by the attached update.",
        ],
        open,
        { method: "CANCEL", sequence: 1 },
      );
    case "lesson_ended_early":
      return mk("Your lesson was ended early", "The lesson was ended early", [
        `${str(f, "endedBy") === "TUTOR" ? tutor : student} ended the call of ${when()} before its scheduled end.`,
        "The lesson is settled by the usual rules after its scheduled end; you will get a message when it is.",
      ]);
    case "lesson_receipt": {
      const charged = num(f, "charged");
      return charged > 0
        ? mk(`Receipt: ${amount("charged")} for your lesson with ${tutor}`, "Receipt", [
            `We charged ${amount("charged")} for the lesson ${when()} with ${tutor}.`,
            ...(charged < num(f, "authorized") ? [`The rest of the ${amount("authorized")} hold was released.`] : []),
          ])
        : mk(`Nothing was charged for your lesson with ${tutor}`, "Nothing was charged", [
            `Nothing was charged for the lesson ${when()} with ${tutor}: the ${amount("authorized")} hold on your card was released.`,
          ]);
    }
    case "lesson_refund":
      return mk(`Refund: ${amount("refunded")} for your lesson with ${tutor}`, "Refund on its way", [
        `We refunded ${amount("refunded")} of the ${amount("charged")} charged for the lesson ${when()}.`,
        `Refunded in total: ${amount("totalRefunded")}. Your bank shows it within 5–10 business days.`,
      ]);
    case "lesson_settled":
      return mk(
        `Lesson settled: you earned ${amount("earning")}`,
        "The lesson is settled",
        [
          `The lesson ${when()} with ${student} was charged ${amount("charged")}; your earning is ${amount("earning")} (platform fee ${amount("platformFee")}).`,
          `It becomes available for payout on ${dateTimeWithZone(at(f, "availableAt"), tz, loc)}, unless a problem is reported before then.`,
        ],
        { label: "See your earnings", url: `${appUrl}/tutor/earnings` },
      );
    case "problem_received":
      return mk("We received your problem report", "Problem report received", [
        "Thank you: our team looks at every report. The tutor's earning for this lesson is held until we decide.",
      ]);
    case "problem_resolved": {
      const status = str(f, "status");
      const outcome =
        status === "RELEASED"
          ? "We looked into it and decided no refund is due."
          : status === "REFUNDED"
            ? "We refunded the lesson in full."
            : "We refunded part of the lesson.";
      return mk("Your problem report is resolved", "Problem report resolved", [
        outcome,
        ...(f.resolution ? [`Note from our team: ${str(f, "resolution")}`] : []),
      ]);
    }
    case "payout_sent":
    case "payout_paid":
    case "payout_failed":
    case "payout_returned": {
      const what = { payout_sent: "is on its way", payout_paid: "has arrived", payout_failed: "failed", payout_returned: "came back" }[
        kind
      ];
      return mk(
        `Payout of ${amount("amount")} ${what}`,
        `Your payout ${what}`,
        [
          `Your ${amount("amount")} payout by ${str(f, "method") === "PAYPAL" ? "PayPal" : "Stripe"} ${what}.`,
          ...(PAYOUT_FIX[kind] ? [PAYOUT_FIX[kind]] : []),
          ...(f.providerStatus && kind !== "payout_sent" && kind !== "payout_paid"
            ? [`Provider status: ${str(f, "providerStatus")}.`]
            : []),
        ],
        { label: "Open payouts", url: `${appUrl}/tutor/payouts` },
      );
    }
    case "payout_destination_changed": {
      const coolOff = f.effectiveAt && at(f, "effectiveAt") > at(f, "changedAt");
      return mk(
        "Your payout destination changed",
        "Payout destination changed",
        [
          `Your payouts now go by ${methodName(f)} to ${str(f, "destination")} (changed ${dateTimeWithZone(at(f, "changedAt"), tz, loc)}).`,
          ...(coolOff ? [`For your safety, no payout is made there before ${dateTimeWithZone(at(f, "effectiveAt"), tz, loc)}.`] : []),
          "If this was not you, sign in and change it back now, and contact us: this message cannot be turned off.",
        ],
        { label: "Check payout settings", url: `${appUrl}/tutor/payouts` },
      );
    }
    case "payout_destination_replaced":
      // To the address being replaced, which may not be the tutor's any more: it does not name the new destination.
      return mk(
        "Payouts will no longer be sent to this address",
        "A LessonPay payout destination changed",
        [
          `The LessonPay tutor account of ${r.name} changed where its payouts go (${dateTimeWithZone(at(f, "changedAt"), tz, loc)}): they will no longer be sent to this PayPal address (${str(f, "previousDestination")}), but by ${methodName(f)} to another account, from ${dateTimeWithZone(at(f, "effectiveAt"), tz, loc)}.`,
          "If you did not ask for this, contact us before then: until that time no payout goes to the new destination, and our team can cancel the change.",
        ],
        { label: "Sign in to check", url: `${appUrl}/tutor/payouts` },
      );
    case "critical_alert":
      return alertDigestContent([f], r, appUrl);
  }
}

/** One message for a group of CRITICAL alerts (an alert storm is one email and one webhook post). */
export function alertDigestContent(alerts: Facts[], r: Pick<Recipient, "timeZone" | "locale">, appUrl: string): MessageContent {
  const lines = alerts.map((a) => `${str(a, "type")}: ${renderMessage(str(a, "message"), { timeZone: r.timeZone, locale: r.locale })}`);
  const subject = alerts.length === 1 ? `CRITICAL: ${str(alerts[0]!, "type")}` : `CRITICAL: ${alerts.length} alerts`;
  return {
    subject,
    preview: lines[0] ?? subject,
    heading: subject,
    paragraphs: lines,
    action: { label: "Open the admin queue", url: `${appUrl}/admin/queue` },
  };
}
