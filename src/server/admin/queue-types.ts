import "server-only";
// The queue's item shape, order and categories are pure and shared with the admin pages: src/shared/admin-queue.ts.
export * from "~/shared/admin-queue";
