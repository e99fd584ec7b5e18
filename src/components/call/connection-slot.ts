import type { CallConnection, CallSnapshot } from "./call-provider";

/** Holds the live connection for React (useSyncExternalStore): the effect that connects attaches it here. */
export class ConnectionSlot {
  private current: { connection: CallConnection; snapshot: CallSnapshot } | null = null;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;

  attach(connection: CallConnection) {
    this.unsubscribe?.();
    this.current = { connection, snapshot: connection.snapshot };
    this.unsubscribe = connection.subscribe((snapshot) => {
      this.current = { connection, snapshot };
      this.emit();
    });
    this.emit();
  }

  detach() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.current = null;
    this.emit();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get = () => this.current;

  private emit() {
    this.listeners.forEach((l) => l());
  }
}
