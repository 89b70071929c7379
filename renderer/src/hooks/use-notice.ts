/**
 * A transient message (a toast, a "Saved to …" note) that hides itself after a while. Four components
 * wrote this timer by hand; here it is written once: showing a new message replaces the old one and
 * its timer (a stale timer never hides a newer message early), and unmounting cancels it.
 */
import { useCallback, useEffect, useState } from 'react';

/** Holds at most one pending "hide" timer: `show` replaces it, `dispose` cancels it. */
export class NoticeTimer<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (notice: T | null) => void) {}

  /** Shows `notice` (or hides the current one, given null) and hides it after `ms`. */
  show(notice: T | null, ms: number): void {
    this.dispose();
    this.onChange(notice);
    if (notice !== null) this.timer = setTimeout(() => this.hide(), ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private hide(): void {
    this.timer = undefined;
    this.onChange(null);
  }
}

/**
 * The notice shown now (null when none) and the function that shows the next one for `ms`
 * (`defaultMs` unless given), or hides it given null.
 */
export function useNotice<T = string>(defaultMs: number): [T | null, (notice: T | null, ms?: number) => void] {
  const [notice, setNotice] = useState<T | null>(null);
  const [timer] = useState(() => new NoticeTimer<T>(setNotice));
  useEffect(() => () => timer.dispose(), [timer]);
  const show = useCallback((next: T | null, ms = defaultMs) => timer.show(next, ms), [timer, defaultMs]);
  return [notice, show];
}
