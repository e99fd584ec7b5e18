import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

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
];

export default config;
