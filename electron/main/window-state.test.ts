/** The window's saved place: used only where a display shows enough of it; a broken file is set aside, not fatal. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_SIZE, onADisplay, openWindowStateStore } from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'window-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('needs enough of the window on one display to grab it', () => {
  expect(onADisplay({ x: 100, y: 100, width: 800, height: 600 }, [screen])).toBe(true);
  // Only a 40-pixel sliver is left on the screen.
  expect(onADisplay({ x: 1880, y: 100, width: 800, height: 600 }, [screen])).toBe(false);
  expect(onADisplay({ x: 2000, y: 100, width: 800, height: 600 }, [screen, { ...screen, x: 1920 }])).toBe(true);
});

it('opens at the default size before any save, and where it was saved after', () => {
  expect(openWindowStateStore(dir).placement([screen])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  openWindowStateStore(dir).save({ bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true });
  expect(openWindowStateStore(dir).placement([screen])).toEqual({
    bounds: { x: 10, y: 20, width: 900, height: 700 },
    maximized: true,
  });
});

it('sets a file it cannot read aside and opens at the default size', () => {
  writeFileSync(join(dir, 'window-state.json'), '{"bounds":{"x":"left"},"maximized":false}');
  expect(openWindowStateStore(dir).placement([screen])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  expect(readdirSync(dir).some((name) => name !== 'window-state.json')).toBe(true);
});
