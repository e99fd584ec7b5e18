// Helpers for the video-call specs: book a lesson quickly, watch the page's WebRTC objects, run coturn.
import { type Browser, type BrowserContext, type Page, expect } from "@playwright/test";
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { E2E } from "./env";
import { createTutor, createUser, type E2EUser, gridSlotAfter, signInAs, sql } from "./support";

export interface Side {
  user: E2EUser;
  context: BrowserContext;
  page: Page;
}

/** A signed-in page whose WebRTC objects are watched; camera and microphone granted unless said otherwise. */
export async function mediaPage(
  browser: Browser,
  user: E2EUser,
  opts: { timezoneId: string; permissions?: string[]; forceRelay?: boolean },
): Promise<Side> {
  const context = await browser.newContext({
    timezoneId: opts.timezoneId,
    locale: "en-US",
    permissions: opts.permissions ?? ["camera", "microphone"],
  });
  await watchWebRtc(context, { forceRelay: opts.forceRelay });
  const page = await context.newPage();
  await signInAs(page, user.email);
  return { user, context, page };
}

/** A new tutor and student, each signed in on a media page. */
export async function callPair(
  browser: Browser,
  names: { tutor: string; student: string },
  opts: { studentPermissions?: string[]; forceRelay?: boolean } = {},
): Promise<{ tutor: Side; student: Side }> {
  const t = await createTutor({ name: names.tutor, timeZone: "Europe/Berlin" });
  const s = await createUser({ role: "STUDENT", name: names.student, timeZone: "America/New_York" });
  return {
    tutor: await mediaPage(browser, t, { timezoneId: "Europe/Berlin", forceRelay: opts.forceRelay }),
    student: await mediaPage(browser, s, {
      timezoneId: "America/New_York",
      permissions: opts.studentPermissions,
      forceRelay: opts.forceRelay,
    }),
  };
}

/** Book through the API as the signed-in student (a sandbox card, the first grid slot an hour ahead). */
export async function bookViaApi(student: Page, tutorId: string, aheadMs = 61 * 60_000): Promise<{ lessonId: string; start: Date }> {
  const pm = await fetch(`http://127.0.0.1:${E2E.stripePort}/v1/payment_methods`, {
    method: "POST",
    headers: { Authorization: "Bearer pk_test_sandbox", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      type: "card",
      "card[number]": "4242424242424242",
      "card[exp_month]": "12",
      "card[exp_year]": "2035",
      "card[cvc]": "123",
    }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  const scheduledStart = await gridSlotAfter(aheadMs);
  const res = await student.request.post("/api/trpc/lesson.book", {
    data: { json: { tutorId, scheduledStart, durationMinutes: 25, paymentMethodId: pm.id } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const [row] = await sql<{ id: string }>(`SELECT id FROM "Lesson" WHERE "tutorId" = $1 AND "scheduledStart" = $2`, [
    tutorId,
    scheduledStart,
  ]);
  return { lessonId: row!.id, start: new Date(scheduledStart) };
}

/**
 * Record every RTCPeerConnection and camera/microphone track the page creates (and, for the relay spec, force
 * `iceTransportPolicy: "relay"`), so a spec can read getStats() and check that tracks stopped.
 */
export async function watchWebRtc(context: BrowserContext, opts: { forceRelay?: boolean } = {}) {
  await context.addInitScript((forceRelay: boolean) => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __tracks: MediaStreamTrack[] };
    w.__pcs = [];
    w.__tracks = [];
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(forceRelay ? { ...config, iceTransportPolicy: "relay" } : config);
        w.__pcs.push(this);
      }
    } as typeof RTCPeerConnection;
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await gum(constraints);
      w.__tracks.push(...stream.getTracks());
      return stream;
    };
  }, opts.forceRelay ?? false);
}

export interface PageRtc {
  openConnections: number;
  liveLocalTracks: number;
  framesDecoded: number;
  audioPacketsReceived: number;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
}

/** What the page's newest open connection reports now. */
export async function rtc(page: Page): Promise<PageRtc> {
  return page.evaluate(async () => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __tracks: MediaStreamTrack[] };
    const open = w.__pcs.filter((pc) => pc.connectionState !== "closed");
    const result = {
      openConnections: open.length,
      liveLocalTracks: w.__tracks.filter((t) => t.readyState === "live").length,
      framesDecoded: 0,
      audioPacketsReceived: 0,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
    };
    const pc = open.at(-1);
    if (!pc) return result;
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    for (const s of stats) {
      if (s.type === "inbound-rtp" && s.kind === "video") result.framesDecoded += Number(s.framesDecoded ?? 0);
      if (s.type === "inbound-rtp" && s.kind === "audio") result.audioPacketsReceived += Number(s.packetsReceived ?? 0);
    }
    const transport = stats.find((s) => s.type === "transport" && s.selectedCandidatePairId);
    const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
    result.localCandidateType = (stats.find((s) => s.id === pair?.localCandidateId)?.candidateType as string) ?? null;
    result.remoteCandidateType = (stats.find((s) => s.id === pair?.remoteCandidateId)?.candidateType as string) ?? null;
    return result;
  });
}

/** The other's video is playing: the remote <video> has a size, and decoded frames grow between two samples. */
export async function expectVideoFlowing(page: Page) {
  await expect
    .poll(() => page.getByTestId("remote-video").evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 })
    .toBeGreaterThan(0);
  const first = await rtc(page);
  await expect.poll(async () => (await rtc(page)).framesDecoded, { timeout: 5_000 }).toBeGreaterThan(first.framesDecoded);
}

/** The other's audio arrives: the remote stream has a live audio track and audio packets keep coming. */
export async function expectAudioFlowing(page: Page) {
  const tracks = await page
    .getByTestId("remote-video")
    .evaluate(
      (v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.getAudioTracks().filter((t) => t.readyState === "live").length ?? 0,
    );
  expect(tracks).toBe(1);
  const first = await rtc(page);
  await expect.poll(async () => (await rtc(page)).audioPacketsReceived, { timeout: 5_000 }).toBeGreaterThan(first.audioPacketsReceived);
}

/** The call's media is over on this page: no open connection, no camera or microphone track running. */
export async function expectMediaStopped(page: Page) {
  await expect
    .poll(async () => {
      const r = await rtc(page);
      return [r.openConnections, r.liveLocalTracks];
    })
    .toEqual([0, 0]);
}

/** coturn on loopback with our shared secret (the TURN REST API scheme), as ENVIRONMENT.md checked. */
export async function startCoturn(): Promise<{ stop(): Promise<void>; log: () => string }> {
  let log = "";
  const child: ChildProcess = spawn(
    process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver",
    [
      "-n",
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${E2E.turnPort}`,
      "--min-port=49160",
      "--max-port=49400",
      "--use-auth-secret",
      `--static-auth-secret=${E2E.turnSecret}`,
      "--realm=lessonpay.e2e",
      "--allow-loopback-peers",
      "--no-cli",
      "--no-tls",
      "--no-dtls",
      "--log-file=stdout",
      "--simple-log",
      // its own pid file and user database, not the system service's
      `--pidfile=${path.join(os.tmpdir(), `lessonpay-e2e-turn-${process.pid}.pid`)}`,
      `--userdb=${path.join(os.tmpdir(), `lessonpay-e2e-turn-${process.pid}.db`)}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const started = Date.now();
  while (!/Total General servers/i.test(log)) {
    if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode}):\n${log}`);
    if (Date.now() - started > 10_000) throw new Error(`turnserver did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300)); // its listeners open just after
  return {
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
