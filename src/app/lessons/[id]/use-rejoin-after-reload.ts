"use client";

import { useEffect } from "react";

// Reloading the lesson page (to fix a frozen video, say) reports a leave as the page goes (use-leave-on-exit);
// the new page joins again by itself, so the call comes back without anyone doing anything. Remembered per tab
// (sessionStorage): closing the tab or leaving through the app forgets it.

const key = (lessonId: string) => `lessonpay.in-room.${lessonId}`;
/** pages of each lesson mounted now (React's development double mount must not count as leaving) */
const mounted = new Map<string, number>();

export function rememberInRoom(lessonId: string, inRoom: boolean) {
  try {
    if (inRoom) sessionStorage.setItem(key(lessonId), "1");
    else sessionStorage.removeItem(key(lessonId));
  } catch {
    // storage unavailable: a reload then needs a click on Join
  }
}

function wasInRoom(lessonId: string): boolean {
  try {
    return sessionStorage.getItem(key(lessonId)) === "1";
  } catch {
    return false;
  }
}

export function useRejoinAfterReload(opts: {
  lessonId: string;
  /** the room is open and the call not over */
  canJoin: boolean;
  inRoom: boolean;
  joining: boolean;
  join: () => void;
  /** the old page's leave has not landed yet: this page is the one in the room */
  alreadyInRoom: () => void;
}) {
  const { lessonId, canJoin, inRoom, joining, join, alreadyInRoom } = opts;
  useEffect(() => {
    if (!canJoin || joining || !wasInRoom(lessonId)) return;
    if (inRoom) alreadyInRoom();
    else join();
  }, [lessonId, canJoin, inRoom, joining, join, alreadyInRoom]);
  // Leaving through the app (this page unmounts for good) is a real leave: forget it. A reload does not unmount.
  useEffect(() => {
    mounted.set(lessonId, (mounted.get(lessonId) ?? 0) + 1);
    return () => {
      mounted.set(lessonId, (mounted.get(lessonId) ?? 1) - 1);
      setTimeout(() => {
        if (!mounted.get(lessonId)) rememberInRoom(lessonId, false);
      }, 0);
    };
  }, [lessonId]);
}
