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

export function deferred<P extends object>(load: () => Promise<ComponentType<P>>): Deferred<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // the next render tries again
        throw error;
      },
    ));

  function DeferredComponent(props: P) {
    const [Loaded, setLoaded] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Loaded) return;
      let live = true;
      preload().then(
        (component) => live && setLoaded(() => component),
        (error: Error) => console.error(`Could not load a part of the app: ${error.message}`),
      );
      return () => {
        live = false;
      };
    }, [Loaded]);
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
