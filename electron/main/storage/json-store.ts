/**
 * A small JSON file store for the app's own files (settings.json, credentials.json,
 * workspace.json), in place of electron-store: that wrote through `atomically`, which ignores short
 * writes, and its `clearInvalidConfig` silently emptied a file it could not parse, so one full disk
 * made every secret read "not set" after a restart. Here every save goes through the durable
 * writer, and a file that cannot be read or parsed is set aside (never cleared) with a sentence
 * for the user. The on-disk JSON is electron-store's (an object, tab-indented), so existing files
 * load. The data is read once and kept in memory: readers never touch the disk.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { PRIVATE_MODE, removeStaleTempFiles, writeFileDurably, type DurableFs } from './durable-file';
import { describeFsError, fsReason, withFsSentence } from './fs-errors';
import { setAside } from './set-aside';

export interface JsonStoreOptions<T extends object> {
  file: string;
  defaults: T;
  /** What the file holds, in words for a sentence: "your settings". */
  holds: string;
  /** What the user should do when the file was set aside: "Set them again in Settings." */
  whatToDo: string;
  /** Further checks of the parsed data (after the defaults' shape): false sets the file aside. */
  check?: (data: T) => boolean;
  /** Default 0600: these files hold secrets' metadata. */
  mode?: number;
  fs?: DurableFs;
}

export interface JsonStore<T extends object> {
  /** The data in memory (as read at open, or last saved). */
  data(): T;
  /** Writes `next` durably and keeps it; throws a sentence (the previous file stays) when it cannot. */
  save(next: T): void;
  /** A sentence for the user when the file could not be read and was set aside; null otherwise. */
  notice(): string | null;
}

type Loaded<T> = { data: T; notice: string | null; blocked: boolean };

export function openJsonStore<T extends object>(options: JsonStoreOptions<T>): JsonStore<T> {
  const name = basename(options.file);
  const loaded = load(options, name);
  const { notice, blocked } = loaded;
  let data = loaded.data;
  return {
    data: () => data,
    save(next) {
      // The unreadable file is still in place: writing would clear it.
      if (blocked) throw new Error(notice!);
      withFsSentence(`save ${options.holds}`, name, () => {
        mkdirSync(dirname(options.file), { recursive: true });
        writeFileDurably(options.file, `${JSON.stringify(next, undefined, '\t')}\n`, {
          mode: options.mode ?? PRIVATE_MODE,
          fs: options.fs,
        });
      });
      data = next;
    },
    notice: () => notice,
  };
}

function load<T extends object>(options: JsonStoreOptions<T>, name: string): Loaded<T> {
  const fresh = (): T => structuredClone(options.defaults);
  removeStaleTempFiles(options.file);
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: fresh(), notice: null, blocked: false };
    return setAsideOrBlock(options, name, describeFsError(error, `read ${options.holds}`, name));
  }
  const parsed = parse(text, options.defaults);
  if (parsed && (options.check?.(parsed) ?? true)) return { data: parsed, notice: null, blocked: false };
  return setAsideOrBlock(
    options,
    name,
    `${name}, which holds ${options.holds}, could not be read: it is not valid JSON of this app.`,
  );
}

function setAsideOrBlock<T extends object>(options: JsonStoreOptions<T>, name: string, why: string): Loaded<T> {
  const data = structuredClone(options.defaults);
  try {
    const aside = setAside(options.file);
    return {
      data,
      notice: `${why} It was set aside as ${aside} in the app’s data folder and the app started without it. ${options.whatToDo}`,
      blocked: false,
    };
  } catch (error) {
    const reason = fsReason(error);
    const notice = `${why} It could not be set aside either (${reason.what}), so nothing is saved to it until the app is restarted. ${reason.todo}`;
    return { data, notice, blocked: true };
  }
}

/** The file's object with the defaults for missing keys; null when it is not JSON or a key has the wrong type. */
function parse<T extends object>(text: string, defaults: T): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const merged: Record<string, unknown> = { ...(structuredClone(defaults) as Record<string, unknown>), ...value };
  const wrongType = Object.entries(defaults).some(([key, fallback]) => !sameKind(merged[key], fallback));
  return wrongType ? null : (merged as T);
}

function sameKind(value: unknown, fallback: unknown): boolean {
  if (Array.isArray(fallback)) return Array.isArray(value);
  if (fallback === null) return true;
  return typeof value === typeof fallback && value !== null && !Array.isArray(value);
}
