/**
 * Long pieces of work the renderer names with a job id (a JSONPath filter, a large import) so it
 * can ask how far they are or cancel them: one registry shape and its two questions for both.
 */
export interface NamedJob<P> {
  controller: AbortController;
  progress: P;
}

/** How far the job is; null once it has ended (or never was). */
export function progressOf<P>(jobs: ReadonlyMap<string, NamedJob<P>>, jobId: string): P | null {
  return jobs.get(jobId)?.progress ?? null;
}

/** Cancels the job if it is still running. */
export function cancelNamedJob(jobs: ReadonlyMap<string, NamedJob<unknown>>, jobId: string): { cancelled: boolean } {
  const job = jobs.get(jobId);
  if (!job) return { cancelled: false };
  job.controller.abort();
  return { cancelled: true };
}
