import "server-only";
// The lesson's calendar invite (ical-generator). Times are written in UTC ("…Z"), which every calendar converts to
// its own zone, so a lesson across a daylight-saving change lands at the right local hour. One UID per lesson for the
// life of the invite: the cancellation is the same UID with METHOD:CANCEL and a higher SEQUENCE, which calendars
// apply to the event they already hold.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface InviteInput {
  lessonId: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  url: string;
  organizerEmail: string;
  attendee: { name: string; email: string };
  method: "REQUEST" | "CANCEL";
  sequence: number;
  /** DTSTAMP: when this version of the invite was made */
  stamp: Date;
}

export function lessonUid(lessonId: string, domain: string): string {
  return `lesson-${lessonId}@${domain}`;
}

export function lessonInvite(i: InviteInput): string {
  const domain = i.organizerEmail.split("@")[1] ?? "lessonpay.local";
  const cal = ical({
    prodId: { company: "LessonPay", product: "lessons", language: "EN" },
    method: i.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: lessonUid(i.lessonId, domain),
    sequence: i.sequence,
    stamp: i.stamp,
    start: i.start,
    end: i.end,
    summary: i.summary,
    description: i.description,
    url: i.url,
    status: i.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: "LessonPay", email: i.organizerEmail },
    attendees: [{ name: i.attendee.name, email: i.attendee.email, rsvp: false }],
  });
  return cal.toString();
}
