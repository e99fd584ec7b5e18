// An admin's (or a participant's) action sends its messages right after the response, not on the next cron tick: the refund's receipt is
// in the (real SMTP) inbox once the request's after-response work ran, with no worker tick in between.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import type { MailCatcher } from "~/sandbox/mail-catcher";
import { type Harness, startHarness } from "~/test/lifecycle-harness";
import { makeAdmin } from "~/test/lifecycle-helpers";
import { mailInto } from "~/test/mail";
import { testContext } from "~/test/trpc-caller";

let h: Harness;
let catcher: MailCatcher;
beforeAll(async () => {
  h = await startHarness();
  catcher = await mailInto(h.services);
});
afterAll(async () => {
  await catcher.close();
  await h.close();
});

it("an admin's refund mails the student's refund receipt as soon as the response is sent", async () => {
  const { student, lessonId } = await h.playedLesson();
  await finalizeTick(h.services, {});
  expect((await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } })).status).toBe("CAPTURED");
  catcher.clear();

  const afterResponse: Array<() => Promise<unknown>> = [];
  const admin = createCaller(testContext(h.services, await makeAdmin(h), { afterResponse: (task) => afterResponse.push(task) }));
  const result = await admin.admin.refund({ lessonId, amount: 200, reason: "Audio dropped for ten minutes" });
  expect(result.outcome).toBe("done");
  // Nothing is in the inbox until the response's work runs: the message was written, not sent, in the transaction.
  expect(catcher.messages.filter((m) => m.to.includes(student.email))).toHaveLength(0);

  expect(afterResponse).toHaveLength(1);
  for (const task of afterResponse) await task();
  const refundMails = catcher.messages.filter((m) => m.to.includes(student.email) && /refund/i.test(m.subject));
  expect(refundMails).toHaveLength(1);
  expect(refundMails[0]!.text).toContain("$2.00");
});

it("a query by an admin queues no work after its response", async () => {
  const afterResponse: Array<() => Promise<unknown>> = [];
  const admin = createCaller(testContext(h.services, await makeAdmin(h), { afterResponse: (task) => afterResponse.push(task) }));
  await admin.admin.queue({});
  expect(afterResponse).toHaveLength(0);
});

it("a participant's join queues no work after its response (it wrote no message); ending the call early does, and mails the tutor", async () => {
  const student = await h.student();
  const tutor = await h.tutor();
  const lessonId = await h.book(student, tutor, 3_600_000);
  await h.advance(3_600_000);
  const afterResponse: Array<() => Promise<unknown>> = [];
  const ctx = (user: typeof student) => testContext(h.services, user, { afterResponse: (task) => afterResponse.push(task) });
  await createCaller(ctx(student)).lesson.join({ lessonId });
  expect(afterResponse).toHaveLength(0);
  await createCaller(ctx(tutor)).lesson.join({ lessonId });
  expect(afterResponse).toHaveLength(0);

  catcher.clear();
  await h.advance(60_000);
  await createCaller(ctx(student)).lesson.endCall({ lessonId });
  expect(afterResponse).toHaveLength(1);
  for (const task of afterResponse) await task();
  expect(catcher.messages.filter((m) => m.to.includes(tutor.email) && /ended early/i.test(m.subject))).toHaveLength(1);
});
