"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import type { LessonDto } from "~/trpc/api-types";
import { duration } from "~/shared/format";

/** Who is in the room and how long the call has run; refreshed by the page's polling. */
export function PresencePanel({ lesson, viewer, now }: { lesson: LessonDto; viewer: Viewer; now: Date }) {
  const otherKey = lesson.viewer === "STUDENT" ? "tutor" : "student";
  const meKey = lesson.viewer === "STUDENT" ? "student" : "tutor";
  const otherName = lesson.viewer === "STUDENT" ? lesson.tutor.name : lesson.student.name;
  const otherState = lesson.presence[otherKey] ? "is in the room" : lesson.joined[otherKey] ? "left the room" : "hasn't joined yet";
  const running = lesson.callStartedAt && !lesson.callEndedAt && lesson.status === "IN_PROGRESS";
  return (
    <div className="card stack" style={{ margin: 0 }}>
      <h2 style={{ margin: 0 }}>Who&apos;s here</h2>
      <p style={{ margin: 0 }} data-testid="other-presence">
        <span className={`presence-dot${lesson.presence[otherKey] ? " on" : ""}`} aria-hidden />
        {otherName} {otherState}
      </p>
      <p style={{ margin: 0 }} data-testid="my-presence">
        <span className={`presence-dot${lesson.presence[meKey] ? " on" : ""}`} aria-hidden />
        You {lesson.presence[meKey] ? "are in the room" : "are not in the room"}
      </p>
      {running && lesson.callStartedAt && (
        <p style={{ margin: 0 }}>
          Call time{" "}
          <span className="big-number" data-testid="elapsed">
            {duration(now.getTime() - lesson.callStartedAt.getTime())}
          </span>
          <span className="muted"> · scheduled end {viewer.clockTime(lesson.scheduledEnd)}</span>
        </p>
      )}
      {lesson.callStartedAt && lesson.callEndedAt && (
        <p style={{ margin: 0 }} data-testid="call-length">
          The call lasted {duration(lesson.callEndedAt.getTime() - lesson.callStartedAt.getTime())}.
        </p>
      )}
    </div>
  );
}
