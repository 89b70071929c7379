import { describe, expect, it } from 'vitest';
import { commandFor } from '../../key-presses';
import { tabBeside } from './use-shortcuts';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; handled?: boolean } = {}) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  defaultPrevented: mods.handled ?? false,
});

describe('commandFor', () => {
  it('sends, saves, opens and closes tabs with Ctrl or ⌘', () => {
    expect(commandFor(press('Enter', { ctrl: true }))).toBe('send');
    expect(commandFor(press('s', { meta: true }))).toBe('save');
    expect(commandFor(press('S', { ctrl: true, shift: true }))).toBe('save');
    expect(commandFor(press('t', { ctrl: true }))).toBe('newTab');
    expect(commandFor(press('w', { ctrl: true }))).toBe('closeTab');
  });

  it('moves between tabs with Ctrl+Tab, Ctrl+Shift+Tab and Ctrl/⌘+PageDown/PageUp', () => {
    expect(commandFor(press('Tab', { ctrl: true }))).toBe('nextTab');
    expect(commandFor(press('Tab', { ctrl: true, shift: true }))).toBe('previousTab');
    expect(commandFor(press('PageDown', { meta: true }))).toBe('nextTab');
    expect(commandFor(press('PageUp', { ctrl: true }))).toBe('previousTab');
    // ⌘+Tab is the OS's app switcher, never the app's.
    expect(commandFor(press('Tab', { meta: true }))).toBeNull();
  });

  it('focuses the URL, searches the response and shows the sheet', () => {
    expect(commandFor(press('l', { ctrl: true }))).toBe('focusUrl');
    expect(commandFor(press('F', { meta: true }))).toBe('searchResponse');
    expect(commandFor(press('/', { ctrl: true }))).toBe('shortcuts');
  });

  it('formats the body with Shift added to the search keys, cancels with Ctrl/⌘+. and toggles the sidebar with Ctrl/⌘+\\', () => {
    expect(commandFor(press('F', { ctrl: true, shift: true }))).toBe('formatBody');
    expect(commandFor(press('.', { meta: true }))).toBe('cancel');
    expect(commandFor(press('\\', { ctrl: true }))).toBe('toggleSidebar');
    expect(commandFor(press(',', { meta: true }))).toBe('settings');
  });

  it('generates code with Ctrl/⌘+Shift+G, and plain Ctrl+G is not it', () => {
    expect(commandFor(press('G', { ctrl: true, shift: true }))).toBe('generateCode');
    expect(commandFor(press('G', { meta: true, shift: true }))).toBe('generateCode');
    expect(commandFor(press('g', { ctrl: true }))).toBeNull();
  });

  it('leaves plain keys, Ctrl+Shift+T, Escape and keys a field already handled alone', () => {
    expect(commandFor(press('s'))).toBeNull();
    expect(commandFor(press('Enter'))).toBeNull();
    expect(commandFor(press('Tab'))).toBeNull();
    expect(commandFor(press('T', { ctrl: true, shift: true }))).toBeNull();
    expect(commandFor(press('Enter', { ctrl: true, handled: true }))).toBeNull();
    expect(commandFor(press('f', { ctrl: true, handled: true }))).toBeNull();
    expect(commandFor(press('k', { ctrl: true }))).toBeNull();
    expect(commandFor(press('Escape'))).toBeNull();
  });
});

describe('tabBeside', () => {
  it('steps to the next and previous tab, wrapping round', () => {
    expect(tabBeside(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(tabBeside(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(tabBeside(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(tabBeside(['a'], 'a', 1)).toBe('a');
  });
});
