import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultyFs, type Fault } from '../../../test/support/faulty-fs';
import { onSmallDisk } from '../../../test/support/small-disk';
import { appendFileFully, writeFileDurably } from './durable-file';
import { describeFsError } from './fs-errors';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'durable-file-'));
  file = join(dir, 'credentials.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `${JSON.stringify({ environments: ['the good one'] })}\n`;
const NEXT = `${JSON.stringify({ environments: ['x'.repeat(100_000)] })}\n`;

describe('writeFileDurably', () => {
  it('replaces the file with exactly the new bytes, private to the user', () => {
    writeFileDurably(file, GOOD);
    writeFileDurably(file, NEXT);
    expect(readFileSync(file, 'utf8')).toBe(NEXT);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['credentials.json']);
  });

  it('keeps writing when the system writes fewer bytes than asked', () => {
    writeFileDurably(file, GOOD);
    const fs = faultyFs();
    fs.fault = 'short-once';
    writeFileDurably(file, NEXT, { fs });
    expect(fs.failures).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(NEXT);
  });

  it.each<Fault>(['short', 'enospc', 'lying'])(
    'keeps the previous file whole when a write goes wrong (%s)',
    (fault) => {
      writeFileDurably(file, GOOD);
      const fs = faultyFs();
      fs.fault = fault;
      expect(() => writeFileDurably(file, NEXT, { fs })).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
      expect(readFileSync(file, 'utf8')).toBe(GOOD);
      expect(readdirSync(dir)).toEqual(['credentials.json']); // the temp file is gone
    },
  );

  it('appends every byte even when the system writes fewer than asked', () => {
    writeFileSync(file, 'first\n');
    const fs = faultyFs();
    fs.fault = 'short-once';
    appendFileFully(file, 'second line\n', { fs });
    expect(readFileSync(file, 'utf8')).toBe('first\nsecond line\n');
  });
});

describe('on a real disk that fills up or turns read-only', () => {
  it('keeps the previous file when the disk is full', (ctx) =>
    onSmallDisk(ctx, 64, (disk) => {
      const target = join(disk.dir, 'settings.json');
      writeFileDurably(target, GOOD);
      let error: unknown;
      try {
        writeFileDurably(target, 'y'.repeat(200 * 1024));
      } catch (caught) {
        error = caught;
      }
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(readFileSync(target, 'utf8')).toBe(GOOD);
      expect(readdirSync(disk.dir)).toEqual(['settings.json']);
      expect(describeFsError(error, 'save the settings', 'settings.json')).toBe(
        'Could not save the settings (settings.json): the disk is full. Free some disk space, then try again.',
      );
    }));

  it('keeps the previous file when the folder is read-only', (ctx) =>
    onSmallDisk(ctx, 64, (disk) => {
      const target = join(disk.dir, 'settings.json');
      writeFileDurably(target, GOOD);
      disk.readOnly();
      expect(() => writeFileDurably(target, NEXT)).toThrow(expect.objectContaining({ code: 'EROFS' }));
      expect(readFileSync(target, 'utf8')).toBe(GOOD);
    }));
});
