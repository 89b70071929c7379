/** Viewing large response bodies: paged lines from the main process, and a JSONPath filter. */
export { FilterBar, type AppliedFilter, type FilterBarProps } from './FilterBar';
export { PagedBody, type PagedBodyHandle, type PagedBodyProps } from './PagedBody';
export { describeProgress, progressFraction } from './progress-text';
export { useProgressPoll } from './use-job';
