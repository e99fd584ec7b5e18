// Keyset pagination for the admin lists (newest first, by id cursor): read one row more than the page to know whether
// another page follows, and hand back the last row shown as the next page's cursor.
import "server-only";

/** findMany arguments for one page after `cursor`. */
export function pageArgs(p: { cursor?: string; take: number }) {
  return { take: p.take + 1, ...(p.cursor ? { cursor: { id: p.cursor }, skip: 1 } : {}) };
}

/** The page, and the cursor of the next one (null on the last page), from rows read with pageArgs. */
export function pageOf<T extends { id: string }>(rows: T[], take: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, take);
  return { page, nextCursor: rows.length > take ? page[page.length - 1]!.id : null };
}
