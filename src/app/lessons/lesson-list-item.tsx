"use client";

import Link from "next/link";
import type { Viewer } from "~/components/hooks/use-viewer";
import { CancelLessonButton } from "~/components/lessons/cancel-lesson-button";
import { LessonStatus } from "~/components/lessons/lesson-status";
import { ReportProblemButton } from "~/components/lessons/report-problem-button";
import type { LessonDto } from "~/trpc/api-types";
import { canReportProblem, problemReportDeadline } from "~/lib/problem-report-window";

export function LessonListItem({
  lesson,
  viewer,
  now,
  problemReportWindowMs,
  onResult,
}: {
  lesson: LessonDto;
  viewer: Viewer;
  now: Date;
  problemReportWindowMs: number;
  /** shown by the page, which outlives this row (see MyLessons) */
  onResult: (message: string) => void;
}) {
  const other = lesson.viewer === "STUDENT" ? lesson.tutor.name : lesson.student.name;
  const setResult = (text: string) =>
    onResult(`Lesson with ${other}, ${viewer.timeRange(lesson.scheduledStart, lesson.scheduledEnd)}: ${text}`);
  const deadline = problemReportDeadline(lesson, problemReportWindowMs);
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
        {lesson.problemReport && (
          <span className="badge" role="status">
            Problem reported —{" "}
            {lesson.problemReport.status === "OPEN"
              ? "our team is looking at it"
              : `resolved (${lesson.problemReport.status.toLowerCase().replace("_", " ")})`}
          </span>
        )}
        {lesson.viewer === "STUDENT" && canReportProblem(lesson, now, problemReportWindowMs) && (
          <ReportProblemButton lessonId={lesson.id} deadlineText={viewer.dateTimeWithZone(deadline)} onDone={setResult} />
        )}
      </div>
    </li>
  );
}
