// Telling the server the viewer left, in a way that survives the page going away.
import { sendMutationOnExit } from "~/trpc/send-on-exit";

export function sendLeave(lessonId: string): void {
  sendMutationOnExit("lesson.leave", { lessonId });
}
