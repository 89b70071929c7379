import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoticeTimer } from './use-notice';

/** A timer whose every change is recorded, as the component would show it. */
function recorded() {
  const shown: (string | null)[] = [];
  const timer = new NoticeTimer<string>((notice) => shown.push(notice));
  return { timer, current: () => shown.at(-1) ?? null };
}

describe('NoticeTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a notice and hides it after its time', () => {
    const { timer, current } = recorded();
    timer.show('Saved “Publish”.', 4000);
    expect(current()).toBe('Saved “Publish”.');
    vi.advanceTimersByTime(3999);
    expect(current()).toBe('Saved “Publish”.');
    vi.advanceTimersByTime(1);
    expect(current()).toBeNull();
  });

  it('gives a replacing notice its full time: the old timer does not hide it', () => {
    const { timer, current } = recorded();
    timer.show('first', 4000);
    vi.advanceTimersByTime(3000);
    timer.show('second', 4000);
    vi.advanceTimersByTime(3000);
    expect(current()).toBe('second');
    vi.advanceTimersByTime(1000);
    expect(current()).toBeNull();
  });

  it('hides at once given null, and no timer is left', () => {
    const { timer, current } = recorded();
    timer.show('first', 4000);
    timer.show(null, 4000);
    expect(current()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('changes nothing after it is disposed (the component unmounted)', () => {
    const shown: (string | null)[] = [];
    const timer = new NoticeTimer<string>((notice) => shown.push(notice));
    timer.show('Copied', 4000);
    timer.dispose();
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual(['Copied']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps each notice for the time it was shown with', () => {
    const { timer, current } = recorded();
    timer.show('Deleted “Ads”.', 10_000);
    vi.advanceTimersByTime(9_999);
    expect(current()).toBe('Deleted “Ads”.');
    vi.advanceTimersByTime(1);
    expect(current()).toBeNull();
  });
});
