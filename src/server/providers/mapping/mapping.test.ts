// The provider-state mapping, cell by cell: every PaymentIntent status × cancellation reason × asker (each operation
// kind, and a webhook or the sweep), and every payout object state. The table below is the specification; the loops
// check every combination against it, so a status or reason the mapping forgets to handle fails here.
import { describe, expect, it } from "vitest";
import type { Command } from "~/server/lifecycle/types";
import type { PayoutItemSnapshot } from "~/server/providers/paypal";
import type { PaymentIntentSnapshot, TransferSnapshot } from "~/server/providers/stripe";
import {
  commandFromIntent,
  type IntentAsker,
  OBSERVER,
  operationFinish,
  payoutIdOfTransferGroup,
  payoutUpdateFromPayPalItem,
  payoutUpdateFromTransfer,
  readPaymentIntent,
  returnsFromTransfer,
  refundCommand,
  statusFromPayPalItem,
  transferGroupOf,
} from "./index";

const CAPTURE_BEFORE = new Date("2026-12-03T23:00:00Z");
const KNOWN_REFUNDED = 100;

function intent(status: string, cancellationReason: string | null, amountRefunded = 0): PaymentIntentSnapshot {
  return {
    paymentIntentId: "pi_1",
    status,
    amount: 450,
    amountCapturable: status === "requires_capture" ? 450 : 0,
    amountReceived: status === "succeeded" ? 450 : 0,
    currency: "usd",
    customerId: "cus_1",
    captureBefore: CAPTURE_BEFORE,
    cancellationReason,
    applicationFeeAmount: null,
    latestChargeId: "ch_1",
    amountRefunded,
    metadata: {},
    lastErrorCode: null,
  };
}

const STATUSES = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
  "canceled",
  "succeeded",
] as const;
const REASONS = [
  null,
  "automatic",
  "expired",
  "abandoned",
  "requested_by_customer",
  "duplicate",
  "fraudulent",
  "failed_invoice",
  "void_invoice",
];

type AskerName = "AUTHORIZE" | "CAPTURE" | "VOID" | "REFUND_REACHED" | "REFUND_NOT_REACHED" | "OBSERVER";
/** A refund of 50 on top of 100 already known: reached when the provider's total is at least 150. */
const ASKERS: Record<AskerName, { asker: IntentAsker; refundedAtProvider: number }> = {
  AUTHORIZE: { asker: { operation: "AUTHORIZE" }, refundedAtProvider: 0 },
  CAPTURE: { asker: { operation: "CAPTURE" }, refundedAtProvider: 0 },
  VOID: { asker: { operation: "VOID" }, refundedAtProvider: 0 },
  REFUND_REACHED: { asker: { operation: "REFUND", knownRefunded: KNOWN_REFUNDED, amount: 50 }, refundedAtProvider: 150 },
  REFUND_NOT_REACHED: { asker: { operation: "REFUND", knownRefunded: KNOWN_REFUNDED, amount: 50 }, refundedAtProvider: 120 },
  OBSERVER: { asker: OBSERVER, refundedAtProvider: 0 },
};

type Reading = "open" | "held" | "captured" | "lapsed" | "released";
const readingOf = (status: string, reason: string | null): Reading =>
  status === "requires_capture"
    ? "held"
    : status === "succeeded"
      ? "captured"
      : status === "canceled"
        ? reason === "automatic" || reason === "expired"
          ? "lapsed"
          : "released"
        : "open";

const AUTHORIZED: Command = { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: "pi_1", captureBefore: CAPTURE_BEFORE };
const CAPTURED: Command = { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 };
const EXPIRED: Command = { type: "AUTHORIZATION_EXPIRED" };
const VOIDED: Command = { type: "VOID_SUCCEEDED" };
const CANCELED_AUTH: Command = {
  type: "AUTHORIZATION_FAILED",
  code: "canceled",
  message: "The authorization was canceled.",
  paymentIntentId: "pi_1",
};
const REFUNDED: Command = { type: "REFUND_SUCCEEDED", amount: 50, totalRefunded: 150 };

