// The one place that turns a lesson's status and its payment's status into plain words.
// Pure: the caller passes "now" and its money/time formatters (viewer's locale and zone),
// so the lists, the lesson page and the tests say exactly the same thing.
import type { LessonDto as LessonView } from "~/trpc/api-types";

export type Tone = "ok" | "info" | "warn" | "danger" | "muted";

export interface Phrase {
  text: string;
  tone: Tone;
}

export type WordingLesson = Pick<
  LessonView,
  "viewer" | "status" | "scheduledStart" | "scheduledEnd" | "joinWindowOpensAt" | "cancelReason" | "noShowParty" | "priceAmount" | "payment"
>;

export interface WordingContext {
  now: Date;
  /** minor units → "$4.50" in the viewer's locale */
  money: (amount: number) => string;
  /** instant → "Thu, Nov 26, 6:00 PM" in the viewer's zone */
  time: (at: Date) => string;
}

const phrase = (text: string, tone: Tone): Phrase => ({ text, tone });

export function lessonStatusText(l: WordingLesson, ctx: WordingContext): Phrase {
  const now = ctx.now.getTime();
  const you = (p: "STUDENT" | "TUTOR" | null) => p === l.viewer;
  switch (l.status) {
    case "SCHEDULED":
      if (now >= l.scheduledEnd.getTime()) return phrase("Over — being settled (the call never started)", "muted");
      if (now >= l.scheduledStart.getTime()) return phrase("Room open — waiting for both to join", "info");
      if (now >= l.joinWindowOpensAt.getTime()) return phrase("Room open — starts soon", "info");
      return phrase("Scheduled", "info");
    case "IN_PROGRESS":
      return now >= l.scheduledEnd.getTime() ? phrase("Over — being settled", "muted") : phrase("In progress", "ok");
    case "ENDED_EARLY":
      return phrase("Ended early — settled after the scheduled end", "warn");
    case "COMPLETED": {
      const captured = l.payment?.amountCaptured ?? 0;
      if (captured > 0) return phrase(`Completed — charged ${ctx.money(captured)}`, "ok");
      if (l.payment?.status === "AUTHORIZED") return phrase(`Completed — charging ${ctx.money(l.priceAmount)}`, "ok");
      return phrase("Completed", "ok");
    }
    case "CANCELLED":
      switch (l.cancelReason) {
        case "CANCELLED_BY_STUDENT":
          return phrase(you("STUDENT") ? "Cancelled by you" : "Cancelled by the student", "muted");
        case "CANCELLED_BY_TUTOR":
          return phrase(you("TUTOR") ? "Cancelled by you" : "Cancelled by the tutor", "muted");
        case "CANCELLED_BY_ADMIN":
          return phrase("Cancelled by support", "muted");
        case "NOBODY_JOINED":
          return phrase("Cancelled — nobody joined", "muted");
        case "PAYMENT_FAILED":
          return phrase(you("STUDENT") ? "Cancelled — your card was declined" : "Cancelled — the student's card was declined", "danger");
        default:
          return phrase("Cancelled", "muted");
      }
    case "NO_SHOW":
      if (l.noShowParty === null) return phrase("Missed", "warn");
      return phrase(
        you(l.noShowParty) ? "Missed — you didn't come" : `Missed — the ${l.noShowParty === "TUTOR" ? "tutor" : "student"} didn't come`,
        "warn",
      );
  }
}

export function paymentStatusText(l: WordingLesson, ctx: WordingContext): Phrase {
  const p = l.payment;
  const student = l.viewer === "STUDENT";
  if (!p) return phrase("No payment", "muted");
  const amount = ctx.money(p.amount);
  const captured = ctx.money(p.amountCaptured);
  switch (p.status) {
    case "AWAITING_AUTHORIZATION":
      if (p.authorizationMode === "OFF_SESSION" && p.authorizeAt) {
        return student
          ? phrase(`Card saved — we'll authorize ${amount} on ${ctx.time(p.authorizeAt)}`, "info")
          : phrase(`The student's card will be authorized on ${ctx.time(p.authorizeAt)}`, "info");
      }
      return phrase(student ? "Authorizing your card…" : "Authorizing the student's card…", "info");
    case "AUTHORIZED":
      if (l.status === "COMPLETED" || l.status === "NO_SHOW" || l.status === "CANCELLED") {
        return phrase(student ? "Card authorized — being settled now" : "The student's card is being settled now", "info");
      }
      return student
        ? phrase("Card authorized — you'll be charged after the lesson", "info")
        : phrase("The student's card is authorized — you're paid after the lesson", "info");
    case "CAPTURED": {
      const share = !student && p.tutorShare !== null ? ` — your share ${ctx.money(p.tutorShare)}` : "";
      const partial = p.amountCaptured < p.amount;
      const why =
        partial && l.status === "CANCELLED"
          ? " (late-cancellation fee)"
          : partial && l.status === "NO_SHOW" && l.noShowParty === "STUDENT"
            ? student
              ? " (half the price: you didn't come)"
              : " (half the price: the student didn't come)"
            : "";
      return phrase(student ? `Charged ${captured}${why}` : `Student charged ${captured}${why}${share}`, "ok");
    }
    case "PARTIALLY_REFUNDED":
      return phrase(`${student ? "Charged" : "Student charged"} ${captured}, ${ctx.money(p.amountRefunded)} refunded`, "warn");
    case "REFUNDED":
      return phrase(
        student
          ? `Refunded — ${ctx.money(p.amountRefunded)} back to your card`
          : `Refunded to the student (${ctx.money(p.amountRefunded)})`,
        "warn",
      );
    case "VOIDED":
      if (l.status === "NO_SHOW" && l.noShowParty === "TUTOR")
        return phrase(student ? "Not charged — the tutor didn't come" : "Not charged — you didn't come", "muted");
      if (l.status === "CANCELLED" && l.cancelReason === "NOBODY_JOINED") return phrase("Not charged — nobody joined", "muted");
      if (l.status === "CANCELLED" && l.cancelReason === "CANCELLED_BY_TUTOR")
        return phrase(student ? "Not charged — the tutor cancelled" : "Not charged — you cancelled", "muted");
      return phrase(student ? "Not charged — the hold on your card was released" : "Not charged — the hold was released", "muted");
    case "EXPIRED":
      return phrase("Not charged — the card hold expired", "warn");
    case "FAILED":
      return phrase(student ? "Card declined — nothing was charged" : "The student's card was declined — not charged", "danger");
  }
}

export function describeLesson(l: WordingLesson, ctx: WordingContext): { lesson: Phrase; payment: Phrase } {
  return { lesson: lessonStatusText(l, ctx), payment: paymentStatusText(l, ctx) };
}
