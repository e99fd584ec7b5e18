import { randomUUID } from "node:crypto";
import type { SessionUser } from "~/server/auth";
import { bookLesson } from "~/server/lessons/book-lesson";
import type { Policy } from "~/server/lifecycle/policy";
import { browserCreatePaymentMethod } from "~/sandbox/control-client";
import { type RunningStripeSandbox, type StripeSandboxOptions, startStripeSandbox } from "~/sandbox/start";
import { createTestDatabase, type TestDatabase } from "./database";
import { act } from "./lifecycle-helpers";
import { testServices } from "./services";

export const CARDS = {
  ok: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  authRequired: "4000002500003155",
} as const;

export interface Harness {
  t: TestDatabase;
  stripe: RunningStripeSandbox;
  services: ReturnType<typeof testServices>;
  /** move the app clock and the sandbox clock together */
  advance(ms: number): Promise<void>;
  student(email?: string): Promise<SessionUser>;
  tutor(opts?: { email?: string; price25?: number; price50?: number }): Promise<SessionUser>;
  paymentMethod(card?: string): Promise<string>;
  book(student: SessionUser, tutor: SessionUser, startsInMs: number, opts?: { duration?: 25 | 50; card?: string }): Promise<string>;
  /**
   * A lesson under way: a new student and tutor (25 min at `price25`, default 450), booked `startsInMs` ahead
   * (default 1 h), the clocks moved to its start, and both joined through the lesson page's action.
   */
  startedLesson(opts?: LessonOpts): Promise<PlayedLesson>;
  /** startedLesson, then the clocks moved 40 minutes on: past the end and the finalize grace, due for finalize. */
  playedLesson(opts?: LessonOpts): Promise<PlayedLesson>;
  close(): Promise<void>;
}

export interface LessonOpts {
  student?: SessionUser;
  tutor?: SessionUser;
  price25?: number;
  startsInMs?: number;
}

export interface PlayedLesson {
  student: SessionUser;
  tutor: SessionUser;
  lessonId: string;
}

export async function startHarness(
  opts: {
    now?: string;
    policy?: Readonly<Policy>;
    timeoutMs?: number;
    poolSize?: number;
    webhookUrl?: string;
    /** a PayPal sandbox for these services (the payout harness starts one) */
    paypalUrl?: string;
    /** sandbox settings, e.g. shorter or extended authorization windows */
    stripe?: Pick<StripeSandboxOptions, "authorizationWindows" | "rateLimitPerSecond">;
  } = {},
): Promise<Harness> {
  const t = await createTestDatabase({ poolSize: opts.poolSize });
  const stripe = await startStripeSandbox({ port: 0, webhookUrl: opts.webhookUrl ?? null, ...opts.stripe });
  const now = opts.now ?? "2026-11-26T23:00:00Z";
  const services = testServices(t.db, {
    stripeUrl: stripe.url,
    paypalUrl: opts.paypalUrl,
    now,
    policy: opts.policy,
    timeoutMs: opts.timeoutMs,
  });
  await stripe.control.setClock(new Date(now));

  const makeUser = async (role: "STUDENT" | "TUTOR", email: string): Promise<SessionUser> => {
    const id = randomUUID();
    await t.db.user.create({ data: { id, email, name: email.split("@")[0] ?? email, role, timeZone: "UTC" } });
    return { id, email, name: email, role, timeZone: "UTC" };
  };
  const h: Harness = {
    t,
    stripe,
    services,
    async advance(ms) {
      services.clock.advance(ms);
      await stripe.control.advanceClock(ms);
    },
    student: (email = `student-${randomUUID().slice(0, 6)}@test.dev`) => makeUser("STUDENT", email),
    async tutor(o = {}) {
      const u = await makeUser("TUTOR", o.email ?? `tutor-${randomUUID().slice(0, 6)}@test.dev`);
      await t.db.tutorProfile.create({ data: { userId: u.id, price25: o.price25 ?? 450, price50: o.price50 ?? 850, currency: "USD" } });
      return u;
    },
    async paymentMethod(card = CARDS.ok) {
      // Setup, not the behaviour under test: a sandbox 429 (a test's rate-limit fault still armed, or its limit) is
      // waited out as Stripe.js would retry, a few times at most.
      for (let attempt = 1; ; attempt++) {
        const r = await browserCreatePaymentMethod(stripe.url, "pk_test_sandbox", {
          number: card,
          expMonth: 12,
          expYear: 2030,
          cvc: "123",
        });
        if (r.body.id) return r.body.id;
        const limited = JSON.stringify(r.body).includes('"rate_limit"');
        if (!limited || attempt >= 4) throw new Error(`could not create payment method: ${JSON.stringify(r.body)}`);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    },
    async book(student, tutor, startsInMs, o = {}) {
      const view = await bookLesson(services, student, {
        tutorId: tutor.id,
        scheduledStart: new Date(services.now().getTime() + startsInMs),
        durationMinutes: o.duration ?? 25,
        paymentMethodId: await h.paymentMethod(o.card),
      });
      return view.id;
    },
    async startedLesson(o = {}) {
      const student = o.student ?? (await h.student());
      const tutor = o.tutor ?? (await h.tutor({ price25: o.price25 ?? 450 }));
      const startsIn = o.startsInMs ?? HOUR;
      const lessonId = await h.book(student, tutor, startsIn);
      await h.advance(startsIn);
      await act(h.services, student, lessonId, "JOIN");
      await act(h.services, tutor, lessonId, "JOIN");
      return { student, tutor, lessonId };
    },
    async playedLesson(o = {}) {
      const played = await h.startedLesson(o);
      await h.advance(40 * MIN);
      return played;
    },
    async close() {
      await stripe.close();
      await t.drop();
    },
  };
  return h;
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