/** [command, how the asking operation ends (error text when FAILED)]; null = nothing settled yet. */
type Cell = [Command, "SUCCEEDED" | string] | null;
const SPEC: Record<Reading, Record<AskerName, Cell>> = {
  open: { AUTHORIZE: null, CAPTURE: null, VOID: null, REFUND_REACHED: null, REFUND_NOT_REACHED: null, OBSERVER: null },
  held: {
    AUTHORIZE: [AUTHORIZED, "SUCCEEDED"],
    CAPTURE: null,
    VOID: null,
    REFUND_REACHED: null,
    REFUND_NOT_REACHED: null,
    OBSERVER: [AUTHORIZED, "—"],
  },
  captured: {
    AUTHORIZE: [CAPTURED, "payment was already captured"],
    CAPTURE: [CAPTURED, "SUCCEEDED"],
    VOID: [CAPTURED, "payment was already captured"],
    REFUND_REACHED: [REFUNDED, "SUCCEEDED"],
    REFUND_NOT_REACHED: null,
    OBSERVER: [CAPTURED, "—"],
  },
  lapsed: {
    AUTHORIZE: [EXPIRED, "the authorization had expired at the provider"],
    CAPTURE: [EXPIRED, "the authorization had expired at the provider"],
    VOID: [EXPIRED, "SUCCEEDED"],
    REFUND_REACHED: [EXPIRED, "the authorization had expired at the provider"],
    REFUND_NOT_REACHED: [EXPIRED, "the authorization had expired at the provider"],
    OBSERVER: [EXPIRED, "—"],
  },
  released: {
    AUTHORIZE: [CANCELED_AUTH, "canceled"],
    CAPTURE: [VOIDED, "the authorization was voided"],
    VOID: [VOIDED, "SUCCEEDED"],
    REFUND_REACHED: [VOIDED, "the authorization was voided"],
    REFUND_NOT_REACHED: [VOIDED, "the authorization was voided"],
    OBSERVER: [VOIDED, "—"],
  },
};

const KIND = { AUTHORIZE: "AUTHORIZE", CAPTURE: "CAPTURE", VOID: "VOID", REFUND_REACHED: "REFUND", REFUND_NOT_REACHED: "REFUND" } as const;

describe("PaymentIntent state → lifecycle command", () => {
  const cases = STATUSES.flatMap((status) =>
    REASONS.flatMap((reason) => (Object.keys(ASKERS) as AskerName[]).map((asker) => ({ status, reason, asker }))),
  );

  it(`covers all ${cases.length} combinations as the table says`, () => {
    expect(cases).toHaveLength(STATUSES.length * REASONS.length * 6);
    for (const { status, reason, asker } of cases) {
      const { asker: a, refundedAtProvider } = ASKERS[asker];
      const pi = intent(status, reason, refundedAtProvider);
      const cell = SPEC[readingOf(status, reason)][asker];
      const where = `${status} / ${reason} / ${asker}`;
      expect(readPaymentIntent(pi).state, where).toBe(readingOf(status, reason));
      const command = commandFromIntent(pi, a);
      expect(command, where).toEqual(cell ? cell[0] : null);
      if (cell && asker !== "OBSERVER") {
        const finish = operationFinish(KIND[asker], command!);
        expect(finish, where).toEqual(cell[1] === "SUCCEEDED" ? { finish: "SUCCEEDED" } : { finish: "FAILED", error: cell[1] });
      }
    }
  });

  it("a hold without a known deadline is recorded with the epoch as its deadline (never a missing one)", () => {
    expect(commandFromIntent({ ...intent("requires_capture", null), captureBefore: null }, { operation: "AUTHORIZE" })).toEqual({
      ...AUTHORIZED,
      captureBefore: new Date(0),
    });
  });
});

describe("refund totals → REFUND_SUCCEEDED", () => {
  it("a webhook records any total above what we know, as the difference", () => {
    expect(refundCommand({ totalRefunded: 150, knownRefunded: 100 })).toEqual({ type: "REFUND_SUCCEEDED", amount: 50, totalRefunded: 150 });
    expect(refundCommand({ totalRefunded: 100, knownRefunded: 100 })).toBeNull();
    expect(refundCommand({ totalRefunded: 80, knownRefunded: 100 })).toBeNull();
  });

  it("a refund operation succeeds only once the total reaches what it asked for", () => {
    expect(refundCommand({ totalRefunded: 150, knownRefunded: 100, requested: 50 })).toEqual({
      type: "REFUND_SUCCEEDED",
      amount: 50,
      totalRefunded: 150,
    });
    expect(refundCommand({ totalRefunded: 170, knownRefunded: 100, requested: 50 })).toEqual({
      type: "REFUND_SUCCEEDED",
      amount: 50,
      totalRefunded: 170,
    });
    expect(refundCommand({ totalRefunded: 149, knownRefunded: 100, requested: 50 })).toBeNull();
  });
});

