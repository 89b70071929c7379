/**
 * Runs newman (Postman's own runner) in the test process: the tests that prove an export runs in
 * Postman's world. The servers are on loopback, so a proxy from the environment must not be used for them.
 */
import { run, type NewmanRunOptions, type NewmanRunSummary } from 'newman';

export async function runNewman(options: NewmanRunOptions): Promise<NewmanRunSummary> {
  const saved = { NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
  process.env.NO_PROXY = process.env.no_proxy = ['127.0.0.1', 'localhost', saved.NO_PROXY ?? saved.no_proxy]
    .filter(Boolean)
    .join(',');
  try {
    return await new Promise((resolve, reject) => {
      run(options, (error, summary) => (error ? reject(error) : resolve(summary)));
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
