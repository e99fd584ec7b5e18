import "server-only";
// Admin money actions ("Capture now" and friends). Each is the lifecycle command of the
// same name, audited with the admin and the reason; the operation it creates is performed
// right away so the admin sees the provider's answer. Double-clicks and two admins at
// once meet the row lock: one capture is requested, the other sees who did it and when.
import type { Db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Actor, Command } from "~/server/lifecycle/types";
import { runDueOperations } from "~/server/payments/operation-worker";
import type { Services } from "~/server/services";
import { CAPTURED_PAYMENT_STATUSES, REFUNDED_PAYMENT_STATUSES, RELEASED_PAYMENT_STATUSES } from "~/shared/statuses";
import { instantToken } from "~/shared/message-tokens";

export interface AdminActionResult {
  outcome: "done" | "already_done" | "pending" | "provider_error";
  message: string;
  paymentStatus: string;
  amountCaptured: number;
  platformFee: number;
  tutorShare: number;
  amountRefunded: number;
  providerError: string | null;
  previous: { actorType: string; actorId: string; actorName: string | null; at: Date } | null;
}

type AdminCommand = Extract<Command, { type: "ADMIN_CAPTURE" | "ADMIN_VOID" | "ADMIN_REFUND" }>;

const REQUESTED_ACTION: Record<AdminCommand["type"], string> = {
  ADMIN_CAPTURE: "payment.capture_requested",
  ADMIN_VOID: "payment.void_requested",
  ADMIN_REFUND: "payment.refund_requested",
};
const DONE_STATUS: Record<AdminCommand["type"], readonly string[]> = {
  ADMIN_CAPTURE: CAPTURED_PAYMENT_STATUSES,
  ADMIN_VOID: RELEASED_PAYMENT_STATUSES,
  ADMIN_REFUND: REFUNDED_PAYMENT_STATUSES,
};

export async function adminPaymentAction(
  services: Services,
  actor: Actor,
  lessonId: string,
  command: AdminCommand,
): Promise<AdminActionResult> {
  const result = await applyCommand(services, lessonId, command, actor, { reason: command.reason });
  if (!result.ok) {
    if (result.rejection.code === "NOT_FOUND") throw new AppError("NOT_FOUND", "No lesson with this id.");
    throw new AppError("RULE_VIOLATION", result.rejection.message, { rule: result.rejection.code });
  }
  if (result.operationIds.length) {
    await runDueOperations(services, { onlyIds: result.operationIds, workerId: `admin:${actor.id}` });
  }
  const payment = await services.db.payment.findUniqueOrThrow({
    where: { lessonId },
    include: { operations: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  const lastOp = payment.operations[0];
  const base = {
    paymentStatus: payment.status,
    amountCaptured: payment.amountCaptured,
    platformFee: payment.platformFee,
    tutorShare: payment.tutorShare,
    amountRefunded: payment.amountRefunded,
    providerError: lastOp?.state === "FAILED" || lastOp?.state === "UNKNOWN" ? lastOp.lastError : null,
  };

  if (!result.changed) {
    const previous = await previousActor(services.db, lessonId, command.type);
    const who = previous
      ? `${previous.actorName ?? previous.actorType.toLowerCase()} at ${instantToken(previous.at)}`
      : "an earlier action";
    const inProgress = !DONE_STATUS[command.type].includes(payment.status);
    return {
      ...base,
      outcome: "already_done",
      previous,
      message: inProgress
        ? `Already requested by ${who}; the provider is working on it.`
        : `Already ${verb(command.type)} by ${who}. Nothing was charged twice.`,
    };
  }
  if (DONE_STATUS[command.type].includes(payment.status) && !(command.type === "ADMIN_REFUND" && lastOp?.state !== "SUCCEEDED")) {
    return { ...base, outcome: "done", previous: null, message: `${capitalize(verb(command.type))}.` };
  }
  if (base.providerError) {
    return { ...base, outcome: "provider_error", previous: null, message: `The provider refused: ${base.providerError}` };
  }
  return {
    ...base,
    outcome: "pending",
    previous: null,
    message: "Requested; the provider has not confirmed yet. It will be retried automatically.",
  };
}

async function previousActor(db: Db, lessonId: string, type: AdminCommand["type"]) {
  const ev = await db.auditEvent.findFirst({ where: { lessonId, action: REQUESTED_ACTION[type] }, orderBy: { at: "desc" } });
  if (!ev) return null;
  const user =
    ev.actorType === "ADMIN" ? await db.user.findUnique({ where: { id: ev.actorId }, select: { name: true, email: true } }) : null;
  return {
    actorType: ev.actorType,
    actorId: ev.actorId,
    actorName: user ? `${user.name} (${user.email})` : ev.actorType === "CRON" ? "the finalize cron" : null,
    at: ev.at,
  };
}

const verb = (t: AdminCommand["type"]) => (t === "ADMIN_CAPTURE" ? "captured" : t === "ADMIN_VOID" ? "voided" : "refunded");
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
