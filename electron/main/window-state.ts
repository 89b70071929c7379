/**
 * The main window's size, place and maximised state, kept in window-state.json (the durable JSON
 * store) across launches, and put back only where a display still shows it: a window saved on a
 * screen that is gone (a laptop off its external display) would open out of reach.
 */
import { join } from 'node:path';
import { openJsonStore } from './storage/json-store';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's bounds when not maximised; null before the first save. */
  bounds: Rectangle | null;
  maximized: boolean;
}

/** Where the window opens: its saved place, or only the default size (Electron then centres it). */
export type Placement = { bounds: Rectangle | { width: number; height: number }; maximized: boolean };

export const DEFAULT_SIZE = { width: 1280, height: 820 };

/** How much of the window must lie on a display's work area to use its saved place: enough to grab it by its title bar. */
const MIN_VISIBLE = { width: 100, height: 50 };

const isRectangle = (value: unknown): value is Rectangle =>
  typeof value === 'object' &&
  value !== null &&
  (['x', 'y', 'width', 'height'] as const).every((key) => Number.isInteger((value as Record<string, unknown>)[key])) &&
  (value as Rectangle).width > 0 &&
  (value as Rectangle).height > 0;

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** True when enough of `bounds` lies on one of the work areas. */
export function onADisplay(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some((area) => {
    const shared = overlap(bounds, area);
    return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height;
  });
}

export function openWindowStateStore(dataDir: string) {
  const store = openJsonStore<WindowState>({
    file: join(dataDir, 'window-state.json'),
    defaults: { bounds: null, maximized: false },
    holds: 'the window’s size and place',
    whatToDo: 'The window opened at its default size.',
    check: (data) => (data.bounds === null || isRectangle(data.bounds)) && typeof data.maximized === 'boolean',
  });
  return {
    /** The saved place when it is on one of the displays' work areas; otherwise the default size. */
    placement(workAreas: readonly Rectangle[]): Placement {
      const { bounds, maximized } = store.data();
      return bounds && onADisplay(bounds, workAreas) ? { bounds, maximized } : { bounds: DEFAULT_SIZE, maximized };
    },
    /** Saves the window's place; a disk that refuses it costs only the place, never the app. */
    save(state: WindowState): void {
      try {
        store.save(state);
      } catch (error) {
        console.warn(`Partner API Workbench: ${(error as Error).message}`);
      }
    },
  };
}

export type WindowStateStore = ReturnType<typeof openWindowStateStore>;
