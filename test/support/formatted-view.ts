/**
 * A large body's view is answered while its worker still formats it: tests that need every line
 * wait here until the view says its formatting is done, recording each status seen on the way.
 */
import type { ViewStatus } from '../../shared/http-types';

/** Polls `status` until the formatting is done; resolves with every status seen, the last one done. */
export async function untilFormatted(status: () => ViewStatus | Promise<ViewStatus>): Promise<ViewStatus[]> {
  const seen: ViewStatus[] = [];
  for (;;) {
    const now = await status();
    seen.push(now);
    if (now.formatting.done) return seen;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
