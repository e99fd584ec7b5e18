"use client";

import Link from "next/link";
import type { Viewer } from "~/components/hooks/use-viewer";
import { CancelLessonButton } from "~/components/lessons/cancel-lesson-button";
import { LessonStatus } from "~/components/lessons/lesson-status";
import { ProblemReportControls } from "~/components/lessons/problem-report-controls";
import type { LessonDto } from "~/trpc/api-types";

export function LessonListItem({
  lesson,
  viewer,
  now,
  onResult,
}: {
  lesson: LessonDto;
  viewer: Viewer;
  now: Date;
  /** shown by the page, which outlives this row (see MyLessons) */
  onResult: (message: string) => void;
}) {
  const other = lesson.viewer === "STUDENT" ? lesson.tutor.name : lesson.student.name;
  const setResult = (text: string) =>
    onResult(`Lesson with ${other}, ${viewer.timeRange(lesson.scheduledStart, lesson.scheduledEnd)}: ${text}`);
  return (
    <li className="card lesson-item" data-testid="lesson-item" data-lesson-id={lesson.id}>
      <h3>
        <Link href={`/lessons/${lesson.id}`}>Lesson with {other}</Link>
      </h3>
      <p style={{ margin: 0 }}>
        {viewer.timeRange(lesson.scheduledStart, lesson.scheduledEnd)} · {lesson.durationMinutes} min ·{" "}
        {viewer.money(lesson.priceAmount, lesson.currency)}
      </p>
      <LessonStatus lesson={lesson} viewer={viewer} now={now} />
      <div className="row">
        <Link className="button secondary" href={`/lessons/${lesson.id}`}>
          Open lesson page
        </Link>
        {lesson.cancellation.allowed && now < lesson.scheduledStart && (
          <CancelLessonButton lesson={lesson} viewer={viewer} onDone={setResult} />
        )}
        <ProblemReportControls lesson={lesson} viewer={viewer} onDone={setResult} />
      </div>
    </li>
  );
}
