import { unsubscribePage, unsubscribePost } from "~/server/notifications/unsubscribe-http";
import { appServices } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return unsubscribePage(await appServices(), new URL(request.url));
}

export async function POST(request: Request) {
  return unsubscribePost(await appServices(), request);
}
