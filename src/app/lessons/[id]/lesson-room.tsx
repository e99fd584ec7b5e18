"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import superjson from "superjson";
import { CallArea } from "~/components/call/call-area";
import { useServerClock } from "~/components/hooks/use-server-clock";
import { useViewer } from "~/components/hooks/use-viewer";
import { CancelLessonButton } from "~/components/lessons/cancel-lesson-button";
import { LessonStatus } from "~/components/lessons/lesson-status";
import { ProblemReportControls } from "~/components/lessons/problem-report-controls";
import { StatusLine } from "~/components/ui/status-line";
import type { LessonDto } from "~/trpc/api-types";
import { useTRPC, useTRPCClient } from "~/trpc/react";
import { EndedNotice } from "./ended-notice";
import { JoinPanel } from "./join-panel";
import { PresencePanel } from "./presence-panel";
import { useLeaveOnExit } from "./use-leave-on-exit";
import { QueryStatus } from "~/components/ui/query-status";
import { ServerMessage } from "~/components/ui/server-message";
import { rememberInRoom, useRejoinAfterReload } from "./use-rejoin-after-reload";

/** Poll fast while something can change within seconds; slowly once the lesson and its money are settled. */
function pollInterval(lesson: LessonDto | undefined): number {
  if (!lesson) return 1500;
  const settled =
    ["COMPLETED", "CANCELLED", "NO_SHOW"].includes(lesson.status) &&
    !["AUTHORIZED", "AWAITING_AUTHORIZATION"].includes(lesson.payment?.status ?? "");
  return settled ? 15_000 : 1500;
}

type PollAnswer = { changed: false; serverNow: Date } | { changed: true; lesson: LessonDto };

/** GET /api/lessons/[id]/poll (a plain route, cheaper than tRPC per request: see src/app/api/lessons/[id]/poll/route.ts). */
async function pollLesson(lessonId: string, copy: LessonDto): Promise<PollAnswer> {
  const q = new URLSearchParams({ token: copy.token, validUntil: copy.validUntil ? String(copy.validUntil.getTime()) : "" });
  const res = await fetch(`/api/lessons/${encodeURIComponent(lessonId)}/poll?${q}`, { cache: "no-store" });
  const text = await res.text();
  if (!res.ok) {
    let message: string | undefined;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    } catch {
      // not our JSON (a proxy's error page): the status says enough
    }
    throw new Error(message ?? `The lesson could not be refreshed (HTTP ${res.status}).`);
  }
  return superjson.parse<PollAnswer>(text);
}

