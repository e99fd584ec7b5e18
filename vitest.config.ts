import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `import "server-only"` marks every server module (Next refuses it in a client bundle); tests run server code in
// Node, where the marker is a no-op. Scripts get the same through tsx --conditions=react-server (package.json).
const alias = {
  "~": fileURLToPath(new URL("./src", import.meta.url)),
  "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
};

// Two projects so `npm test` can run pure units first and fail fast before
// paying for databases and sandboxes.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["src/**/*.integration.test.ts", "scripts/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["./src/test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database, so files may run in parallel.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
