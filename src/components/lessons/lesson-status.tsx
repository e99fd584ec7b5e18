"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import type { LessonDto } from "~/trpc/api-types";
import { describeLesson } from "~/components/lessons/lesson-wording";

/** The lesson's state and its payment's state, in the words of lesson-wording.ts. */
export function LessonStatus({ lesson, viewer, now, live = false }: { lesson: LessonDto; viewer: Viewer; now: Date; live?: boolean }) {
  const words = describeLesson(lesson, {
    now,
    money: (amount) => viewer.money(amount, lesson.currency),
    time: (at) => viewer.dateTimeWithZone(at),
  });
  return (
    <div className="row" role={live ? "status" : undefined} aria-live={live ? "polite" : undefined} data-testid="lesson-status">
      <span className={`badge ${words.lesson.tone}`} data-testid="lesson-state">
        {words.lesson.text}
      </span>
      <span className={`badge ${words.payment.tone}`} data-testid="payment-state">
        {words.payment.text}
      </span>
    </div>
  );
}
