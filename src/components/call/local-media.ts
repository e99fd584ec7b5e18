// The viewer's camera and microphone: asked for once, shared by the pre-join check and the call (so the same
// tracks, choices and toggles carry over), and stopped when the viewer leaves the room or the call ends.

export type DeviceProblem = "blocked" | "missing" | "busy" | "unsupported" | "failed";

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface LocalMediaSnapshot {
  status: "off" | "starting" | "ready";
  /** the current tracks as one stream (a new object on every change, for the preview) */
  stream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  micProblem: DeviceProblem | null;
  cameraProblem: DeviceProblem | null;
  mics: DeviceOption[];
  cameras: DeviceOption[];
  micId: string | null;
  cameraId: string | null;
}

// A lesson, not a broadcast: VGA is plenty and saves the uplink; 720p is the ceiling. Echo cancellation on,
// since most people will not wear headphones.
export const VIDEO_CONSTRAINTS = {
  width: { ideal: 640, max: 1280 },
  height: { ideal: 480, max: 720 },
  frameRate: { ideal: 24, max: 30 },
} satisfies MediaTrackConstraints;
export const AUDIO_CONSTRAINTS = { echoCancellation: true, noiseSuppression: true, autoGainControl: true } satisfies MediaTrackConstraints;

const DEVICES_KEY = "lessonpay.call.devices"; // chosen devices, remembered on this browser
const TOGGLES_KEY = "lessonpay.call.toggles"; // mute / camera off, remembered for this tab (survives a reload)

export function problemOf(err: unknown): DeviceProblem {
  const name = err instanceof Error || (typeof DOMException !== "undefined" && err instanceof DOMException) ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "blocked";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "missing";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "busy";
  if (name === "TypeError") return "unsupported";
  return "failed";
}

function read<T>(storage: () => Storage, key: string): Partial<T> {
  try {
    return JSON.parse(storage().getItem(key) ?? "{}") as Partial<T>;
  } catch {
    return {};
  }
}
function write(storage: () => Storage, key: string, value: unknown) {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // private mode or storage full: the choice just is not remembered
  }
}

export class LocalMedia {
  private snap: LocalMediaSnapshot = {
    status: "off",
    stream: null,
    micOn: true,
    cameraOn: true,
    micProblem: null,
    cameraProblem: null,
    mics: [],
    cameras: [],
    micId: null,
    cameraId: null,
  };
  private audio: MediaStreamTrack | null = null;
  private video: MediaStreamTrack | null = null;
  private listeners = new Set<(s: LocalMediaSnapshot) => void>();
  private starting: Promise<void> | null = null;
  private watchingDevices = false;
  /** bumped by stop(): an answer from the browser that arrives after it is thrown away */
  private generation = 0;

  get snapshot(): LocalMediaSnapshot {
    return this.snap;
  }
  get audioTrack(): MediaStreamTrack | null {
    return this.audio;
  }
  get videoTrack(): MediaStreamTrack | null {
    return this.video;
  }

