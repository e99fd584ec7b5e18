import "server-only";
// Money math lives in src/shared/money.ts (the pages preview fee splits and refund reversals with the same functions);
// server modules keep importing it from here.
export * from "~/shared/money";
