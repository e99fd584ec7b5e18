import type { SessionUser } from "~/server/auth";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { type RunningPayPalSandbox, startPayPalSandbox } from "~/sandbox/start";
import { runPayouts } from "~/server/payouts/run-payouts";
import { type Harness, HOUR, MIN, startHarness } from "./lifecycle-harness";

export interface PayoutHarness extends Harness {
  paypal: RunningPayPalSandbox;
  /** book → both join → finalize: a COMPLETED lesson with a captured payment; returns its id */
  capturedLesson(student: SessionUser, tutor: SessionUser, opts?: { startsInMs?: number }): Promise<string>;
  /**
   * Past the earnings hold (73 h on), the payout run sends what is available; ten minutes later, once PayPal has
   * settled its items, the next run follows them to their outcome.
   */
  payOutAfterHold(): Promise<void>;
}

export async function startPayoutHarness(opts: Parameters<typeof startHarness>[0] = {}): Promise<PayoutHarness> {
  const paypal = await startPayPalSandbox({ port: 0 });
  const h = await startHarness({ ...opts, paypalUrl: paypal.url });
  await paypal.control.setClock(h.services.now());
  const advanceStripe = h.advance.bind(h);
  const closeStripe = h.close.bind(h);
  let slot = 0;
  return Object.assign(h, {
    paypal,
    async advance(ms: number) {
      await advanceStripe(ms);
      await paypal.control.advanceClock(ms);
    },
    async close() {
      await paypal.close();
      await closeStripe();
    },
    async capturedLesson(student: SessionUser, tutor: SessionUser, o: { startsInMs?: number } = {}) {
      // each lesson in its own future slot so one tutor can have many
      slot += 1;
      const { lessonId } = await h.startedLesson({ student, tutor, startsInMs: o.startsInMs ?? 60 * MIN * slot });
      await this.advance(41 * MIN); // past the 25-minute lesson + 15 min grace
      await finalizeTick(h.services, {});
      return lessonId;
    },
    async payOutAfterHold() {
      await this.advance(73 * HOUR);
      await runPayouts(h.services);
      await this.advance(10 * MIN);
      await runPayouts(h.services);
    },
  });
}
