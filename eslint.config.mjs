import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import { lessonpayRules } from "./eslint/local-rules.mjs";

// ---------------------------------------------------------------------------------------------------------------
// Boundaries: which folder may import which (README "How it is built"). Flat config replaces a rule's options rather
// than merging them, so each group of files below gets the whole list of restrictions that applies to it.
const FORBID = {
  lib: {
    regex: "^~/lib(/|$)",
    message: "src/lib is gone: pure code shared by browser and server is in ~/shared, browser-only code next to its components.",
  },
  testHelpers: {
    regex: "^(~/test|(\\.\\.?/)+(.+/)?test)(/|$)",
    message: "Test helpers (src/test) are for tests, benchmarks and scripts only: production code never imports them.",
  },
  sandbox: {
    regex: "^(~/sandbox|(\\.\\.?/)+(.+/)?sandbox)(/|$)",
    message:
      "Production code never imports the sandboxes: depend on an interface in src/server and let the sandbox implement it (see src/server/admin/provider-counters.ts).",
  },
  scripts: {
    regex: "^(\\.\\.?/)+(.+/)?scripts(/|$)",
    message: "src/cli never imports scripts/: what both need belongs in src/server (e.g. src/server/db).",
  },
  // src/shared is imported by the browser and the server alike: plain TypeScript, nothing that only one side has.
  sharedOnlyPure: {
    regex: "^(~/(server|sandbox|components|app|trpc|generated)(/|$)|node:|react($|/|-dom)|next($|/)|@prisma/|server-only$|\\.\\./)",
    message: "src/shared is pure code for both the browser and the server: no server, sandbox, UI, Prisma, node: or React imports.",
  },
};
const TEST_FILES = ["**/*.test.ts", "src/test/**", "e2e/**", "bench/**", "scripts/**"];
const restrict = (files, ignores, ...forbidden) => ({
  files,
  ignores,
  rules: { "no-restricted-imports": ["error", { patterns: forbidden.map((f) => ({ ...f })) }] },
});
const boundaries = [
  // everything: src/lib stays gone; production code leaves the test helpers alone
  restrict(["**/*.{ts,tsx,mts,mjs}"], TEST_FILES, FORBID.lib, FORBID.testHelpers),
  restrict(TEST_FILES, [], FORBID.lib),
  // the app, its server and its UI never reach for the sandboxes (src/instrumentation.ts wires them in dev)
  restrict(
    ["src/**"],
    [...TEST_FILES, "src/sandbox/**", "src/cli/**", "src/instrumentation.ts"],
    FORBID.lib,
    FORBID.testHelpers,
    FORBID.sandbox,
  ),
  restrict(["src/cli/**"], TEST_FILES, FORBID.lib, FORBID.testHelpers, FORBID.scripts),
  restrict(["src/shared/**"], TEST_FILES, FORBID.lib, FORBID.testHelpers, FORBID.sandbox, FORBID.sharedOnlyPure),
  {
    // browser-reachable modules never import the server: decided by the file's "use client" / "server-only" (local rule)
    files: ["src/app/**/*.{ts,tsx}", "src/components/**/*.{ts,tsx}", "src/trpc/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    plugins: { lessonpay: lessonpayRules },
    rules: { "lessonpay/client-never-imports-server": "error" },
  },
  {
    // every server module says so, so that Next refuses it in a browser bundle (tests and tsx run it as a no-op)
    files: ["src/server/**/*.ts", "src/env.ts"],
    ignores: ["**/*.test.ts"],
    plugins: { lessonpay: lessonpayRules },
    rules: { "lessonpay/server-only-first": "error" },
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  // Formatting is Prettier's (checked in the lint stage); ESLint keeps to behaviour.
  prettier,
  {
    ignores: [".next/**", "node_modules/**", "src/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Business code takes time from a Clock (see src/server/clock.ts), never from Date.now().
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Use the Clock passed in (src/server/clock.ts).",
        },
      ],
    },
  },
  {
    // Outside the business layer (scripts, sandboxes, tests, UI), wall-clock time is fine.
    files: [
      "scripts/**",
      "src/sandbox/**",
      "bench/**",
      "e2e/**",
      "**/*.test.ts",
      "src/test/**",
      "src/app/**",
      "src/components/**",
      "src/cli/**",
      "src/server/auth/**",
      "src/server/db/**",
      "prisma/**",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  ...boundaries,
];

export default config;
