/**
 * A real, tiny disk for fault tests: a tmpfs of a few KB mounted on a temp folder (so a write runs
 * out of space for real), and the same disk remounted read-only. Mounting needs root (or the
 * capability) and a kernel that allows it; where it is not permitted the helper says why and the
 * test skips with that message rather than pretending.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  readOnly(): void;
  unmount(): void;
}

/** A mounted tmpfs of `sizeKb`, or the reason it could not be mounted. */
export function mountSmallDisk(sizeKb: number): SmallDisk | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'small-disk-'));
  const run = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });
  try {
    run('-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const reason = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
    return { unavailable: `mounting a ${sizeKb} KB tmpfs is not permitted here (${reason || 'mount failed'})` };
  }
  return {
    dir,
    readOnly: () => run('-o', 'remount,ro', dir),
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
