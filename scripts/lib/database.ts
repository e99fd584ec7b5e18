// The database a runner uses lives in src/server/db/ensure-database.ts (the ops CLI needs it too); this module adds
// the runners' shutdown handling.
export { type DatabaseHandle, EMBEDDED_DB_NAME, ensureDatabase } from "../../src/server/db/ensure-database";

/** Stop `cleanup` on Ctrl-C, SIGTERM and normal exit, exactly once. */
export function onShutdown(cleanup: () => Promise<void>): void {
  let running: Promise<void> | undefined;
  const run = (code: number) => {
    running ??= cleanup()
      .catch((e) => console.error("shutdown:", e))
      .finally(() => process.exit(code));
  };
  process.once("SIGINT", () => run(130));
  process.once("SIGTERM", () => run(143));
  process.once("SIGHUP", () => run(129));
}
