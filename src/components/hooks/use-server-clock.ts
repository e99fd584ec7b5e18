"use client";

import { useEffect, useState } from "react";

/**
 * "Now" as the server sees it, ticking every `tickMs`. The server's clock may differ from
 * the browser's (a skewed laptop, or the app clock moved in a demo), and the join window
 * and countdowns must follow the server, which decides. `serverNow` is the server's time
 * when the data was produced; `receivedAt` is the browser's time when it arrived.
 */
export function useServerClock(serverNow: Date | undefined, receivedAt: number, tickMs = 1000): Date {
  const skew = serverNow ? serverNow.getTime() - receivedAt : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(id);
  }, [tickMs]);
  return new Date(now + skew);
}
