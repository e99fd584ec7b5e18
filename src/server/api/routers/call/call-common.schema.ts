import { z } from "zod";

// Zod pieces the call procedures share (the lesson id reads like the lesson router's).
export const ZCallLessonId = z.string().uuid("lessonId: must be a lesson id");

/** A page's random session id (crypto.randomUUID in the browser). */
export const ZPeerId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "must be a page id (letters, digits and dashes)");
