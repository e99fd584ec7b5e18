// OAuth2 client credentials: `POST /v1/oauth2/token` with Basic auth (any
// non-empty id and secret in the sandbox) issues a bearer token. Tokens expire on
// the sandbox clock, so advancing time past `expires_in` makes the API answer 401
// and the SDK fetch a fresh token, as it does against PayPal.
import type { IncomingMessage } from "node:http";
import type { PayPalContext } from "./state";
import { randomToken } from "../shared/ids";

export function issueToken(ctx: PayPalContext, req: IncomingMessage, body: string): { status: number; body: unknown } {
  const header = req.headers.authorization ?? "";
  const decoded = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : "";
  const sep = decoded.indexOf(":");
  const clientId = sep > 0 ? decoded.slice(0, sep) : "";
  const secret = sep > 0 ? decoded.slice(sep + 1) : "";
  if (!clientId || !secret) {
    return { status: 401, body: { error: "invalid_client", error_description: "Client Authentication failed" } };
  }
  const grant = new URLSearchParams(body).get("grant_type");
  if (grant !== "client_credentials") {
    return { status: 400, body: { error: "unsupported_grant_type", error_description: "Grant Type is NULL or unsupported" } };
  }
  const token = `A21AA${randomToken(60)}`;
  ctx.state.tokens.set(token, ctx.now + ctx.config.tokenLifetimeSec * 1000);
  ctx.state.counters.tokensIssued++;
  return {
    status: 200,
    body: {
      scope: "https://uri.paypal.com/services/payments/payouts",
      access_token: token,
      token_type: "Bearer",
      app_id: `APP-SANDBOX${randomToken(6, "0123456789")}`,
      expires_in: ctx.config.tokenLifetimeSec,
      nonce: `${new Date(ctx.now).toISOString()}${randomToken(20)}`,
    },
  };
}

export function bearerValid(ctx: PayPalContext, req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ")) return false;
  const expiry = ctx.state.tokens.get(header.slice(7).trim());
  return expiry !== undefined && ctx.now < expiry;
}
