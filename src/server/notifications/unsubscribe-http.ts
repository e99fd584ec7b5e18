import "server-only";
// The unsubscribe URL every optional-category email carries, without signing in (the signed token is the proof):
//   GET  — a page saying what the button turns off (a GET never changes anything: mail scanners follow links);
//   POST — turns the category off: the page's button, and RFC 8058 one-click from mail clients
//          (body "List-Unsubscribe=One-Click", cross-origin by design, so no same-origin check here).
import type { Services } from "~/server/services";
import { readUnsubscribeToken, unsubscribeWithToken } from "./unsubscribe";

const LABEL: Record<string, string> = { reminders: "lesson reminders", marketing: "news and offers" };

function page(title: string, body: string, status = 200) {
  return new Response(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
      `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}

const notConfigured = () => page("Unavailable", "<p>Messages are not configured here.</p>", 503);

export function unsubscribePage(services: Pick<Services, "notify">, url: URL): Response {
  if (!services.notify) return notConfigured();
  const token = url.searchParams.get("token") ?? "";
  const t = readUnsubscribeToken(token, services.notify.signingSecret);
  if (!t)
    return page("Link not valid", "<p>This unsubscribe link is not valid. You can change your settings on your account page.</p>", 400);
  return page(
    "Unsubscribe",
    `<p>Stop emailing you ${LABEL[t.category]}? Receipts and messages about your money and account still come.</p>` +
      `<form method="post"><input type="hidden" name="token" value="${token.replace(/"/g, "&quot;")}"><button type="submit">Unsubscribe</button></form>`,
  );
}

export async function unsubscribePost(services: Pick<Services, "db" | "now" | "notify">, request: Request): Promise<Response> {
  if (!services.notify) return notConfigured();
  const url = new URL(request.url);
  const form = await request.formData().catch(() => null);
  const token = url.searchParams.get("token") ?? (form?.get("token") as string | null) ?? "";
  const done = await unsubscribeWithToken(services.db, token, services.notify.signingSecret, services.now());
  if (!done) return page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 400);
  return page(
    "Unsubscribed",
    `<p>You will no longer get ${LABEL[done.category]} by email. You can turn them back on from your account page.</p>`,
  );
}
