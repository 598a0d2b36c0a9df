import { useEffect, useRef } from 'react';

/**
 * Calls `handler` once for each new signal object. Effects keyed on the
 * signal alone would fire again whenever the handler's identity changes (a
 * refetch hands out a new `retry`), refetching in a loop.
 */
export function useOnSignal<T>(
  signal: T | null,
  handler: (signal: T) => void,
): void {
  const handled = useRef<T | null>(null);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (signal === null || signal === handled.current) return;
    handled.current = signal;
    latest.current(signal);
  }, [signal]);
}
