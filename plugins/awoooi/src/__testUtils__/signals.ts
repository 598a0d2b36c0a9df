import type { SignalApi } from '@backstage/plugin-signals-react';

/** A signal API the test drives by hand: `publish(channel, message)`. */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<string, Set<(message: any) => void>>();

  subscribe(channel: string, onMessage: (message: any) => void) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(onMessage);
    this.listeners.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  publish(channel: string, message: object) {
    for (const listener of this.listeners.get(channel) ?? []) listener(message);
  }

  subscriberCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
