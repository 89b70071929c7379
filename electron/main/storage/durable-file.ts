/**
 * The one way the app replaces a file it owns (settings, credentials, vault, workspace, history,
 * collection files), so that a full disk, a crash or a kill never leaves a torn or empty file in
 * place of a good one: write a temp file in the same folder, loop until every byte is written, check
 * its size, fsync it, rename it over the target, fsync the folder. On any failure the temp file is
 * removed and the previous file stays as it was. Node's writeSync may write fewer bytes than asked
 * (a full disk, a quota): ignoring its count once let a short file be renamed over the credentials.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file-system calls the writer makes; tests inject a writer that writes short or fails. */
export interface DurableFs {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fstatSync(fd: number): { size: number };
  fchmodSync(fd: number, mode: number): void;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}

const realFs: DurableFs = nodeFs;

/** Files holding secrets or metadata about secrets are private to the user. */
export const PRIVATE_MODE = 0o600;

export interface WriteOptions {
  /** Default 0600 (private). */
  mode?: number;
  fs?: DurableFs;
}

/** Replaces `file` with `data` durably, or throws and leaves the previous file untouched. */
export function writeFileDurably(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const fs = options.fs ?? realFs;
  const mode = options.mode ?? PRIVATE_MODE;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    try {
      fs.fchmodSync(fd, mode); // exactly `mode`, whatever the umask
      writeAll(fs, fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(fs, dirname(file));
}

/**
 * Appends `data` to `file` (created with `mode`), looping until every byte is written. Not synced:
 * for logs whose last lines may be lost in a crash; a failure may leave part of `data` written.
 */
export function appendFileFully(file: string, data: string, options: WriteOptions = {}): void {
  const fs = options.fs ?? realFs;
  const fd = fs.openSync(file, 'a', options.mode ?? PRIVATE_MODE);
  try {
    writeAll(fs, fd, Buffer.from(data, 'utf8'), false);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes every byte (writeSync may write fewer than asked), then checks the file holds exactly them. */
function writeAll(fs: DurableFs, fd: number, bytes: Uint8Array, checkSize = true): void {
  let written = 0;
  while (written < bytes.length) {
    const n = fs.writeSync(fd, bytes, written, bytes.length - written);
    if (!(n > 0)) throw shortWrite(written, bytes.length);
    written += n;
  }
  if (!checkSize) return;
  const size = fs.fstatSync(fd).size;
  if (size !== bytes.length) throw shortWrite(size, bytes.length);
}

function shortWrite(written: number, expected: number): NodeJS.ErrnoException {
  // A write that makes no progress is what a full disk looks like to writers that do not get ENOSPC.
  return Object.assign(new Error(`Only ${written} of ${expected} bytes could be written.`), { code: 'ENOSPC' });
}

/** Remove temp files left by writers of `file` that were killed mid-write (their process is gone). */
export function removeStaleTempFiles(file: string): void {
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = nodeFs.readdirSync(dirname(file));
  } catch {
    return; // no folder yet, so nothing left over
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid !== undefined && !isRunning(Number(pid))) removeQuietly(join(dirname(file), name));
  }
}

/** Best effort: on a read-only disk the leftover stays (it is never read) and the app still starts. */
function removeQuietly(path: string): void {
  try {
    nodeFs.rmSync(path, { force: true });
  } catch {
    // left for a later start
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // our own writes are synchronous: none is in flight now
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Make the rename itself durable (POSIX); folders cannot be opened for fsync on Windows. */
function syncFolder(fs: DurableFs, folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}
