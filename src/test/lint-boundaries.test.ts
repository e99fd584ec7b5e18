// The folder boundaries are lint rules (eslint.config.mjs, eslint/local-rules.mjs). Each is shown here refusing one
// tiny violation at a given path — and letting the allowed neighbour through — with the project's own ESLint config.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint();
}, 60_000);

/** The boundary messages ESLint gives for `code` placed at `filePath` (other rules' findings are not this test's). */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId?.startsWith("lessonpay/"))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("import boundaries", { timeout: 60_000 }, () => {
  it("production server code never imports the sandboxes", async () => {
    const code =
      'import "server-only";\nimport { SandboxControlClient } from "~/sandbox/control-client";\nexport const c = SandboxControlClient;\n';
    expect(await boundaryErrors("src/server/admin/invariants.ts", code)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Production code never imports the sandboxes/),
    ]);
    expect(await boundaryErrors("src/server/providers/stripe.integration.test.ts", code)).toEqual([]);
  });

  it("client components never import ~/server (type-only imports of the router types are fine)", async () => {
    const code = '"use client";\nimport { formatMoney } from "~/server/money";\nexport const f = formatMoney;\n';
    const errors = await boundaryErrors("src/components/admin/actions.tsx", code);
    expect(errors).toEqual([expect.stringMatching(/^lessonpay\/client-never-imports-server: ~\/server\/money: client code never imports/)]);
    const typeOnly = '"use client";\nimport type { AppRouter } from "~/server/api/root";\nexport type R = AppRouter;\n';
    expect(await boundaryErrors("src/components/admin/actions.tsx", typeOnly)).toEqual([]);
  });

  it("a UI module without a directive counts as client code unless it is a Next server entry or marked server-only", async () => {
    const code = 'import { getSessionUser } from "~/server/auth";\nexport const g = getSessionUser;\n';
    expect(await boundaryErrors("src/components/admin/wording.ts", code)).toHaveLength(1);
    expect(await boundaryErrors("src/app/admin/page.tsx", code)).toEqual([]);
    expect(await boundaryErrors("src/components/site-header.tsx", `import "server-only";\n${code}`)).toEqual([]);
  });

  it("src/cli never imports scripts/", async () => {
    const code = 'import { ensureDatabase } from "../../scripts/lib/database";\nexport const e = ensureDatabase;\n';
    expect(await boundaryErrors("src/cli/cli-services.ts", code)).toEqual([expect.stringMatching(/src\/cli never imports scripts\//)]);
  });

  it("test helpers stay with the tests", async () => {
    const code = 'import "server-only";\nimport { testServices } from "~/test/services";\nexport const t = testServices;\n';
    expect(await boundaryErrors("src/server/lessons/book-lesson.ts", code)).toEqual([
      expect.stringMatching(/Test helpers \(src\/test\) are for tests/),
    ]);
    for (const allowed of ["src/server/lessons/book-lesson.test.ts", "bench/finalize.ts", "scripts/sandbox-journey.ts", "src/test/x.ts"]) {
      expect(await boundaryErrors(allowed, code)).toEqual([]);
    }
  });

  it("src/shared stays pure, and src/lib does not come back", async () => {
    for (const source of ["~/server/errors", "node:crypto", "react", "server-only", "~/generated/prisma/client"]) {
      expect(await boundaryErrors("src/shared/money.ts", `import "${source}";\n`)).toEqual([
        expect.stringMatching(/src\/shared is pure code for both the browser and the server/),
      ]);
    }
    expect(await boundaryErrors("src/shared/format.ts", 'import { formatMoney } from "./money";\nexport const f = formatMoney;\n')).toEqual(
      [],
    );
    expect(await boundaryErrors("src/app/page.tsx", 'import { money } from "~/lib/format";\nexport const m = money;\n')).toEqual([
      expect.stringMatching(/src\/lib is gone/),
    ]);
  });

  it('every server module starts with import "server-only"', async () => {
    const code = "export const answer = 42;\n";
    expect(await boundaryErrors("src/server/money.ts", code)).toEqual([
      expect.stringMatching(/Start this server module with import "server-only"/),
    ]);
    expect(await boundaryErrors("src/server/money.ts", `import "server-only";\n${code}`)).toEqual([]);
    expect(await boundaryErrors("src/server/money.test.ts", code)).toEqual([]);
  });
});
