import "server-only";
// Statements over many rows at once: one UPDATE or INSERT from arrays (unnest), whatever the number of rows. Used by
// applyCommandBatch, and by every writer of the rows each command adds (audit events, ledger entries, notifications):
// Prisma's query plan cache does not cover createMany, so each createMany is compiled again (about a millisecond of
// the process's CPU) while one raw statement's text depends only on its columns. Values travel as text arrays (instants as ISO strings, read back as UTC; JSON as text) and are cast to
// each column's type, so enums, nulls, JSON and timestamps need nothing from the driver. The ORM's createMany builds a
// statement with a parameter per value, which for a batch of hundreds of rows costs more than everything else here.
import { Prisma } from "~/generated/prisma/client";
import type { Tx } from "./state-rows";

/** SQL type per column: "timestamp" (stored as UTC), "int", "text", "jsonb" or a quoted enum type like '"LessonStatus"'. */
export type ColumnTypes = Record<string, string>;

type Row = Record<string, unknown>;

/**
 * `UPDATE table SET <every listed column> FROM unnest(...) WHERE id matches`, and updatedAt as the ORM's @updatedAt
 * sets it (the wall clock of the write). Columns in `keepWhenNull` keep their stored value where the row's is null.
 */
export async function updateFromArrays(
  tx: Tx,
  table: string,
  types: ColumnTypes,
  rows: ({ id: string } & Row)[],
  keepWhenNull: string[] = [],
) {
  const statement = updateFromArraysSql(table, types, rows, keepWhenNull);
  if (statement) await tx.$executeRaw(statement);
}

/** updateFromArrays' statement, to run alone or with others (see executeTogether); null when there is no row. */
export function updateFromArraysSql(
  table: string,
  types: ColumnTypes,
  rows: ({ id: string } & Row)[],
  keepWhenNull: string[] = [],
): Prisma.Sql | null {
  if (rows.length === 0) return null;
  const columns = Object.keys(types);
  const sets = columns.map((c) => {
    const value = castValue(c, types[c]!);
    return keepWhenNull.includes(c) ? `"${c}" = COALESCE(${value}, t."${c}")` : `"${c}" = ${value}`;
  });
  return Prisma.sql`UPDATE ${Prisma.raw(`"${table}"`)} AS t SET ${Prisma.raw([...sets, `"updatedAt" = ${WALL_CLOCK_SQL}`].join(", "))}
    FROM ${unnest(["id", ...columns], rows)} WHERE t.id = v.id`;
}

/**
 * `INSERT INTO table (<listed columns>) SELECT … FROM unnest(...)`; other columns take their defaults. A row holding a
 * column not listed is refused rather than silently dropped. `withUpdatedAt` fills the ORM-maintained updatedAt;
 * `skipDuplicates` skips a row a unique key already holds (as createMany's option). Returns the rows inserted.
 */
export async function insertFromArrays(
  tx: Tx,
  table: string,
  types: ColumnTypes,
  rows: Row[],
  opts: { withUpdatedAt?: boolean; skipDuplicates?: boolean } = {},
): Promise<number> {
  const statement = insertFromArraysSql(table, types, rows, opts);
  return statement ? tx.$executeRaw(statement) : 0;
}

/** insertFromArrays' statement, to run alone or with others (see executeTogether); null when there is no row. */
export function insertFromArraysSql(
  table: string,
  types: ColumnTypes,
  rows: Row[],
  opts: { withUpdatedAt?: boolean; skipDuplicates?: boolean } = {},
): Prisma.Sql | null {
  if (rows.length === 0) return null;
  const columns = Object.keys(types);
  for (const row of rows) {
    const extra = Object.keys(row).filter((k) => !(k in types) && row[k] !== undefined);
    if (extra.length) throw new Error(`insertFromArrays(${table}): no column type for ${extra.join(", ")}`);
  }
  const names = [...columns, ...(opts.withUpdatedAt ? ["updatedAt"] : [])].map((c) => `"${c}"`).join(", ");
  const values = [...columns.map((c) => castValue(c, types[c]!)), ...(opts.withUpdatedAt ? [WALL_CLOCK_SQL] : [])].join(", ");
  const onConflict = Prisma.raw(opts.skipDuplicates ? " ON CONFLICT DO NOTHING" : "");
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(names)}) SELECT ${Prisma.raw(values)} FROM ${unnest(columns, rows)}${onConflict}`;
}

/**
 * Several writes in one round trip: `WITH w0 AS (…), w1 AS (…) SELECT 1`. PostgreSQL runs every data-modifying WITH
 * part exactly once, all on one snapshot, with foreign keys checked at the statement's end — so the parts must not
 * touch the same row, nor read what another part writes. Each round trip to the database costs the process more CPU
 * than most of what the statement does (bench/capture-throughput, bench/http): a command's rows go out together.
 */
export async function executeTogether(tx: Tx, statements: readonly (Prisma.Sql | null)[]): Promise<void> {
  const parts = statements.filter((s): s is Prisma.Sql => s !== null);
  if (parts.length === 0) return;
  if (parts.length === 1) {
    await tx.$executeRaw(parts[0]!);
    return;
  }
  const ctes = parts.map((part, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${part})`);
  await tx.$executeRaw`WITH ${Prisma.join(ctes, ", ")} SELECT 1`;
}

/** An instant as a parameter, stored as UTC in a timestamp column (what the ORM writes). */
export function instantSql(at: Date | null): Prisma.Sql {
  return Prisma.sql`(${at ? at.toISOString() : null}::timestamptz AT TIME ZONE 'UTC')`;
}

const WALL_CLOCK_SQL = `(clock_timestamp() AT TIME ZONE 'UTC')`;

function castValue(column: string, type: string): string {
  return type === "timestamp" ? `(v."${column}"::timestamptz AT TIME ZONE 'UTC')` : `v."${column}"::${type}`;
}

function unnest(columns: string[], rows: Row[]): Prisma.Sql {
  const arrays = columns.map((c) => Prisma.sql`${rows.map((r) => asText(r[c]))}::text[]`);
  return Prisma.sql`unnest(${Prisma.join(arrays)}) AS v(${Prisma.raw(columns.map((c) => `"${c}"`).join(", "))})`;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
