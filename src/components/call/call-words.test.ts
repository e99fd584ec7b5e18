import { describe, expect, it } from "vitest";
import { spanLength } from "~/components/admin/media-evidence";
import { deviceProblemText, headline, qualityDetail, remoteDevicesText } from "./call-words";

describe("call words", () => {
  it("names every state, with the other's name while waiting", () => {
    expect(headline("waiting", "Ana")).toBe("Waiting for Ana to join the call");
    expect(headline("connected", "Ana")).toBe("Connected");
    expect(headline("reconnecting", "Ana")).toBe("Connection lost — reconnecting…");
  });

  it("says how to allow a blocked device, and what the other side will miss", () => {
    expect(deviceProblemText(null, "blocked", "Ana")).toMatch(
      /^Your browser is blocking the camera for this site, so Ana can hear you but not see you\./,
    );
    expect(deviceProblemText("blocked", null, "Ana")).toMatch(/blocking the microphone .* Ana can see you but not hear you/);
    expect(deviceProblemText("blocked", "blocked", "Ana")).toMatch(
      /blocking the camera and microphone .* set both to Allow.* payment does not depend/,
    );
    expect(deviceProblemText(null, "missing", "Ana")).toBe("No camera was found: plug one in (or switch it on), then choose Try again.");
    expect(deviceProblemText("busy", null, "Ana")).toBe(
      "Your microphone is in use by another app or tab: close it, then choose Try again.",
    );
    expect(deviceProblemText(null, null, "Ana")).toBeNull();
  });

  it("describes the other's devices only when something is off", () => {
    expect(remoteDevicesText("Ana", { mic: true, camera: true })).toBeNull();
    expect(remoteDevicesText("Ana", { mic: false, camera: true })).toBe("Ana's microphone is off.");
    expect(remoteDevicesText("Ana", { mic: true, camera: false, cameraProblem: "blocked" })).toBe(
      "Ana's camera is blocked in their browser.",
    );
    expect(remoteDevicesText("Ana", null)).toBeNull();
  });

  it("quality numbers and span lengths read naturally", () => {
    expect(qualityDetail({ rttMs: 12, lossPercent: 0.5, level: "good" })).toBe(" · round trip 12 ms · packet loss 0.5 %");
    expect(qualityDetail({ rttMs: null, lossPercent: null, level: "good" })).toBe("");
    expect([spanLength(1_420_000), spanLength(40_000), spanLength(3_900_000), spanLength(120_000)]).toEqual([
      "23 min 40 s",
      "40 s",
      "1 h 5 min",
      "2 min",
    ]);
  });
});
