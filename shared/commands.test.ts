import { describe, expect, it } from 'vitest';
import { bindingText, COMMANDS, isCommandId, isMacPlatform } from './commands';

describe('bindingText', () => {
  const binding = (id: string, index = 0) => COMMANDS.find((c) => c.id === id)!.bindings[index]!;

  it('writes bindings as Windows and Linux do', () => {
    expect(bindingText(binding('newTab'), false)).toBe('Ctrl+T');
    expect(bindingText(binding('send'), false)).toBe('Ctrl+Enter');
    expect(bindingText(binding('previousTab'), false)).toBe('Ctrl+Shift+Tab');
    expect(bindingText(binding('nextTab', 1), false)).toBe('Ctrl+PgDn');
    expect(bindingText(binding('shortcuts'), false)).toBe('Ctrl+/');
  });

  it('writes bindings as macOS does', () => {
    expect(bindingText(binding('newTab'), true)).toBe('⌘T');
    expect(bindingText(binding('send'), true)).toBe('⌘↩');
    expect(bindingText(binding('previousTab'), true)).toBe('⌃⇧⇥');
    expect(bindingText(binding('shortcuts'), true)).toBe('⌘/');
  });

  it('tells macOS from the others', () => {
    expect(isMacPlatform('macOS')).toBe(true);
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('Win32')).toBe(false);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('darwin')).toBe(true);
    expect(isMacPlatform('win32')).toBe(false);
  });
});

describe('the command list', () => {
  it('has one entry per id, and gives no two commands the same keys', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    const keys = COMMANDS.flatMap((c) => c.bindings.map((b) => bindingText(b, false)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('knows its ids and nothing else', () => {
    expect(isCommandId('newTab')).toBe(true);
    expect(isCommandId('constructor')).toBe(false);
    expect(isCommandId(42)).toBe(false);
  });
});
