import { describe, expect, it } from "vitest";
import { DAY, HOUR, MIN, at, lessonState, ok, rejected, run, step, actions } from "~/test/lifecycle-fixtures";
import { instantToken } from "~/shared/message-tokens";
import type { DisputeFacts, DisputeStatus, LessonState } from "./types";

const NOW = at(3 * HOUR);

/** A completed lesson whose 1999 was captured: fee 400, share 1599. */
function captured(extra: Partial<LessonState["payment"]> = {}): LessonState {
  return lessonState({
    lesson: { status: "COMPLETED", finalizedAt: at(40 * MIN) },
    payment: {
      status: "CAPTURED",
      amount: 1999,
      amountCaptured: 1999,
      platformFee: 400,
      tutorShare: 1599,
      settlementAmount: 1999,
      ...extra,
    },
  });
}

function facts(status: DisputeStatus, over: Partial<DisputeFacts> = {}): DisputeFacts {
  return {
    providerDisputeId: "dp_1",
    providerChargeId: "ch_1",
    amount: 1999,
    currency: "USD",
    reason: "fraudulent",
    status,
    evidenceDueBy: at(7 * DAY),
    fundsWithdrawn: status.startsWith("WARNING_") ? 0 : 1999,
    fundsReinstated: status === "WON" ? 1999 : 0,
    feeAmount: status.startsWith("WARNING_") ? 0 : 1500,
    openedAt: at(2 * HOUR),
    ...over,
  };
}

const report = (status: DisputeStatus, over: Partial<DisputeFacts> = {}) => ({
  type: "DISPUTE_REPORTED" as const,
  dispute: facts(status, over),
});

describe("DISPUTE_REPORTED", () => {
  it("opens the dispute with an alert naming the deadline and what to do; a replay changes nothing", () => {
    const r = ok(run(captured(), report("NEEDS_RESPONSE"), NOW));
    expect(r.next.dispute).toMatchObject({ id: "dsp_dp_1", status: "NEEDS_RESPONSE", feeAmount: 1500, evidenceSubmittedAt: null });
    expect(actions(r)).toEqual(["payment.dispute_opened"]);
    expect(r.alerts).toEqual([expect.objectContaining({ type: "DISPUTE_OPENED", severity: "CRITICAL" })]);
    expect(r.alerts[0]!.message).toContain("Submit evidence");
    expect(r.alerts[0]!.message).toContain(instantToken(at(7 * DAY)));
    expect(ok(run(r.next, report("NEEDS_RESPONSE"), NOW)).changed).toBe(false);
  });

  it("never moves a dispute back: an older report after a newer one keeps the newer status, amounts only grow", () => {
    const review = step(step(captured(), report("NEEDS_RESPONSE"), NOW), report("UNDER_REVIEW"), NOW);
    const late = ok(run(review, report("NEEDS_RESPONSE", { feeAmount: 1500 }), NOW));
    expect(late.changed).toBe(false);
    const won = step(review, report("WON"), NOW);
    expect(won.dispute).toMatchObject({ status: "WON", fundsReinstated: 1999, closedAt: NOW });
    expect(ok(run(won, report("LOST"), NOW)).changed).toBe(false); // a closed dispute stays as decided
    expect(won.payment.amountDisputed).toBe(0);
  });

  it("lost takes the disputed amount back, capped by what refunds left, with the refunds' cumulative rounding", () => {
    const refunded = captured({ status: "PARTIALLY_REFUNDED", amountRefunded: 333 });
    const open = step(refunded, report("NEEDS_RESPONSE", { amount: 1666 }), NOW);
    const r = ok(run(open, report("LOST", { amount: 1666 }), NOW));
    expect(r.next.payment.amountDisputed).toBe(1666);
    const lost = r.audit.find((f) => f.action === "payment.dispute_lost")!;
    // 333 refunded reversed round(333 × 400 / 1999) = 67 of the fee; the rest of the fee is 333
    expect(lost.metadata).toMatchObject({ platformFeeReversed: 333, tutorShareReversed: 1333 });
    expect(r.alerts.map((a) => a.type)).toEqual(["DISPUTE_LOST"]);
    // a dispute larger than what is left cannot take back more than the capture
    const over = ok(run(step(refunded, report("NEEDS_RESPONSE"), NOW), report("LOST"), NOW));
    expect(over.next.payment.amountDisputed).toBe(1666);
  });

  it("a first report that is already final settles at once (a late webhook, or reconciliation)", () => {
    const r = ok(run(captured(), report("LOST"), NOW));
    expect(actions(r)).toEqual(["payment.dispute_opened", "payment.dispute_lost"]);
    expect(r.next.payment.amountDisputed).toBe(1999);
  });

  it("an inquiry escalating to a chargeback asks for evidence again", () => {
    const inquiry = step(captured(), report("WARNING_NEEDS_RESPONSE"), NOW);
    expect(inquiry.dispute!.status).toBe("WARNING_NEEDS_RESPONSE");
    const r = ok(run(inquiry, report("NEEDS_RESPONSE", { evidenceDueBy: at(10 * DAY) }), NOW));
    expect(r.next.dispute).toMatchObject({ status: "NEEDS_RESPONSE", evidenceDueBy: at(10 * DAY) });
    expect(r.alerts.map((a) => [a.type, a.severity])).toEqual([["DISPUTE_OPENED", "CRITICAL"]]);
  });

  it("a second dispute on the same payment is not recorded over the first: a CRITICAL mismatch alert", () => {
    const first = step(captured(), report("NEEDS_RESPONSE"), NOW);
    const r = ok(run(first, report("NEEDS_RESPONSE", { providerDisputeId: "dp_2" }), NOW));
    expect(r.next.dispute!.providerDisputeId).toBe("dp_1");
    expect(r.alerts.map((a) => [a.type, a.severity])).toEqual([["PROVIDER_MISMATCH", "CRITICAL"]]);
  });

  it("is refused before our capture is recorded (the provider retries the event), and refuses fractional amounts", () => {
    expect(rejected(run(lessonState(), report("NEEDS_RESPONSE"), NOW)).code).toBe("DISPUTE_BEFORE_CAPTURE");
    expect(rejected(run(captured(), report("NEEDS_RESPONSE", { feeAmount: 1.5 }), NOW)).code).toBe("INVALID_AMOUNT");
  });
});

