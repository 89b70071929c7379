/**
 * A component whose code is a chunk of its own, loaded the first time it is needed (or earlier,
 * with preload). Once loaded it renders at once, like any other component: a dialog preloaded after
 * start-up opens in the same render as the click that opens it.
 */
import { useEffect, useState, type ComponentType } from 'react';

export interface Deferred<P extends object> {
  Component: ComponentType<P>;
  /** Loads the code now (once); resolves when the component can render. */
  preload(): Promise<unknown>;
}

const MAX_ATTEMPTS = 5;
const RETRY_MS = 1000;

export function deferred<P extends object>(load: () => Promise<ComponentType<P>>): Deferred<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // the next attempt loads again
        throw error;
      },
    ));

  function DeferredComponent(props: P) {
    const [Loaded, setLoaded] = useState<ComponentType<P> | null>(() => loaded);
    // A chunk that failed to load (e.g. the build on disk was replaced) is tried again a few times.
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (Loaded) return;
      let live = true;
      let retry: ReturnType<typeof setTimeout> | undefined;
      preload().then(
        (component) => live && setLoaded(() => component),
        (error: Error) => {
          console.error(`Could not load a part of the app: ${error.message}`);
          if (live && attempt < MAX_ATTEMPTS)
            retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS * (attempt + 1));
        },
      );
      return () => {
        live = false;
        clearTimeout(retry);
      };
    }, [Loaded, attempt]);
    return Loaded ? <Loaded {...props} /> : null;
  }
  return { Component: DeferredComponent, preload };
}

/** True from the first render where `flag` is true on: a dialog is mounted once first opened, then kept. */
export function useOnceTrue(flag: boolean): boolean {
  const [seen, setSeen] = useState(flag);
  if (flag && !seen) setSeen(true);
  return seen || flag;
}
