// Before booking, tell the student when their card will be held. Mirrors the lifecycle's
// rule (authorizesAtBooking / scheduledAuthorizationAt) with the numbers the server passes
// in; after booking the page shows the server's own payment.authorizeAt instead.

export interface AuthorizationRules {
  authorizationHorizonMs: number;
  finalizeGraceMs: number;
  scheduledAuthorizationLeadMs: number;
}

export type AuthorizationPlan = { when: "now" } | { when: "later"; at: Date };

export function authorizationPlan(slot: { start: Date; end: Date }, now: Date, rules: AuthorizationRules): AuthorizationPlan {
  const settledBy = slot.end.getTime() + rules.finalizeGraceMs;
  if (settledBy < now.getTime() + rules.authorizationHorizonMs) return { when: "now" };
  const at = slot.start.getTime() - rules.scheduledAuthorizationLeadMs;
  return { when: "later", at: new Date(Math.max(at, now.getTime())) };
}
