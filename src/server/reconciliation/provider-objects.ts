import "server-only";
// Every object a reconciliation page reads is remembered as a ProviderObject row (one set-based upsert per page): its
// lastSeenAt tells the second direction of the pass ("our row with no provider object") which objects the provider
// still has, and a release another path already asked for (releaseRequestedAt) is read back here. Columns another path
// owns (releaseRequestedAt, releasedAt, lastEventId) are never written.
import type { Db } from "~/server/db/client";
import type { ObjectRelation } from "~/server/providers/mapping";

export interface SeenObject {
  id: string;
  provider: "stripe" | "paypal";
  type: "payment_intent" | "transfer" | "dispute" | "payout_item";
  paymentId: string | null;
  payoutId: string | null;
  relation: ObjectRelation;
  status: string;
  amount: number;
  currency: string;
}

/** Upserts the page's objects; returns the ids whose release is already requested. */
export async function rememberObjects(db: Db, objects: readonly SeenObject[], now: Date): Promise<Set<string>> {
  if (objects.length === 0) return new Set();
  const col = <K extends keyof SeenObject>(k: K) => objects.map((o) => o[k]);
  const at = now.toISOString();
  const rows = await db.$queryRaw<{ id: string; releaseRequestedAt: Date | null }[]>`
    INSERT INTO "ProviderObject" (id, provider, type, "paymentId", "payoutId", relation, status, amount, currency, "firstSeenAt", "lastSeenAt")
    SELECT u.id, u.provider, u.type, u."paymentId", u."payoutId", u.relation::"ProviderObjectRelation", u.status, u.amount, u.currency,
           ${at}::timestamp, ${at}::timestamp
    FROM unnest(${col("id")}::text[], ${col("provider")}::text[], ${col("type")}::text[], ${col("paymentId")}::text[],
                ${col("payoutId")}::text[], ${col("relation")}::text[], ${col("status")}::text[], ${col("amount")}::int[],
                ${objects.map((o) => o.currency.toUpperCase())}::text[])
      AS u(id, provider, type, "paymentId", "payoutId", relation, status, amount, currency)
    ON CONFLICT (id) DO UPDATE SET
      status = EXCLUDED.status, amount = EXCLUDED.amount, relation = EXCLUDED.relation,
      "paymentId" = COALESCE(EXCLUDED."paymentId", "ProviderObject"."paymentId"),
      "payoutId" = COALESCE(EXCLUDED."payoutId", "ProviderObject"."payoutId"),
      "lastSeenAt" = EXCLUDED."lastSeenAt"
    RETURNING id, "releaseRequestedAt"`;
  return new Set(rows.filter((r) => r.releaseRequestedAt !== null).map((r) => r.id));
}
