// The call's states and problems in words. Pure, so the words are unit-tested and the same everywhere.
import type { CallConnectionState, CallQuality, RemoteDevices } from "./call-provider";
import type { DeviceProblem } from "./local-media";

export function headline(state: CallConnectionState, otherName: string): string {
  switch (state) {
    case "starting":
      return "Starting the call…";
    case "waiting":
      return `Waiting for ${otherName} to join the call`;
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return "Connection lost — reconnecting…";
    case "disconnected":
      return "Disconnected";
    case "failed":
      return "Could not connect";
  }
}

/** For "failed": what to try. The lesson goes on without video either way. */
export function failedAdvice(otherName: string): string {
  return (
    `The video could not get through between you and ${otherName}. Try reloading this page; if you are on a VPN or a ` +
    `company or school network, try another network (a phone hotspot usually works), or another browser. ` +
    `The lesson itself is not affected: presence, End call and payment work without video.`
  );
}

const allowHow = (what: "it" | "both") =>
  `click the padlock (or the camera icon) at the left of the address bar, set ${what} to Allow, then choose Try again`;

/** Why the viewer's own camera or microphone is not working, and how to fix it; null when both are fine. */
export function deviceProblemText(mic: DeviceProblem | null, camera: DeviceProblem | null, otherName: string): string | null {
  if (!mic && !camera) return null;
  const after = "You can still join, end the call and leave; payment does not depend on the video.";
  if (mic === "blocked" && camera === "blocked") {
    return `Your browser is blocking the camera and microphone for this site. To allow them, ${allowHow("both")}. ${after}`;
  }
  if (camera === "blocked")
    return `Your browser is blocking the camera for this site, so ${otherName} can hear you but not see you. To allow it, ${allowHow("it")}.`;
  if (mic === "blocked")
    return `Your browser is blocking the microphone for this site, so ${otherName} can see you but not hear you. To allow it, ${allowHow("it")}.`;
  if (mic === "unsupported" || camera === "unsupported") {
    return `This browser cannot use a camera or microphone here: use a recent Chrome, Edge, Firefox or Safari, on https. ${after}`;
  }
  const part = (what: string, p: DeviceProblem | null) =>
    p === "missing"
      ? `No ${what} was found: plug one in (or switch it on), then choose Try again.`
      : p === "busy"
        ? `Your ${what} is in use by another app or tab: close it, then choose Try again.`
        : p === "failed"
          ? `Your ${what} could not be started: choose Try again, or pick another one.`
          : "";
  return [part("microphone", mic), part("camera", camera)].filter(Boolean).join(" ");
}

/** " · round trip 12 ms · packet loss 0.5 %" (after "Connection good"). */
export function qualityDetail(q: CallQuality): string {
  return (q.rttMs !== null ? ` · round trip ${q.rttMs} ms` : "") + (q.lossPercent !== null ? ` · packet loss ${q.lossPercent} %` : "");
}

/** What the other side's microphone and camera are doing, when something is off. */
export function remoteDevicesText(name: string, remote: RemoteDevices | null): string | null {
  if (!remote) return null;
  const why = (p: string | null | undefined) => (p === "blocked" ? "blocked in their browser" : p === "missing" ? "not found" : "off");
  const off: string[] = [];
  if (!remote.mic) off.push(`${name}'s microphone is ${why(remote.micProblem)}`);
  if (!remote.camera) off.push(`${name}'s camera is ${why(remote.cameraProblem)}`);
  return off.length ? `${off.join("; ")}.` : null;
}
