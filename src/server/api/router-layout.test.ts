import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { appRouter } from "~/server/api/root";
import { checkRouterLayout } from "~/test/trpc-layout";

const here = fileURLToPath(new URL(".", import.meta.url));
const routersDir = join(here, "routers");

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return files;
}

const root = readFileSync(join(here, "root.ts"), "utf8");

describe("tRPC layout (src/server/api/routers)", () => {
  it("routers only wire, and every procedure has its schema and handler", () => {
    const report = checkRouterLayout(readTree(routersDir), root);
    expect(report.violations).toEqual([]);
    // Not vacuous: exactly the procedures the app serves were found and checked.
    const checked = report.procedures.map((p) => `${p.router}.${p.name}`).sort();
    expect(checked).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it("refuses a router that queries, a procedure without its pair, a handler that reads the database, and stray files", () => {
    const wired = `import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { getHandler } from "./get.handler";
import { ZGetInputSchema } from "./get.schema";
export const thingRouter = createTRPCRouter({
  get: protectedProcedure.input(ZGetInputSchema).query(({ ctx, input }) => getHandler({ ctx, input })),
});`;
    const schema = `import { z } from "zod";\nexport const ZGetInputSchema = z.void();\nexport type TGetInputSchema = z.infer<typeof ZGetInputSchema>;`;
    const handler = `type GetOptions = { ctx: AuthedContext; input: TGetInputSchema };\nexport const getHandler = ({ ctx }: GetOptions) => find(ctx.services);`;
    const mounted = `import { thingRouter } from "./routers/thing/_router";\nexport const appRouter = createTRPCRouter({ thing: thingRouter });`;
    const clean = new Map([
      ["thing/_router.ts", wired],
      ["thing/get.schema.ts", schema],
      ["thing/get.handler.ts", handler],
    ]);
    expect(checkRouterLayout(clean, mounted).violations).toEqual([]);

    const querying = wired.replace(
      "get: protectedProcedure.input(ZGetInputSchema).query(({ ctx, input }) => getHandler({ ctx, input })),",
      "get: protectedProcedure.input(ZGetInputSchema).query(async ({ ctx }) => await ctx.services.db.user.findMany()),\n  list: protectedProcedure.query(({ ctx, input }) => listHandler({ ctx, input })),",
    );
    const broken = new Map([
      ["thing/_router.ts", querying],
      ["thing/get.schema.ts", schema],
      ["thing/get.handler.ts", handler.replace("find(ctx.services)", "ctx.db.user.findMany()")],
      ["thing/helpers.ts", "export const x = 1;"],
      ["thing/old.schema.ts", schema],
    ]);
    const { violations } = checkRouterLayout(broken, "export const appRouter = createTRPCRouter({});");
    const has = (text: string) =>
      expect(
        violations.some((v) => v.includes(text)),
        `${text} in:\n${violations.join("\n")}`,
      ).toBe(true);
    has("thing/_router.ts: awaits something");
    has("thing/_router.ts: reaches the database");
    has("get: the resolver must be ({ ctx, input }) => getHandler({ ctx, input })");
    has("list: .input(ZListInputSchema) is missing");
    has("thing/list.schema.ts: missing");
    has("thing/list.handler.ts: missing");
    has("thing/get.handler.ts: reads ctx.db");
    has("thing/get.handler.ts: calls a Prisma model");
    has("thing/helpers.ts: is not a _router.ts");
    has("thing/old.schema.ts: belongs to no procedure");
    has("is not mounted in root.ts");
  });
});
