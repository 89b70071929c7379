/**
 * A file system for fault tests: the real one until a fault is switched on, then writes go wrong as
 * on a full disk. 'short': the next write puts half its bytes on disk and returns that count, then
 * every write throws ENOSPC (what Linux does when the disk fills mid-write). 'enospc': every write
 * throws ENOSPC. 'lying': writes half and reports the whole. 'short-once': half once, then all is
 * well again (a writer that loops must still produce the whole file). Stores take it as `fs`.
 */
import * as fs from 'node:fs';
import type { DurableFs } from '../electron/main/storage/durable-file';

export type Fault = 'none' | 'short' | 'short-once' | 'enospc' | 'lying';

export interface FaultyFs extends DurableFs {
  fault: Fault;
  /** Writes that went wrong since the test began. */
  failures: number;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

export function faultyFs(): FaultyFs {
  const faulty: FaultyFs = {
    ...(fs as DurableFs),
    fault: 'none',
    failures: 0,
    writeSync(fd, buffer, offset, length) {
      if (faulty.fault === 'none' || length === 0) return fs.writeSync(fd, buffer, offset, length);
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
