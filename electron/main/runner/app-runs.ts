/**
 * Collection runs in the app, on the engine the `workbench` command uses (engine.ts), over the app's
 * own send path and stores. Work in progress: the contract is in place so the window can be built
 * against it; the runs themselves come in the next commit.
 */
import type {
  RunDataFile,
  RunProgress,
  RunResults,
  RunRowResponse,
  RunStart,
  RunStarted,
} from '../../../shared/schemas/run';

export interface AppRuns {
  chooseDataFile(): Promise<RunDataFile | null>;
  start(request: RunStart): Promise<RunStarted>;
  progress(runId: string, from: number): RunProgress;
  results(runId: string, from: number, count: number, failedOnly: boolean): Promise<RunResults>;
  response(runId: string, index: number): Promise<RunRowResponse>;
  /** False when the run is not running (ended, or unknown). */
  cancel(runId: string): boolean;
  exportResults(runId: string, format: 'json' | 'junit'): Promise<{ saved: boolean; fileName?: string }>;
  drop(runId: string): Promise<boolean>;
  dispose(): Promise<void>;
}

/** A run the app no longer has (dropped, or from before a restart), in a sentence. */
export class UnknownRun extends Error {
  constructor() {
    super('That run is no longer there: start it again.');
  }
}

export function createAppRuns(): AppRuns {
  const missing = () => Promise.reject(new UnknownRun());
  return {
    chooseDataFile: () => Promise.resolve(null),
    start: () => Promise.reject(new Error('Running a collection is not available yet.')),
    progress: () => {
      throw new UnknownRun();
    },
    results: missing,
    response: missing,
    cancel: () => false,
    exportResults: missing,
    drop: () => Promise.resolve(false),
    dispose: () => Promise.resolve(),
  };
}
