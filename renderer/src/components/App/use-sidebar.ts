/**
 * Whether the sidebar is shown. On narrow windows it floats over the request: it closes when the
 * window becomes narrow, and makes way for whatever is opened from it.
 */
import { useCallback, useEffect, useState } from 'react';

const NARROW = '(max-width: 900px)';

export function useSidebar() {
  const [open, setOpen] = useState(() => window.innerWidth > 900);

  useEffect(() => {
    const narrow = window.matchMedia(NARROW);
    const follow = () => setOpen(!narrow.matches);
    narrow.addEventListener('change', follow);
    return () => narrow.removeEventListener('change', follow);
  }, []);

  /** On a narrow window the floating sidebar makes way for what was opened. */
  const makeWay = useCallback(() => {
    if (window.matchMedia(NARROW).matches) setOpen(false);
  }, []);

  return { open, setOpen, makeWay };
}
