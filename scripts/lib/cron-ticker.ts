// The local stand-in for Vercel Cron: calls the same routes, on the same schedule,
// with the same Bearer secret, so `npm run dev` settles lessons as production does.
import { readFileSync } from "node:fs";

interface CronEntry {
  path: string;
  schedule: string;
}

/** Minutes between runs for the simple schedules vercel.json uses ("* * * * *", "*\/15 * * * *", "0 * * * *"). */
export function everyMinutes(schedule: string): number {
  const [min, hour] = schedule.split(/\s+/);
  if (min === "*") return 1;
  if (min?.startsWith("*/")) return Number(min.slice(2));
  if (/^\d+$/.test(min ?? "") && hour === "*") return 60;
  throw new Error(`cron ticker: unsupported schedule "${schedule}"`);
}

export function startCronTicker(appUrl: string, secret: string): () => Promise<void> {
  const crons = (JSON.parse(readFileSync("vercel.json", "utf8")) as { crons?: CronEntry[] }).crons ?? [];
  let minute = 0;
  const tick = async () => {
    minute += 1;
    for (const c of crons) {
      if (minute % everyMinutes(c.schedule) !== 0) continue;
      try {
        const res = await fetch(`${appUrl}${c.path}`, { headers: { Authorization: `Bearer ${secret}` } });
        const body = await res.text();
        console.log(`[cron] ${c.path} → ${res.status} ${body.slice(0, 200)}`);
      } catch (e) {
        console.log(`[cron] ${c.path} failed: ${(e as Error).message}`);
      }
    }
  };
  const timer = setInterval(() => void tick(), 60_000);
  return async () => clearInterval(timer);
}
