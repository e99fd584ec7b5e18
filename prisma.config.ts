import { defineConfig } from "prisma/config";

// Used by the prisma CLI (generate; and migrate deploy where Prisma's native engine
// can be downloaded). Offline, scripts/db.ts migrates through the wasm engine instead.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused-by-generate" },
});
