import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Startup = typeof import('./startup');

const settings = { crmName: 'Test CRM', theme: 'dark' };
const credentials = { environments: [] };
const collections = { collections: [] };
const warnings = ['settings.json, which holds your settings, could not be read.'];

/** window.api with the four start-up channels; each answer waits until `release` is called. `answered` settles once all four have. */
function fakeApi(fail = false) {
  const asked: string[] = [];
  const answers: Array<Promise<unknown>> = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const answer = (name: string, value: unknown) => () => {
    asked.push(name);
    const answered = gate.then(() => {
      if (fail) throw new Error(`${name} failed`);
      return value;
    });
    answers.push(answered);
    return answered;
  };
  const api = {
    settings: { get: answer('settings', settings) },
    credentials: { get: answer('credentials', credentials) },
    collections: { list: answer('collections', collections) },
    app: { warnings: answer('warnings', warnings) },
  };
  return { api, asked, release: () => release(), answered: () => Promise.allSettled(answers) };
}

describe('start-up data', () => {
  let startup: Startup;
  let page: { documentElement: { dataset: Record<string, string> } };
  beforeEach(async () => {
    vi.resetModules();
    // The start-up data applies the saved theme to <html> as soon as it answers.
    page = { documentElement: { dataset: {} } };
    vi.stubGlobal('document', page);
    startup = await import('./startup');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks for settings, credentials, collections and warnings at once, before any answer, and only once', async () => {
    const fake = fakeApi();
    vi.stubGlobal('window', { api: fake.api });
    startup.startLoadingStartupData();
    expect(fake.asked).toEqual(['settings', 'credentials', 'collections', 'warnings']);
    expect(startup.startupDataIfAnswered()).toBeNull();

    fake.release();
    const data = await startup.loadStartupData();
    expect(data).toEqual({ settings, credentials, collections, warnings });
    expect(page.documentElement.dataset.theme).toBe('dark');
    expect(startup.startupDataIfAnswered()).toBe(data);
    expect(fake.asked).toHaveLength(4);
  });

  it('hands a failure to whoever waits for the data, and is not an unhandled rejection before that', async () => {
    // Vitest fails the run on an unhandled rejection: the wait below would let one show.
    const fake = fakeApi(true);
    vi.stubGlobal('window', { api: fake.api });
    startup.startLoadingStartupData();
    fake.release();
    await fake.answered();
    // Node reports a rejection nobody handles once the microtasks run out, before the next timer (0 ms: a turn of the event loop, not a guess at a duration).
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(startup.loadStartupData()).rejects.toThrow('settings failed');
    expect(startup.startupDataIfAnswered()).toBeNull();
  });
});
