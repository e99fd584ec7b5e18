"use client";

import { type RefObject, useEffect } from "react";
import { sendLeave } from "./send-leave";

/**
 * Report `lesson.leave` when the viewer leaves the page while in the room: navigating
 * elsewhere in the app (unmount) or closing/reloading the tab (`pagehide`, the event that
 * fires reliably, unlike `unload`). A leave when not present changes nothing on the server,
 * so an extra one is harmless; a missing one would leave the viewer "present" forever.
 */
export function useLeaveOnExit(lessonId: string, presentRef: RefObject<boolean>) {
  useEffect(() => {
    const leave = () => {
      if (!presentRef.current) return;
      presentRef.current = false;
      sendLeave(lessonId);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [lessonId, presentRef]);
}
