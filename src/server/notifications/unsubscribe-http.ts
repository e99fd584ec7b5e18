import "server-only";
// The page behind the link at the foot of every email, without signing in (the signed token is the proof):
//   GET  — for an optional category, a page saying what the button turns off (a GET never changes anything: mail
//          scanners follow links); for a transactional one, why it cannot be turned off, and the account page;
//   POST — turns an optional category off: the page's button, and RFC 8058 one-click from mail clients
//          (body "List-Unsubscribe=One-Click", cross-origin by design, so no same-origin check here). A transactional
//          category's token turns nothing off.
import type { Services } from "~/server/services";
import type { NotificationCategory } from "./kinds";
import { readFooterToken, unsubscribeWithToken } from "./unsubscribe";

const LABEL: Record<NotificationCategory, string> = {
  reminders: "lesson reminders",
  marketing: "news and offers",
  lessons: "messages about your lessons",
  receipts: "receipts and refunds",
  payouts: "messages about your earnings and payouts",
  security: "security messages",
  alerts: "CRITICAL alerts",
};

/** Why each transactional category always goes. */
const WHY_ALWAYS: Record<Exclude<NotificationCategory, "reminders" | "marketing">, string> = {
  lessons:
    "They tell you that a lesson was booked, cancelled or ended early: what happens to a lesson you pay for or teach, and to the hold on a card.",
  receipts: "They are the record of what you were charged or refunded, and when.",
  payouts: "They tell you where your earnings are, when a payout was sent, and what to fix when one failed or came back.",
  security:
    "They tell you when something about your account changed, such as where your payouts go, so that you can act if it was not you.",
  alerts: "They go to every admin because someone has to act now (a card hold about to lapse, a discrepancy with a provider).",
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, status = 200) {
  return new Response(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
      `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}

const notConfigured = () => page("Unavailable", "<p>Messages are not configured here.</p>", 503);
const accountLink = (appUrl: string, label: string) => `<a href="${escapeHtml(`${appUrl}/account`)}">${label}</a>`;

export function unsubscribePage(services: Pick<Services, "notify">, url: URL): Response {
  if (!services.notify) return notConfigured();
  const { appUrl, signingSecret } = services.notify;
  const token = url.searchParams.get("token") ?? "";
  const t = readFooterToken(token, signingSecret);
  if (!t)
    return page(
      "Link not valid",
      `<p>This link is not valid. You can change your settings on ${accountLink(appUrl, "your account page")}.</p>`,
      400,
    );
  if (t.category === "reminders" || t.category === "marketing")
    return page(
      "Unsubscribe",
      `<p>Stop emailing you ${LABEL[t.category]}? Receipts and messages about your money and account still come.</p>` +
        `<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Unsubscribe</button></form>`,
    );
  return page(
    "These messages cannot be turned off",
    `<p>You always get ${LABEL[t.category]}. ${WHY_ALWAYS[t.category]}</p>` +
      `<p>Lesson reminders can be turned off, and every message is also listed on ${accountLink(appUrl, "your account page")}.</p>`,
  );
}

export async function unsubscribePost(services: Pick<Services, "db" | "now" | "notify">, request: Request): Promise<Response> {
  if (!services.notify) return notConfigured();
  const url = new URL(request.url);
  const form = await request.formData().catch(() => null);
  const token = url.searchParams.get("token") ?? (form?.get("token") as string | null) ?? "";
  const done = await unsubscribeWithToken(services.db, token, services.notify.signingSecret, services.now());
  if (!done) {
    const t = readFooterToken(token, services.notify.signingSecret);
    return t
      ? page("These messages cannot be turned off", `<p>You always get ${LABEL[t.category]}: nothing was changed.</p>`, 400)
      : page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 400);
  }
  return page(
    "Unsubscribed",
    `<p>You will no longer get ${LABEL[done.category]} by email. You can turn them back on from ${accountLink(services.notify.appUrl, "your account page")}.</p>`,
  );
}
