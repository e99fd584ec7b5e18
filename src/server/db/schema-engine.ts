import "server-only";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// The ONE place that touches Prisma's internal wasm schema engine
// (@prisma/schema-engine-wasm, pinned to the engine hash of our prisma CLI).
// Prisma's native schema engine is downloaded at run time from Prisma's servers,
// which are unreachable here, so migrations are diffed and applied through the
// wasm build instead. It is an internal API: schema-engine.integration.test.ts
// exercises every call we make, so a version bump fails loudly here and only here.
// Known limit: anything that introspects a live database fails in this build
// ("Column type 'char' could not be deserialized"), so we never ask it to.

interface WasmMigrationDirectory {
  path: string;
  migrationFile: { path: string; content: { tag: "ok"; value: string } | { tag: "error"; value: string } };
}
export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: WasmMigrationDirectory[];
}
interface WasmEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
}

const filters = { externalTables: [], externalEnums: [] };
let loaded: Promise<{ SchemaEngine: { new: (o: unknown, cb: (l: string) => void, a: unknown) => Promise<WasmEngine> } }> | undefined;

async function loadWasm() {
  // The package's own entry imports the .wasm file as an ES module, which Node 20
  // cannot do; instantiate the bytes ourselves and hand them to the bindings.
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(bgPath)) as Record<string, unknown> & {
      __wbg_set_wasm(exports: unknown): void;
      SchemaEngine: { new: (o: unknown, cb: (l: string) => void, a: unknown) => Promise<WasmEngine> };
    };
    const bytes = readFileSync(bgPath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg } as WebAssembly.Imports);
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    // Panics in the engine report through this global; surface them as errors.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    return bg;
  })();
  return loaded;
}
let lastPanic: string | undefined;

export interface SchemaEngineHandle {
  /** SQL that turns an empty database into one matching `schema` */
  sqlFromEmpty(schema: string): Promise<string>;
  /** SQL that turns a database matching `from` into one matching `to` ("" when equal) */
  sqlBetween(from: string, to: string): Promise<string>;
  /** apply pending migrations, recording them in _prisma_migrations as Prisma does */
  applyMigrations(list: MigrationList): Promise<string[]>;
  close(): Promise<void>;
}

export async function openSchemaEngine(connectionString: string, schema: string): Promise<SchemaEngineHandle> {
  const bg = await loadWasm();
  // The engine does not close the connections it opened; we do, or the database stays "in use".
  const opened: ScriptingAdapter[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(
    wholeScriptAdapter(new PrismaPg({ connectionString }), opened) as unknown as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0],
  );
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter).catch((e: unknown) => {
    throw withPanic(e);
  });
  const datamodel = (content: string) => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
  const diff = async (from: unknown, to: unknown) => {
    const r = await engine.diff({ from, to, script: true, exitCode: null, filters }).catch((e: unknown) => {
      throw withPanic(e);
    });
    return r.stdout ?? "";
  };
  return {
    sqlFromEmpty: (s) => diff({ tag: "empty" }, datamodel(s)),
    sqlBetween: (from, to) => diff(datamodel(from), datamodel(to)),
    async applyMigrations(list) {
      const out = await engine.applyMigrations({ migrationsList: list, filters }).catch((e: unknown) => {
        throw withPanic(e);
      });
      return out.appliedMigrationNames;
    },
    async close() {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
    },
  };
}

interface ScriptingAdapter {
  executeScript(script: string): Promise<void>;
  dispose(): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(e: unknown): never;
}

/**
 * @prisma/adapter-pg 7.10 runs a migration by splitting it on ";" — which breaks any
 * statement holding a semicolon (a plpgsql function body, a string literal). The
 * native engine sends the script whole; so do we: one simple-protocol query, which
 * PostgreSQL also runs atomically.
 */
function wholeScriptAdapter(factory: PrismaPg, opened: ScriptingAdapter[]): PrismaPg {
  const patch = (adapter: ScriptingAdapter) => {
    opened.push(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.client.query(script);
      } catch (e) {
        adapter.onError(e);
      }
    };
    return adapter;
  };
  const f = factory as unknown as { connect(): Promise<ScriptingAdapter>; connectToShadowDb(): Promise<ScriptingAdapter> };
  const connect = f.connect.bind(f);
  const shadow = f.connectToShadowDb.bind(f);
  f.connect = async () => patch(await connect());
  f.connectToShadowDb = async () => patch(await shadow());
  return factory;
}

function withPanic(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (lastPanic) err.message += `\n(schema engine panic: ${lastPanic})`;
  lastPanic = undefined;
  return err;
}

/** An empty diff still prints a comment; treat comment-only SQL as "no change". */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split("\n")
    .map((l) => l.trim())
    .every((l) => l === "" || l.startsWith("--"));
}
