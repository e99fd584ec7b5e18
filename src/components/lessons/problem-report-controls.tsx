"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import type { LessonDto } from "~/trpc/api-types";
import { ReportProblemButton } from "./report-problem-button";

/**
 * A lesson's problem report: the report's state once there is one, else the button while the server says a report is
 * accepted (lesson.canReportProblem, decided by the same rule the procedure enforces; nothing is re-decided here).
 */
export function ProblemReportControls({
  lesson,
  viewer,
  onDone,
}: {
  lesson: Pick<LessonDto, "id" | "problemReport" | "canReportProblem" | "reportDeadline">;
  viewer: Viewer;
  onDone: (message: string) => void;
}) {
  return (
    <>
      {lesson.problemReport && (
        <span className="badge" role="status">
          Problem reported —{" "}
          {lesson.problemReport.status === "OPEN"
            ? "our team is looking at it"
            : `resolved (${lesson.problemReport.status.toLowerCase().replace("_", " ")})`}
        </span>
      )}
      {lesson.canReportProblem && (
        <ReportProblemButton lessonId={lesson.id} deadlineText={viewer.dateTimeWithZone(lesson.reportDeadline)} onDone={onDone} />
      )}
    </>
  );
}
