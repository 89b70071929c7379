/**
 * Turns a file-system error into a sentence for the user. Node's own messages ("ENOSPC: no space
 * left on device, open '/home/…/credentials.json.123.tmp'") name an errno and an absolute path:
 * neither means anything to the user, and the path shows their home folder and user name. Every
 * store and handler that touches disk, and the IPC dispatch as a last resort, says instead what
 * failed, which file by its role or base name, and what to do.
 */
import { basename } from 'node:path';

export interface Reason {
  what: string;
  todo: string;
}

const REASONS: Record<string, Reason> = {
  ENOSPC: { what: 'the disk is full', todo: 'Free some disk space, then try again.' },
  EDQUOT: { what: 'your disk quota is used up', todo: 'Free some disk space, then try again.' },
  EACCES: {
    what: 'the app is not allowed to write or read there',
    todo: 'Check the folder’s permissions (or choose another folder), then try again.',
  },
  EPERM: {
    what: 'the system did not allow it',
    todo: 'Check the folder’s permissions (or choose another folder), then try again.',
  },
  EROFS: {
    what: 'the disk is read-only',
    todo: 'Make the disk writable (or choose a folder on another disk), then try again.',
  },
  ENAMETOOLONG: {
    what: 'a file name or path is too long',
    todo: 'Use a shorter name, or a folder closer to the top of the disk.',
  },
  EMFILE: { what: 'too many files are open', todo: 'Close some programs (or restart the app), then try again.' },
  ENFILE: {
    what: 'too many files are open on this system',
    todo: 'Close some programs (or restart the app), then try again.',
  },
  ENOENT: { what: 'a file or folder it needs is missing', todo: 'Check that the folder still exists, then try again.' },
  ENOTDIR: { what: 'a folder in the path is a file', todo: 'Check the folder, then try again.' },
  EISDIR: { what: 'a folder is where a file should be', todo: 'Check the folder, then try again.' },
  EEXIST: { what: 'a file of that name is already there', todo: 'Use another name, then try again.' },
  EBUSY: { what: 'the file is in use by another program', todo: 'Close the other program, then try again.' },
  EIO: { what: 'the disk reported an error', todo: 'Check the disk, then try again.' },
};

/** A Node system error (it carries an errno code such as ENOSPC), as thrown by node:fs. */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/**
 * "Could not save the settings (settings.json): the disk is full. Free some disk space, then try
 * again." `doing` is what failed, in words; `file` the file's role or base name (default: the base
 * name of the path in the error, never the path itself).
 */
export function describeFsError(error: unknown, doing = 'read or write a file', file?: string): string {
  const named =
    file ??
    (typeof (error as NodeJS.ErrnoException | null)?.path === 'string'
      ? basename((error as NodeJS.ErrnoException).path!)
      : undefined);
  const reason = fsReason(error);
  return `Could not ${doing}${named ? ` (${named})` : ''}: ${reason.what}. ${reason.todo}`;
}

/** What went wrong ("the disk is full") and what to do, for sentences of the caller's own. */
export function fsReason(error: unknown): Reason {
  const code = isFsError(error) ? error.code : undefined;
  return (
    (code && REASONS[code]) || {
      what: `the file system refused${code ? ` (${code})` : ''}`,
      todo: 'Try again; if it keeps failing, restart the app.',
    }
  );
}

/** Runs `work`; a file-system error becomes an Error whose message is describeFsError's sentence. */
export function withFsSentence<T>(doing: string, file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isFsError(error)) throw error;
    throw new Error(describeFsError(error, doing, file));
  }
}
