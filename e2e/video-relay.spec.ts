import { expect, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { E2E } from "./env";
import { bookViaApi, callPair, expectVideoFlowing, rtc, startCoturn } from "./media";
import { advanceClocksTo } from "./support";

// The TURN path end to end: a real coturn on loopback with a shared secret (use-auth-secret), credentials minted by
// our server (the e2e server runs with TURN_URLS/TURN_SECRET pointing here), both browsers forced to relay only.

test("through a TURN relay: credentials minted by our server, both peers relay-only, video decoded", async ({ browser }) => {
  test.setTimeout(90_000);
  const turn = await startCoturn();
  try {
    const { tutor, student } = await callPair(browser, { tutor: "Rita Relay", student: "Tom Turn" }, { forceRelay: true });
    const { lessonId, start } = await bookViaApi(student.page, tutor.user.id);
    await advanceClocksTo(new Date(start.getTime() + 30_000));

    // What our server hands the browser: a TURN credential in coturn's REST scheme, never the secret.
    const res = await student.page.request.get(
      `/api/trpc/video.config?input=${encodeURIComponent(JSON.stringify({ json: { lessonId } }))}`,
    );
    const body = (await res.json()) as {
      result: { data: { json: { iceServers: { urls: string[]; username?: string; credential?: string }[] } } };
    };
    const turnServer = body.result.data.json.iceServers.find((s) => s.urls.some((u) => u.startsWith("turn:")))!;
    expect(turnServer.urls).toEqual([`turn:127.0.0.1:${E2E.turnPort}?transport=udp`]);
    expect(turnServer.username).toMatch(new RegExp(`^\\d{10}:${student.user.id}$`));
    expect(turnServer.credential).toBe(createHmac("sha1", E2E.turnSecret).update(turnServer.username!).digest("base64"));
    expect(JSON.stringify(body)).not.toContain(E2E.turnSecret);

    for (const side of [tutor, student]) await side.page.goto(`/lessons/${lessonId}`);
    await tutor.page.getByRole("button", { name: "Join lesson" }).click();
    await student.page.getByRole("button", { name: "Join lesson" }).click();
    for (const side of [tutor, student])
      await expect(side.page.getByTestId("connection-state")).toHaveText("Connected", { timeout: 20_000 });
    for (const side of [tutor, student]) {
      await expectVideoFlowing(side.page);
      const r = await rtc(side.page);
      expect([r.localCandidateType, r.remoteCandidateType]).toEqual(["relay", "relay"]);
    }
    await tutor.context.close();
    await student.context.close();
  } finally {
    await turn.stop();
  }
});
