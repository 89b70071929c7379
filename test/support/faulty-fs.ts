/**
 * A file system for fault tests: the real one until a fault is switched on, then writes go wrong as
 * on a full disk. 'short': the next write puts half its bytes on disk and returns that count, then
 * every write throws ENOSPC (what Linux does when the disk fills mid-write). 'enospc': every write
 * throws ENOSPC. 'lying': writes half and reports the whole. 'short-once': half once, then all is
 * well again (a writer that loops must still produce the whole file). `only`, when set, limits the
 * faults to files whose path it matches (e.g. one store's file). Stores take it as `fs`.
 */
import * as fs from 'node:fs';
import type { DurableFs } from '../../electron/main/storage/durable-file';

export type Fault = 'none' | 'short' | 'short-once' | 'enospc' | 'lying';

export interface FaultyFs extends DurableFs {
  fault: Fault;
  /** Only files whose path matches go wrong (default: all). */
  only: RegExp | null;
  /** Writes that went wrong since the test began. */
  failures: number;
}

const enospc = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

export function faultyFs(): FaultyFs {
  const paths = new Map<number, string>();
  const faulty: FaultyFs = {
    ...(fs as DurableFs),
    fault: 'none',
    only: null,
    failures: 0,
    openSync(path, flags, mode) {
      const fd = fs.openSync(path, flags, mode);
      paths.set(fd, path);
      return fd;
    },
    closeSync(fd) {
      paths.delete(fd);
      fs.closeSync(fd);
    },
    writeSync(fd, buffer, offset, length) {
      const spared = faulty.only !== null && !faulty.only.test(paths.get(fd) ?? '');
      if (faulty.fault === 'none' || length === 0 || spared) return fs.writeSync(fd, buffer, offset, length);
      faulty.failures++;
      if (faulty.fault === 'enospc') throw enospc();
      const written = fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
      if (faulty.fault === 'lying') return length;
      faulty.fault = faulty.fault === 'short' ? 'enospc' : 'none';
      return written;
    },
  };
  return faulty;
}