  subscribe(listener: (s: LocalMediaSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ask for the camera and microphone (once; later calls wait for the same answer). */
  start(): Promise<void> {
    if (this.snap.status === "ready") return Promise.resolve();
    if (!this.starting) {
      const starting: Promise<void> = this.acquire().finally(() => {
        if (this.starting === starting) this.starting = null;
      });
      this.starting = starting;
    }
    return this.starting;
  }

  /** After the person allowed access or plugged a device in. */
  async retry(): Promise<void> {
    this.stopTracks();
    this.update({ status: "off" });
    await this.start();
  }

  setMicOn(on: boolean) {
    if (this.audio) this.audio.enabled = on;
    this.update({ micOn: on });
    this.rememberToggles();
  }

  /** Camera off stops the camera (its light goes out), not just the picture. */
  async setCameraOn(on: boolean) {
    this.update({ cameraOn: on });
    this.rememberToggles();
    if (!on) {
      this.video?.stop();
      this.video = null;
      this.update({ stream: this.stream() });
    } else if (!this.video && this.snap.status === "ready") {
      await this.replace("video", this.snap.cameraId);
    }
  }

  async selectMic(deviceId: string) {
    write(() => localStorage, DEVICES_KEY, { micId: deviceId, cameraId: this.snap.cameraId });
    await this.replace("audio", deviceId);
  }

  async selectCamera(deviceId: string) {
    write(() => localStorage, DEVICES_KEY, { micId: this.snap.micId, cameraId: deviceId });
    this.update({ cameraId: deviceId });
    if (this.snap.cameraOn) await this.replace("video", deviceId);
  }

  stop() {
    this.generation += 1;
    this.starting = null; // a start() after this asks again rather than waiting for an answer that will be dropped
    this.stopTracks();
    this.update({ status: "off", stream: null });
  }

  private async acquire() {
    const generation = this.generation;
    const devices = read<{ micId: string; cameraId: string }>(() => localStorage, DEVICES_KEY);
    const toggles = read<{ micOn: boolean; cameraOn: boolean }>(() => sessionStorage, TOGGLES_KEY);
    const micOn = toggles.micOn ?? this.snap.micOn;
    const cameraOn = toggles.cameraOn ?? this.snap.cameraOn;
    this.update({ status: "starting", micOn, cameraOn, micProblem: null, cameraProblem: null });
    if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia) {
      this.update({ status: "ready", micProblem: "unsupported", cameraProblem: "unsupported" });
      return;
    }
    // One request for both (one browser prompt); if it fails, one per device to say which one is the problem.
    try {
      const both = await navigator.mediaDevices.getUserMedia({
        audio: this.constraints("audio", devices.micId),
        video: cameraOn ? this.constraints("video", devices.cameraId) : false,
      });
      this.audio = both.getAudioTracks()[0] ?? null;
      this.video = both.getVideoTracks()[0] ?? null;
    } catch {
      const [audio, video] = [await this.open("audio", devices.micId), cameraOn ? await this.open("video", devices.cameraId) : null];
      this.audio = audio && "track" in audio ? audio.track : null;
      this.video = video && "track" in video ? video.track : null;
      this.update({
        micProblem: audio && "problem" in audio ? audio.problem : null,
        cameraProblem: video && "problem" in video ? video.problem : null,
      });
    }
    if (generation !== this.generation) {
      this.stopTracks(); // stopped (left the room, call ended) while the browser was asking
      return;
    }
    if (this.audio) this.audio.enabled = micOn;
    this.update({ status: "ready", stream: this.stream(), micId: this.deviceIdOf(this.audio), cameraId: this.deviceIdOf(this.video) });
    await this.refreshDevices();
    this.watchDevices();
  }

  private constraints(kind: "audio" | "video", deviceId: string | null | undefined): MediaTrackConstraints {
    const base = kind === "audio" ? AUDIO_CONSTRAINTS : VIDEO_CONSTRAINTS;
    return deviceId ? { ...base, deviceId: { ideal: deviceId } } : { ...base };
  }

  private async open(
    kind: "audio" | "video",
    deviceId: string | null | undefined,
  ): Promise<{ track: MediaStreamTrack } | { problem: DeviceProblem }> {
    try {
      const s = await navigator.mediaDevices.getUserMedia({ [kind]: this.constraints(kind, deviceId) });
      return { track: s.getTracks()[0]! };
    } catch (err) {
      return { problem: problemOf(err) };
    }
  }

  /** Swap one track for another device's (the call replaces it on its sender: no renegotiation). */
  private async replace(kind: "audio" | "video", deviceId: string | null) {
    const generation = this.generation;
    const got = await this.open(kind, deviceId);
    if (generation !== this.generation) {
      if ("track" in got) got.track.stop();
      return;
    }
    const problemKey = kind === "audio" ? "micProblem" : "cameraProblem";
    if ("problem" in got) {
      this.update({ [problemKey]: got.problem });
      return;
    }
    if (kind === "audio") {
      this.audio?.stop();
      this.audio = got.track;
      this.audio.enabled = this.snap.micOn;
      this.update({ micId: this.deviceIdOf(got.track), micProblem: null, stream: this.stream() });
    } else {
      if (!this.snap.cameraOn) {
        got.track.stop(); // turned off while the camera was starting
        return;
      }
      this.video?.stop();
      this.video = got.track;
      this.update({ cameraId: this.deviceIdOf(got.track), cameraProblem: null, stream: this.stream() });
    }
  }

  private async refreshDevices() {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const options = (kind: MediaDeviceKind, word: string) =>
      all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${word} ${i + 1}` }));
    this.update({ mics: options("audioinput", "Microphone"), cameras: options("videoinput", "Camera") });
  }

  private watchDevices() {
    if (this.watchingDevices) return;
    this.watchingDevices = true;
    navigator.mediaDevices.addEventListener?.("devicechange", () => void this.refreshDevices());
  }

  private deviceIdOf(track: MediaStreamTrack | null): string | null {
    return track?.getSettings().deviceId ?? null;
  }

  private stream(): MediaStream | null {
    const tracks = [this.audio, this.video].filter((t): t is MediaStreamTrack => t !== null);
    return tracks.length ? new MediaStream(tracks) : null;
  }

  private stopTracks() {
    this.audio?.stop();
    this.video?.stop();
    this.audio = null;
    this.video = null;
  }

  private rememberToggles() {
    write(() => sessionStorage, TOGGLES_KEY, { micOn: this.snap.micOn, cameraOn: this.snap.cameraOn });
  }

  private update(patch: Partial<LocalMediaSnapshot>) {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((l) => l(this.snap));
  }
}