describe("ADMIN_SUBMIT_DISPUTE_EVIDENCE", () => {
  const open = () => step(captured(), report("NEEDS_RESPONSE"), NOW);
  const submit = { type: "ADMIN_SUBMIT_DISPUTE_EVIDENCE" as const, reason: "the lesson took place" };

  it("requests one evidence operation keyed by the dispute, recording who asked", () => {
    const r = ok(run(open(), submit, NOW));
    expect(r.operations).toEqual([{ kind: "DISPUTE_EVIDENCE", amount: null, idempotencyKey: "dispute-evidence:dp_1:1" }]);
    expect(r.next.dispute!.evidenceSubmittedBy).toBe("admin_1");
    expect(ok(run(r.next, submit, NOW)).changed).toBe(false); // a second click while it is on its way
  });

  it("records the provider's answer once, then a further click is a no-op", () => {
    const asked = step(open(), submit, NOW);
    const done = ok(run(asked, { type: "DISPUTE_EVIDENCE_SUBMITTED", dispute: facts("UNDER_REVIEW") }, at(4 * HOUR)));
    expect(done.next.dispute).toMatchObject({ status: "UNDER_REVIEW", evidenceSubmittedAt: at(4 * HOUR) });
    expect(actions(done)).toEqual(["payment.dispute_evidence_submitted", "payment.dispute_updated"]);
    expect(ok(run({ ...done.next, liveOperations: [] }, submit, NOW)).changed).toBe(false);
  });

  it("is refused without a dispute, once the dispute is decided, to non-admins, and without a reason", () => {
    expect(rejected(run(captured(), submit, NOW)).code).toBe("NO_DISPUTE");
    expect(rejected(run(step(open(), report("LOST"), NOW), submit, NOW)).code).toBe("DISPUTE_NOT_AWAITING_EVIDENCE");
    expect(rejected(run(open(), submit, NOW, { actor: { type: "TUTOR", id: "tutor_1" } })).code).toBe("ACTOR_NOT_ALLOWED");
    expect(rejected(run(open(), { ...submit, reason: " " }, NOW)).code).toBe("REASON_REQUIRED");
  });

  it("a refused submission leaves a CRITICAL alert saying where to answer instead", () => {
    const r = ok(run(open(), { type: "DISPUTE_EVIDENCE_FAILED", code: "dispute_already_submitted", message: "closed" }, NOW));
    expect(r.alerts.map((a) => [a.type, a.severity])).toEqual([["DISPUTE_EVIDENCE_FAILED", "CRITICAL"]]);
  });
});

describe("ADMIN_REFUND on a disputed payment", () => {
  const refund = (amount: number) => ({ type: "ADMIN_REFUND" as const, reason: "student asked", amount });
  const admin = { type: "ADMIN" as const, id: "admin-1" };

  it("is refused while a chargeback is open: the disputed money is the card network's (Stripe refuses it too)", () => {
    for (const status of ["NEEDS_RESPONSE", "UNDER_REVIEW"] as const) {
      const open = step(captured(), report(status), NOW);
      const r = run(open, refund(100), NOW, { actor: admin });
      expect(r).toMatchObject({ ok: false, code: "CHARGE_DISPUTED" });
    }
  });

  it("an inquiry (no money taken yet) can still be refunded", () => {
    const inquiry = step(captured(), report("WARNING_NEEDS_RESPONSE"), NOW);
    expect(ok(run(inquiry, refund(100), NOW, { actor: admin })).operations.map((o) => [o.kind, o.amount])).toEqual([["REFUND", 100]]);
  });

  it("after a lost dispute only what it did not take back is refundable: never more than was captured in all", () => {
    const lost = step(step(captured(), report("NEEDS_RESPONSE", { amount: 1500 }), NOW), report("LOST", { amount: 1500 }), NOW);
    expect(lost.payment.amountDisputed).toBe(1500);
    expect(run(lost, refund(500), NOW, { actor: admin })).toMatchObject({ ok: false, code: "INVALID_AMOUNT" });
    expect(ok(run(lost, refund(499), NOW, { actor: admin })).operations.map((o) => [o.kind, o.amount])).toEqual([["REFUND", 499]]);
    const all = step(step(captured(), report("NEEDS_RESPONSE"), NOW), report("LOST"), NOW);
    expect(run(all, refund(1), NOW, { actor: admin })).toMatchObject({ ok: false, code: "NOTHING_TO_REFUND" });
  });

  it("after a won dispute the whole capture is refundable again", () => {
    const won = step(step(captured(), report("NEEDS_RESPONSE"), NOW), report("WON"), NOW);
    expect(ok(run(won, refund(1999), NOW, { actor: admin })).operations.map((o) => [o.kind, o.amount])).toEqual([["REFUND", 1999]]);
  });
});
