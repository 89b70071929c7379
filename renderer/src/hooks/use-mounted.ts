/**
 * Whether the component is still on screen, for answers that arrive after an await: a late answer
 * must not set the state of a component that is gone (or start a timer for it).
 */
import { useEffect, useRef, type RefObject } from 'react';

/** A ref that holds true while the component is mounted and false once it is unmounted. */
export function useMounted(): RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