describe("payout objects → payout update", () => {
  const item = (transactionStatus: string, errorName: string | null = null): PayoutItemSnapshot => ({
    itemId: "item_1",
    batchId: "batch_1",
    senderBatchId: "p1",
    senderItemId: "p1",
    transactionStatus,
    transactionId: null,
    receiver: "t@example.com",
    amount: 1000,
    currency: "USD",
    errorName,
    timeProcessed: null,
  });

  it("maps every PayPal item status (and anything unknown is not final yet)", () => {
    const expected: Record<string, string> = {
      SUCCESS: "PAID",
      FAILED: "FAILED",
      BLOCKED: "FAILED",
      DENIED: "FAILED",
      RETURNED: "RETURNED",
      REFUNDED: "RETURNED",
      REVERSED: "RETURNED",
      PENDING: "SENT",
      UNCLAIMED: "SENT",
      ONHOLD: "SENT",
      SOMETHING_NEW: "SENT",
    };
    for (const [status, ours] of Object.entries(expected)) expect(statusFromPayPalItem(status), status).toBe(ours);
    expect(payoutUpdateFromPayPalItem(item("FAILED", "RECEIVER_UNREGISTERED"))).toEqual({
      status: "FAILED",
      providerItemId: "item_1",
      providerStatus: "FAILED",
      lastError: "RECEIVER_UNREGISTERED",
    });
  });

  it("maps a transfer's reversals to returns of exactly their amounts; the writer decides partial or full", () => {
    const transfer = (reversals: [string, number, string?][]): TransferSnapshot => {
      const amountReversed = reversals.reduce((sum, [, a]) => sum + a, 0);
      return {
        transferId: "tr_1",
        amount: 1000,
        amountReversed,
        currency: "usd",
        destination: "acct_1",
        transferGroup: transferGroupOf("p1"),
        sourceTransaction: null,
        reversed: amountReversed === 1000,
        reversals: reversals.map(([reversalId, amount, clawbackId]) => ({
          reversalId,
          amount,
          metadata: clawbackId ? { clawbackId } : ({} as Record<string, string>),
        })),
      };
    };
    expect(payoutUpdateFromTransfer(transfer([]))).toEqual({ status: "PAID", providerId: "tr_1", providerStatus: "paid" });
    expect(payoutUpdateFromTransfer(transfer([["trr_1", 1]]))).toEqual({
      status: "PARTIALLY_RETURNED",
      providerId: "tr_1",
      providerStatus: "partially_reversed",
      returns: [{ providerReturnId: "trr_1", amount: 1, providerStatus: "reversed" }],
    });
    expect(
      payoutUpdateFromTransfer(
        transfer([
          ["trr_2", 499],
          ["trr_1", 501],
        ]),
      ).returns,
    ).toEqual([
      { providerReturnId: "trr_2", amount: 499, providerStatus: "reversed" },
      { providerReturnId: "trr_1", amount: 501, providerStatus: "reversed" },
    ]);
    // A reversal we made to claw back a refunded earning is not money coming back to the tutor.
    expect(returnsFromTransfer(transfer([["trr_3", 200, "cb_1"]]))).toEqual([]);
  });

  it("a PayPal item that came back returns its whole amount, named by item and status", () => {
    for (const status of ["RETURNED", "REFUNDED", "REVERSED"]) {
      expect(payoutUpdateFromPayPalItem(item(status)).returns).toEqual([
        { providerReturnId: `item_1:${status}`, amount: 1000, providerStatus: status },
      ]);
    }
    for (const status of ["SUCCESS", "ONHOLD", "BLOCKED", "UNCLAIMED"])
      expect(payoutUpdateFromPayPalItem(item(status)).returns).toBeUndefined();
  });

  it("reads the payout id back from the transfer group, and nothing from other groups", () => {
    expect(payoutIdOfTransferGroup(transferGroupOf("3f2a"))).toBe("3f2a");
    expect(payoutIdOfTransferGroup("lesson_3f2a")).toBeNull();
    expect(payoutIdOfTransferGroup(null)).toBeNull();
  });
});
