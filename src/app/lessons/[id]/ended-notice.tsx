"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import type { LessonDto } from "~/trpc/api-types";
import { lessonStatusText } from "~/components/lessons/lesson-wording";

/** Once the call is over: the same truthful account of what happened on both sides, and what happens to the money. */
export function EndedNotice({ lesson, viewer, now }: { lesson: LessonDto; viewer: Viewer; now: Date }) {
  const price = viewer.money(lesson.priceAmount, lesson.currency);
  const who = (p: "STUDENT" | "TUTOR" | null) =>
    p === null ? "Someone" : p === lesson.viewer ? "You" : p === "TUTOR" ? lesson.tutor.name : lesson.student.name;
  if (lesson.status === "ENDED_EARLY") {
    return (
      <div className="notice warn" data-testid="ended-notice">
        <p>
          <strong>{who(lesson.endedBy)} ended the call</strong>
          {lesson.callEndedAt ? ` at ${viewer.clockTime(lesson.callEndedAt)}` : ""}, before the scheduled end.
        </p>
        <p>
          Ended early — settled after the scheduled end, at {viewer.dateTimeWithZone(lesson.finalizeDueAt)}.{" "}
          {lesson.viewer === "STUDENT"
            ? `A lesson ended early is charged its full price (${price}). If something went wrong, report a problem.`
            : `Ending early does not reduce your pay for this lesson.`}
        </p>
      </div>
    );
  }
  if (lesson.status === "COMPLETED" || lesson.status === "NO_SHOW" || lesson.status === "CANCELLED") {
    const words = lessonStatusText(lesson, { now, money: (a) => viewer.money(a, lesson.currency), time: viewer.dateTimeWithZone });
    return (
      <div className={`notice ${lesson.status === "COMPLETED" ? "ok" : "warn"}`} data-testid="ended-notice">
        <p>
          <strong>{words.text}</strong>
        </p>
      </div>
    );
  }
  return null;
}
