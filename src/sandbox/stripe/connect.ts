// Connect: Express accounts and their hosted onboarding.
//
// `POST /v1/account_links` returns a URL on the sandbox itself. A GET on it plays
// the part of the tutor filling in Stripe's onboarding form: the account becomes
// details_submitted / charges_enabled / payouts_enabled, its capabilities turn
// active, `account.updated` is emitted and the browser is sent to `return_url`.
// As on Stripe, a link is single-use and expires after 5 minutes; an expired or
// used link redirects to `refresh_url` instead (the app must mint a new one).
import type { AccountObj, Json, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, listOf, optObject, optString, reqString } from "./params";
import { invalidParam, invalidRequest, missingParam, resourceMissing } from "./errors";
import { randomToken, stripeId } from "../shared/ids";

const LINK_TTL_MS = 5 * 60_000;

function requirements(due: string[]): Json {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length > 0 ? "requirements.past_due" : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

const ONBOARDING_FIELDS = [
  "business_profile.mcc",
  "business_profile.url",
  "external_account",
  "individual.dob.day",
  "individual.first_name",
  "individual.last_name",
  "tos_acceptance.date",
];

export function getAccount(ctx: StripeContext, id: string): AccountObj {
  const a = ctx.state.accounts.get(id);
  if (!a) throw resourceMissing("account", id);
  return a;
}

export function createAccount(ctx: StripeContext): Json {
  const p = ctx.params;
  const type = optString(p, "type");
  if (!type) throw missingParam("type");
  if (type !== "express") throw invalidParam("type", `The sandbox models Express accounts only, not '${type}'.`);
  const requested = optObject(p, "capabilities") ?? {};
  const capabilities: Record<string, string> = {};
  for (const name of Object.keys(requested)) capabilities[name] = "inactive";
  if (Object.keys(capabilities).length === 0) capabilities.transfers = "inactive";
  const account: AccountObj = {
    id: stripeId("acct"),
    object: "account",
    business_type: optString(p, "business_type") ?? null,
    capabilities,
    charges_enabled: false,
    controller: { type: "application", is_controller: true },
    country: (optString(p, "country") ?? "US").toUpperCase(),
    created: seconds(ctx.now),
    default_currency: (optString(p, "default_currency") ?? "usd").toLowerCase(),
    details_submitted: false,
    email: optString(p, "email") ?? null,
    metadata: applyMetadata({}, p),
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_FIELDS),
    type: "express",
  };
  ctx.state.accounts.set(account.id, account);
  return snapshot(account);
}

export function retrieveAccount(ctx: StripeContext): Json {
  return snapshot(getAccount(ctx, ctx.path.id ?? ""));
}

export function updateAccount(ctx: StripeContext): Json {
  const account = getAccount(ctx, ctx.path.id ?? "");
  const before = { metadata: { ...account.metadata } };
  account.metadata = applyMetadata(account.metadata, ctx.params);
  const email = optString(ctx.params, "email");
  if (email !== undefined) account.email = email || null;
  ctx.emit("account.updated", account, { previousAttributes: before });
  return snapshot(account);
}

export function listAccounts(ctx: StripeContext): Json {
  return listOf("/v1/accounts", [...ctx.state.accounts.values()].reverse().map(snapshot), ctx.params);
}

export function createAccountLink(ctx: StripeContext): Json {
  const p = ctx.params;
  const accountId = reqString(p, "account");
  if (!ctx.state.accounts.has(accountId))
    throw invalidRequest(`No such account: '${accountId}'`, { code: "resource_missing", param: "account" });
  const type = reqString(p, "type");
  if (type !== "account_onboarding" && type !== "account_update") throw invalidParam("type", `Invalid type: ${type}`);
  const refreshUrl = reqString(p, "refresh_url");
  const returnUrl = reqString(p, "return_url");
  for (const [name, url] of [
    ["refresh_url", refreshUrl],
    ["return_url", returnUrl],
  ] as const) {
    try {
      new URL(url);
    } catch {
      throw invalidParam(name, `Not a valid URL: ${url}`, "url_invalid");
    }
  }
  const token = randomToken(32);
  const expiresAt = ctx.now + LINK_TTL_MS;
  ctx.state.accountLinks.set(token, { token, account: accountId, refreshUrl, returnUrl, expiresAt, used: false });
  return {
    object: "account_link",
    created: seconds(ctx.now),
    expires_at: seconds(expiresAt),
    url: `${ctx.baseUrl}/connect/onboarding/${token}`,
  };
}

/** The onboarding page: returns where to redirect the browser, or null for an unknown link. */
export function visitOnboardingLink(ctx: StripeContext, token: string): string | null {
  const link = ctx.state.accountLinks.get(token);
  if (!link) return null;
  if (link.used || ctx.now > link.expiresAt) return link.refreshUrl;
  link.used = true;
  const account = ctx.state.accounts.get(link.account);
  if (!account) return link.refreshUrl;
  if (!account.details_submitted) {
    const previous: Json = {
      charges_enabled: account.charges_enabled,
      details_submitted: account.details_submitted,
      payouts_enabled: account.payouts_enabled,
      capabilities: { ...account.capabilities },
      requirements: snapshot(account.requirements),
    };
    account.details_submitted = true;
    account.charges_enabled = true;
    account.payouts_enabled = true;
    for (const name of Object.keys(account.capabilities)) account.capabilities[name] = "active";
    account.requirements = requirements([]);
    ctx.emit("account.updated", account, { previousAttributes: previous });
  }
  return link.returnUrl;
}
