import "server-only";
// Notifications: rows written with the change that causes them (write.ts, lesson-events.ts), sent after commit by the
// worker (worker.ts) as email (SMTP, react-email templates, .ics invites) or a Slack-compatible webhook post, and
// listed in the app (inbox.ts). See docs/adr/0007-notifications-outbox.md.
export { lessonNotifications } from "./lesson-events";
export { notifyCriticalAlert, notifyPayoutDestinationChanged, notifyPayoutStatus, notifyProblemReport, writeNotifications } from "./write";
export { sendDueNotifications, type NotifyReport } from "./worker";
export type { NotifyConfig } from "./config";
