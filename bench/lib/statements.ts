// SQL statements the app sends, counted by pg_stat_statements in a benchmark's own PostgreSQL (started with
// STATEMENT_SETTINGS): what a request costs the database, whatever the machine's load does to the timings.
import type pg from "pg";

/** startEmbeddedPostgres settings that load pg_stat_statements (CREATE EXTENSION once connected: enableStatements). */
export const STATEMENT_SETTINGS = { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" };

export async function enableStatements(admin: pg.Client): Promise<void> {
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
}

export async function resetStatements(admin: pg.Client): Promise<void> {
  await admin.query("SELECT pg_stat_statements_reset()");
}

/** Statements sent to `dbName` since the last reset (the counting queries themselves left out). */
export async function statementCount(admin: pg.Client, dbName: string): Promise<number> {
  const r = await admin.query<{ n: string | null }>(
    `SELECT sum(calls)::text AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'`,
    [dbName],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** What the app sent to `dbName` since the last reset, most frequent first (for a person reading a benchmark's log). */
export async function printStatements(admin: pg.Client, dbName: string, title: string): Promise<void> {
  const r = await admin.query<{ calls: string; query: string }>(
    `SELECT calls::text, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements s
     JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'
     ORDER BY calls DESC LIMIT 15`,
    [dbName],
  );
  console.log(title);
  console.table(r.rows);
}
