/**
 * Pure rules of the runner's list: when a page of rows read while the run went on is whole, and
 * whether the list follows the newest row.
 */

/** A page is whole when it is full, or when it reaches the last row counted so far. */
export function isPageComplete(page: number, length: number, pageSize: number, count: number): boolean {
  return length >= pageSize || page * pageSize + length >= count;
}

/** Within this many pixels of the end, the list counts as at the bottom and follows new rows. */
export const FOLLOW_SLACK_PX = 4;

/** Whether a scroller is at its bottom (or has nothing to scroll). */
export function isAtBottom(scrollTop: number, viewportPx: number, contentPx: number): boolean {
  return scrollTop + viewportPx >= contentPx - FOLLOW_SLACK_PX;
}
