import "server-only";
// One page of the admin queue. Keyset over the merged, ordered queue: the cursor is the position (category,
// severity, times, key) of the last item shown, and the next page starts at the first item ordered after it. An item
// that left the queue meanwhile (captured, resolved) does not shift the pages, and a new one appears where it belongs.
// The counts and the total are of the whole queue; only the page's items get their lessons loaded.
import { z } from "zod";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { attentionIndex, type DraftItem, withLessons } from "./queue";
import {
  type QueueCategory,
  type QueueItem,
  type QueuePosition,
  QUEUE_CATEGORIES,
  compareQueueItems,
  countByCategory,
  inCategory,
} from "./queue-types";

export const QUEUE_PAGE_SIZE = 50;

export interface QueuePage {
  now: Date;
  items: QueueItem[];
  /** items per category in the whole queue (an alert shown with its subject counts under alerts too) */
  counts: Record<QueueCategory, number>;
  /** items in the whole queue */
  total: number;
  /** items in the chosen category (the total when none is chosen) */
  matching: number;
  /** pass back as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
  /** more items exist than the queue read (see SOURCE_CAP) */
  truncated: boolean;
}

const ZPosition = z.object({
  key: z.string().min(1),
  category: z.enum(QUEUE_CATEGORIES),
  severity: z.enum(["CRITICAL", "WARNING", "INFO"]),
  since: z.number().int(),
  deadline: z.number().int().nullable(),
});

export function encodeCursor(p: QueuePosition): string {
  const plain = {
    key: p.key,
    category: p.category,
    severity: p.severity,
    since: p.since.getTime(),
    deadline: p.deadline?.getTime() ?? null,
  };
  return Buffer.from(JSON.stringify(plain)).toString("base64url");
}

export function decodeCursor(cursor: string): QueuePosition {
  let parsed: z.infer<typeof ZPosition>;
  try {
    parsed = ZPosition.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_INPUT", "This page link is not one the queue gave out. Open the queue from its first page.", {
      field: "cursor",
    });
  }
  return { ...parsed, since: new Date(parsed.since), deadline: parsed.deadline === null ? null : new Date(parsed.deadline) };
}

/** The items after `after` (all from the start when null), at most `limit`, and the position to continue from. */
export function pageAfter<T extends QueuePosition>(ordered: readonly T[], after: QueuePosition | null, limit: number, now: Date) {
  const start = after ? ordered.findIndex((i) => compareQueueItems(i, after, now) > 0) : 0;
  const page = start < 0 ? [] : ordered.slice(start, start + limit);
  const more = start >= 0 && start + limit < ordered.length;
  return { page, next: more ? page[page.length - 1]! : null };
}

export async function attentionPage(
  services: Pick<Services, "db" | "now" | "policy">,
  opts: { category?: QueueCategory; cursor?: string | null; limit?: number } = {},
): Promise<QueuePage> {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const { now, drafts, truncated } = await attentionIndex(services);
  const chosen: DraftItem[] = opts.category ? drafts.filter((d) => inCategory(d, opts.category!)) : drafts;
  const { page, next } = pageAfter(chosen, after, opts.limit ?? QUEUE_PAGE_SIZE, now);
  return {
    now,
    items: await withLessons(services.db, page),
    counts: countByCategory(drafts),
    total: drafts.length,
    matching: chosen.length,
    nextCursor: next ? encodeCursor(next) : null,
    truncated,
  };
}