export function LessonRoom({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const viewer = useViewer();
  const lessonKey = trpc.lesson.get.queryKey({ lessonId });
  const lessonQuery = useQuery({
    ...trpc.lesson.get.queryOptions({ lessonId }),
    // With a copy in hand, ask the poll route whether it is still current: "unchanged" costs the server one indexed read
    // (and keeps the server's clock in the copy); only a change, or the clock passing the copy's validUntil, sends a view.
    queryFn: async () => {
      const copy = qc.getQueryData<LessonDto>(lessonKey);
      if (!copy) return client.lesson.get.query({ lessonId });
      const answer = await pollLesson(lessonId, copy);
      return answer.changed ? answer.lesson : { ...copy, serverNow: answer.serverNow };
    },
    refetchInterval: (query) => pollInterval(query.state.data),
    refetchIntervalInBackground: true,
  });
  const now = useServerClock(lessonQuery.data?.serverNow, lessonQuery.dataUpdatedAt, 1000);
  // Whether THIS page joined the room (and has not left): decides whether leaving the page reports a leave.
  const joinedHere = useRef(false);
  useLeaveOnExit(lessonId, joinedHere);
  const [message, setMessage] = useState<{ text: string; tone: "success" | "error" } | null>(null);

  const update = (view: LessonDto) => qc.setQueryData(lessonKey, view);
  const onError = (err: { message: string }) => setMessage({ text: err.message, tone: "error" });
  const join = useMutation(
    trpc.lesson.join.mutationOptions({
      onSuccess: (view) => {
        update(view);
        setMessage(null);
      },
      onError,
    }),
  );
  const leave = useMutation(
    trpc.lesson.leave.mutationOptions({
      onSuccess: (view) => {
        update(view);
        setMessage({ text: "You left the room. You can join again until the scheduled end.", tone: "success" });
      },
      onError,
    }),
  );
  const endCall = useMutation(
    trpc.lesson.endCall.mutationOptions({
      onSuccess: (view) => {
        update(view);
        void qc.invalidateQueries({ queryKey: trpc.lesson.list.pathKey() });
      },
      onError,
    }),
  );

  // Event handlers (not render): the ref records that this page is in the room.
  function onJoin() {
    join.mutate(
      { lessonId },
      {
        onSuccess: () => {
          joinedHere.current = true;
          rememberInRoom(lessonId, true);
        },
        onError: () => rememberInRoom(lessonId, false),
      },
    );
  }
  function onLeave() {
    rememberInRoom(lessonId, false);
    leave.mutate({ lessonId }, { onSuccess: () => void (joinedHere.current = false) });
  }
  const current = lessonQuery.data;
  const roomOpen =
    !!current && ["SCHEDULED", "IN_PROGRESS"].includes(current.status) && now >= current.joinWindowOpensAt && now < current.scheduledEnd;
  useRejoinAfterReload({
    lessonId,
    canJoin: roomOpen,
    inRoom: !!current && current.presence[current.viewer === "STUDENT" ? "student" : "tutor"],
    joining: join.isPending,
    join: onJoin,
    alreadyInRoom: () => void (joinedHere.current = true),
  });

  if (lessonQuery.isPending || lessonQuery.isError || !viewer.ready)
    return <QueryStatus query={lessonQuery} viewer={viewer} loading="Loading the lesson…" />;
  const lesson = lessonQuery.data;
  const me = lesson.viewer === "STUDENT" ? "student" : "tutor";
  const other = lesson.viewer === "STUDENT" ? lesson.tutor : lesson.student;
  const inRoom = lesson.presence[me];
  const callOver = !["SCHEDULED", "IN_PROGRESS"].includes(lesson.status) || now >= lesson.scheduledEnd;

  return (
    <section className="stack" data-testid="lesson-room">
      <div>
        <p className="muted" style={{ margin: 0 }}>
          <Link href="/lessons">← {lesson.viewer === "STUDENT" ? "My lessons" : "Lessons"}</Link>
        </p>
        <h1>Lesson with {other.name}</h1>
        <p style={{ margin: "0 0 8px" }}>
          {viewer.timeRange(lesson.scheduledStart, lesson.scheduledEnd)} ({viewer.timeZone}) · {lesson.durationMinutes} min ·{" "}
          {viewer.money(lesson.priceAmount, lesson.currency)}
        </p>
        <LessonStatus lesson={lesson} viewer={viewer} now={now} live />
      </div>

      <EndedNotice lesson={lesson} viewer={viewer} now={now} />

      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(260px, 1fr))" }}>
        <CallArea
          session={{
            lessonId,
            participant: lesson.viewer,
            displayName: lesson.viewer === "STUDENT" ? lesson.student.name : lesson.tutor.name,
          }}
          active={inRoom && !callOver}
          callOver={callOver}
          otherName={other.name}
          otherPresent={lesson.presence[me === "student" ? "tutor" : "student"]}
          endedText={callOver && lesson.callStartedAt ? "Call ended" : null}
          onRemoteBye={() => void lessonQuery.refetch()}
          viewerZone={viewer.timeZone}
        />
        <div className="stack">
          <PresencePanel lesson={lesson} viewer={viewer} now={now} />
          {!callOver && (
            <JoinPanel
              lesson={lesson}
              viewer={viewer}
              now={now}
              inRoom={inRoom}
              otherName={other.name}
              join={{ run: onJoin, pending: join.isPending }}
              leave={{ run: onLeave, pending: leave.isPending }}
              endCall={{
                run: () => endCall.mutate({ lessonId }),
                pending: endCall.isPending,
                error: endCall.error?.message ?? null,
                done: endCall.isSuccess,
              }}
            />
          )}
          <StatusLine message={message && <ServerMessage message={message.text} viewer={viewer} />} tone={message?.tone} />
        </div>
      </div>

      <div className="row">
        {lesson.cancellation.allowed && now < lesson.scheduledStart && (
          <CancelLessonButton lesson={lesson} viewer={viewer} onDone={(text) => setMessage({ text, tone: "success" })} />
        )}
        <ProblemReportControls lesson={lesson} viewer={viewer} onDone={(text) => setMessage({ text, tone: "success" })} />
      </div>
    </section>
  );
}
