import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAIN_PROCESS_V8_FLAGS, electronSwitches, mainProcessEnv } from './main-process-tuning.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The young generation's reserved size, in MB, after a burst of allocation where much survives (V8 grows it then). */
function youngGenerationAfterBurst(nodeFlags: readonly string[]): number {
  const script = `
    const ring = new Array(300000);
    for (let i = 0; i < 6e6; i++) ring[i % ring.length] = { i, s: 'v' + (i & 1023) };
    const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1048576));`;
  return Number(execFileSync(process.execPath, [...nodeFlags, '-e', script], { encoding: 'utf8', timeout: 30_000 }));
}

describe('how the main process is started', () => {
  it('gives Electron the V8 flags as one --js-flags switch', () => {
    expect(electronSwitches()).toEqual(['--js-flags=--max-semi-space-size=8']);
  });

  it('adds the allocator setting to the environment but keeps a value the user set', () => {
    expect(mainProcessEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(mainProcessEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
    expect(mainProcessEnv({ MALLOC_ARENA_MAX: '' }).MALLOC_ARENA_MAX).toBe('2');
  });

  it('packaged Linux builds start Electron with the same switches', () => {
    const config = parse(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as {
      linux?: { executableArgs?: string[] };
    };
    expect(config.linux?.executableArgs).toEqual(electronSwitches());
  });

  it('packaged builds flip the fuses that would let another process run code as the app', () => {
    const config = parse(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as {
      electronFuses?: Record<string, boolean>;
    };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // Spelled as electron-builder's own schema names them (it refuses unknown keys).
    const schema = JSON.parse(readFileSync(`${root}/node_modules/app-builder-lib/scheme.json`, 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown>; additionalProperties: boolean } };
    };
    expect(schema.definitions.FuseOptionsV1.additionalProperties).toBe(false);
    expect(Object.keys(schema.definitions.FuseOptionsV1.properties)).toEqual(
      expect.arrayContaining(Object.keys(config.electronFuses!)),
    );
  });

  it('the flags cap the young generation that V8 would otherwise grow further', () => {
    const capped = youngGenerationAfterBurst(MAIN_PROCESS_V8_FLAGS);
    // V8's own default depends on the machine's memory, so the comparison names a larger cap.
    const uncapped = youngGenerationAfterBurst(['--max-semi-space-size=32']);
    expect(capped).toBeLessThanOrEqual(16); // two semi-spaces of 8 MB
    expect(uncapped).toBeGreaterThan(capped);
  });
});
