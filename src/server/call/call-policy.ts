// The video call's numbers, in one place. None of them touches money: the lifecycle never reads call data.
import "server-only";

const SECOND = 1000;

export const CALL_POLICY = Object.freeze({
  /** a signalling message is readable this long; the slowest reader (a connected page) polls every connectedPollMs */
  signalTtlMs: 120 * SECOND,
  /** at most this many live (unexpired) messages per sender and lesson: a runaway page cannot fill the table */
  maxLiveSignalsPerSender: 500,
  /** at most this many messages per send (a batch of ICE candidates) and per read */
  maxSignalsPerSend: 50,
  maxSignalsPerRead: 100,
  /** polling: while waiting for the other page, while connecting to it (offers, answers and candidates flow), and
   * once connected (only a new page of the other side, or a renegotiation, can arrive then) */
  waitingPollMs: 1 * SECOND,
  setupPollMs: 400,
  connectedPollMs: 10 * SECOND,
  /** each page reports "connected and receiving the other's media" this often */
  heartbeatMs: 10 * SECOND,
  /** a silence longer than this many heartbeats ends a media span; the next good heartbeat opens a new one */
  heartbeatsPerGap: 3,
  /** spans kept per participant and lesson; past it, gaps are folded into the latest span (and counted) */
  maxSpansPerParticipant: 100,
});

export const mediaGapMs = () => CALL_POLICY.heartbeatMs * CALL_POLICY.heartbeatsPerGap;
