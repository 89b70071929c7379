import { describe, expect, it } from 'vitest';
import { acceleratorOf, MENU_PLACES } from './command-menu';
import { COMMANDS } from './commands';

describe('acceleratorOf', () => {
  const binding = (id: string, index = 0) => COMMANDS.find((c) => c.id === id)!.bindings[index]!;

  it('writes bindings as Electron’s accelerators, ⌘ on macOS and Ctrl elsewhere by CmdOrCtrl', () => {
    expect(acceleratorOf(binding('newTab'))).toBe('CmdOrCtrl+T');
    expect(acceleratorOf(binding('send'))).toBe('CmdOrCtrl+Enter');
    expect(acceleratorOf(binding('formatBody'))).toBe('CmdOrCtrl+Shift+F');
    expect(acceleratorOf(binding('previousTab'))).toBe('Ctrl+Shift+Tab');
    expect(acceleratorOf(binding('nextTab', 1))).toBe('CmdOrCtrl+PageDown');
    expect(acceleratorOf(binding('shortcuts'))).toBe('CmdOrCtrl+/');
    expect(acceleratorOf(binding('toggleSidebar'))).toBe('CmdOrCtrl+\\');
  });
});

describe('MENU_PLACES', () => {
  it('places every command the app runs, and nothing else', () => {
    const ran = COMMANDS.filter((c) => !c.native).map((c) => c.id);
    expect(Object.keys(MENU_PLACES).sort()).toEqual([...ran].sort());
  });
});
