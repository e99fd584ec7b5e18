// Raw-SQL fragments built from the one set of status lists (~/shared/statuses), so a query that Prisma's API cannot
// express still names its statuses in one place:  sqlIn(LIVE_OPERATION_STATES)  →  IN ('PENDING', 'IN_FLIGHT', 'UNKNOWN')
// The values are literals, not parameters: they are enum labels known at build time (checked below), and a literal
// compares with an enum column without a cast.
import "server-only";
import { Prisma } from "~/generated/prisma/client";

const LABEL = /^[A-Z][A-Z_]*$/;

/** `IN ('A', 'B', …)` for a list of enum labels. */
export function sqlIn(values: readonly string[]): Prisma.Sql {
  if (values.length === 0) throw new Error("sqlIn needs at least one value");
  for (const v of values) if (!LABEL.test(v)) throw new Error(`not an enum label: ${JSON.stringify(v)}`);
  return Prisma.sql`IN (${Prisma.join(
    values.map((v) => Prisma.raw(`'${v}'`)),
    ", ",
  )})`;
}
