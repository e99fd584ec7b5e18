import "server-only";
/**
 * 1. CONTEXT — what every procedure can use (services, the signed-in user, after-response work), and what each
 *    role's handlers receive.
 * 2. INITIALIZATION — tRPC with superjson and an error formatter that names fields.
 * 3. ERRORS — the one mapping from a service's AppError to a tRPC error.
 * 4. PROCEDURES — public, protected, and one per role.
 * (Sections as in create-t3-app; the router files only wire schemas to handlers, as in cal.com.)
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError } from "zod";
import type { SessionUser } from "~/server/auth";
import type { Services } from "~/server/services";
import { type AppErrorCode, isAppError } from "~/server/errors";
import { busyError } from "~/server/http/busy";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { Actor } from "~/server/lifecycle/types";
import { requestKind } from "~/server/request-limits/limits";
import type { RequestLimiter } from "~/server/request-limits/request-limiter";

// 1. CONTEXT ----------------------------------------------------------------
export interface Context {
  services: Services;
  user: SessionUser | null;
  headers: Headers;
  /** work to do after the response is sent (Next's `after()`): e.g. performing outbox operations */
  afterResponse: (task: () => Promise<unknown>) => void;
  /** the client's address as the proxy reports it (null: unknown, e.g. a server-side caller) */
  clientAddress: string | null;
  /** per-user and per-address budgets (null: none, for in-process callers such as tests of other rules) */
  requestLimiter: RequestLimiter | null;
}

/** A handler behind `protectedProcedure`, `studentProcedure` or `tutorProcedure`: someone is signed in. */
export type AuthedContext = Omit<Context, "user"> & { user: SessionUser };
/** A handler behind `adminProcedure`: the admin is also the actor the lifecycle and the audit log record. */
export type AdminContext = AuthedContext & { actor: Actor };

// 2. INITIALIZATION ------------------------------------------------------------
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? Object.fromEntries(
            Object.entries(
              cause.issues.reduce<Record<string, string[]>>((acc, i) => {
                const key = i.path.join(".") || "input";
                (acc[key] ??= []).push(i.message);
                return acc;
              }, {}),
            ),
          )
        : null;
    const appCode = isAppError(cause) ? cause.code : null;
    const hideInternal = process.env.NODE_ENV === "production" && error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: hideInternal
        ? "Something went wrong on our side. Nothing was changed; please try again."
        : fieldErrors
          ? Object.entries(fieldErrors)
              .map(([k, v]) => `${k}: ${v.join(", ")}`)
              .join("; ")
          : shape.message,
      data: {
        ...shape.data,
        stack: hideInternal ? undefined : shape.data.stack,
        fieldErrors,
        appCode,
        details: isAppError(cause) ? cause.details : null,
      },
    };
  },
});

// 3. ERRORS -----------------------------------------------------------------------
const APP_TO_TRPC: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RULE_VIOLATION: "PRECONDITION_FAILED",
  PROVIDER_ERROR: "BAD_GATEWAY",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};

/**
 * Turns AppError from services into the matching tRPC error: the one mapping, so every procedure answers alike. A
 * saturated database pool or provider budget (after its bounded wait) becomes RATE_LIMITED with a sentence and a
 * retryAfterSeconds, never the driver's error.
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = busyError(result.error.cause) ?? result.error.cause;
    if (isAppError(cause)) throw new TRPCError({ code: APP_TO_TRPC[cause.code], message: cause.message, cause });
  }
  return result;
});

/** Spends the call's request budget (per user and per address, shared through PostgreSQL) before any work. */
const requestLimits = t.middleware(async ({ ctx, path, type, next }) => {
  if (ctx.requestLimiter)
    await ctx.requestLimiter.spend(requestKind(path, type), { userId: ctx.user?.id ?? null, address: ctx.clientAddress });
  return next();
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 4. PROCEDURES ------------------------------------------------------------------
export const publicProcedure = t.procedure.use(appErrors).use(requestLimits);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

function roleProcedure(role: SessionUser["role"], label: string) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (ctx.user.role !== role) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Only ${label} can do this.` });
    }
    return next({ ctx });
  });
}

export const studentProcedure = roleProcedure("STUDENT", "students");
export const tutorProcedure = roleProcedure("TUTOR", "tutors");
export const adminProcedure = roleProcedure("ADMIN", "admins")
  .use(({ ctx, next }) => next({ ctx: { ...ctx, actor: { type: "ADMIN", id: ctx.user.id } satisfies Actor } }))
  .use(async ({ ctx, type, next }) => {
    const result = await next();
    // An admin's action writes messages in its transaction (a refund's receipt, a cancelled destination change): they
    // go right after the response, as a participant's do, rather than on the next cron tick (which stays the guarantee).
    if (result.ok && type === "mutation")
      ctx.afterResponse(() => sendDueNotifications(ctx.services, { workerId: "after-response", max: 50 }));
    return result;
  });
