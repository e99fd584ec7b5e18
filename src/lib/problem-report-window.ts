// When a student may report a problem: from the start of the lesson until the window
// (72 h by default, passed in from the server's policy) after the scheduled end.
// Cancelled lessons have nothing to dispute: nothing or only a late fee was charged.

interface LessonTimes {
  status: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  /** set once the student has reported: one report per lesson */
  problemReport?: { status: string } | null;
}

export function problemReportDeadline(lesson: Pick<LessonTimes, "scheduledEnd">, windowMs: number): Date {
  return new Date(lesson.scheduledEnd.getTime() + windowMs);
}

export function canReportProblem(lesson: LessonTimes, now: Date, windowMs: number): boolean {
  if (lesson.status === "CANCELLED" || lesson.problemReport) return false;
  return now >= lesson.scheduledStart && now <= problemReportDeadline(lesson, windowMs);
}
