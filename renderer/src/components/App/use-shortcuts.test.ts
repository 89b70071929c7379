import { describe, expect, it } from 'vitest';
import { shortcutFor } from './use-shortcuts';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; handled?: boolean } = {}) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  defaultPrevented: mods.handled ?? false,
});

describe('shortcutFor', () => {
  it('sends, saves, opens and closes tabs with Ctrl or ⌘', () => {
    expect(shortcutFor(press('Enter', { ctrl: true }))).toBe('send');
    expect(shortcutFor(press('s', { meta: true }))).toBe('save');
    expect(shortcutFor(press('S', { ctrl: true, shift: true }))).toBe('save');
    expect(shortcutFor(press('t', { ctrl: true }))).toBe('newTab');
    expect(shortcutFor(press('w', { ctrl: true }))).toBe('closeTab');
  });

  it('leaves plain keys, Ctrl+Shift+T and keys a field already handled alone', () => {
    expect(shortcutFor(press('s'))).toBeNull();
    expect(shortcutFor(press('Enter'))).toBeNull();
    expect(shortcutFor(press('T', { ctrl: true, shift: true }))).toBeNull();
    expect(shortcutFor(press('Enter', { ctrl: true, handled: true }))).toBeNull();
    expect(shortcutFor(press('k', { ctrl: true }))).toBeNull();
  });
});
