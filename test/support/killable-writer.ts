/**
 * For the kill-during-save tests: a Node process that saves in a loop until it is killed. The
 * script writes "ready" on stdout after its first save; the test then reads the files while the
 * writer runs and kills it with SIGKILL at a moment of its choosing.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface KillableWriter {
  child: ChildProcessByStdio<null, Readable, null>;
  /** The signal that ended the writer. */
  exited: Promise<NodeJS.Signals | null>;
}

export async function startKillableWriter(script: string): Promise<KillableWriter> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the writer stopped before it was ready')));
  });
  return { child, exited };
}
