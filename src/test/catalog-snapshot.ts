import pg from "pg";

// A comparable description of a database's schema, read from PostgreSQL's catalogs.
// The wasm schema engine cannot introspect a live database, so drift is detected
// by building one database from the migrations folder and one from schema.prisma
// and comparing these snapshots. Hand-written objects (named manual_*) and
// Prisma's own bookkeeping table are left out: schema.prisma cannot describe them.

export async function catalogSnapshot(url: string): Promise<string[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => JSON.stringify(r));
    const columns = await q(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
             character_maximum_length, numeric_precision, datetime_precision
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`);
    const enums = await q(`
      SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
      GROUP BY t.typname ORDER BY t.typname`);
    const indexes = await q(`
      SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE 'manual_%'
      ORDER BY tablename, indexname`);
    const constraints = await q(`
      SELECT cl.relname AS table_name, co.conname, co.contype, pg_get_constraintdef(co.oid) AS def
      FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'
      WHERE cl.relname <> '_prisma_migrations' AND co.conname NOT LIKE 'manual_%'
      ORDER BY cl.relname, co.conname`);
    return [
      ...columns.map((r) => `column ${r}`),
      ...enums.map((r) => `enum ${r}`),
      ...indexes.map((r) => `index ${r}`),
      ...constraints.map((r) => `constraint ${r}`),
    ];
  } finally {
    await c.end();
  }
}
