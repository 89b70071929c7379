/**
 * The latest value, for callbacks that outlive a render (keyboard shortcuts, an editor's keymap, an
 * answer that comes later). Written after each commit, not during render, so React can render a
 * component more than once without a callback seeing a render that was never shown.
 */
import { useLayoutEffect, useRef } from 'react';

export function useLatest<T>(value: T): { readonly current: T } {
  const latest = useRef(value);
  useLayoutEffect(() => {
    latest.current = value;
  });
  return latest;
}
