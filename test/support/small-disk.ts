/**
 * A real, tiny disk for fault tests: a tmpfs of a few KB mounted on a temp folder (so a write runs
 * out of space for real), and the same disk remounted read-only. Mounting needs root (or the
 * capability) and a kernel that allows it; where it is not permitted the test is skipped with the
 * reason rather than pretending. The disk is mounted inside the test and unmounted when it ends, so a
 * filtered or skipped run never leaves a mount behind.
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

/** Runs `test` with a tmpfs of `sizeKb` mounted, then unmounts it; skips the test (with the reason) where mounting is not permitted. */
export async function onSmallDisk(
  ctx: { skip(note?: string): never },
  sizeKb: number,
  test: (disk: SmallDisk) => unknown,
): Promise<void> {
  const disk = mountSmallDisk(sizeKb);
  if ('unavailable' in disk) ctx.skip(disk.unavailable);
  try {
    await test(disk);
  } finally {
    disk.unmount();
  }
}

function mountSmallDisk(sizeKb: number): SmallDisk | { unavailable: string } {
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
