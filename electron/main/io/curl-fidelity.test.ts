/**
 * A cURL import is right when the app sends what curl sends. Each case runs the real curl (through
 * bash, as a user would paste it) against a loopback HTTPS server trusted with --cacert, imports the
 * same text through the real IPC dispatch (import:curl), sends the imported request through
 * request:send to the same server, and compares what the server received from each: method, path
 * and query, headers and body. Only curl's own transport headers (Host, its User-Agent and
 * Accept when the command sets none, Content-Length, Accept-Encoding…) are left out of the comparison.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedRequest } from '../../../test/support/https-servers';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(new URL(`./fixtures/curl/${name}`, import.meta.url), 'utf8');

/** Headers that say how curl or Node carry the request, not what the request is. */
const TRANSPORT = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding', 'expect']);

interface Case {
  name: string;
  /** The text pasted into the app. */
  pasted: string;
  /** The curl command in it, as bash runs it (taken from the text, or the text itself). */
  command: string;
  /** The origin written in the command, pointed at the loopback server on both sides. */
  origin: string;
  /** Values for the shell variables (bash) and the same {{variables}} (the app). */
  variables?: Record<string, string>;
  /** The body is one the app does not import (a form or a file upload): compare everything else. */
  bodyNotImported?: boolean;
}

/** The line of the text that starts the curl command, up to the end of its `\` continuations. */
function commandIn(text: string, startsWith: string): string {
  const start = text.indexOf(startsWith);
  if (start === -1) throw new Error(`no "${startsWith}" in the fixture`);
  const lines = text.slice(start).split('\n');
  const end = lines.findIndex((line) => !/\\\s*$/.test(line));
  return lines.slice(0, end + 1).join('\n');
}

const chrome = fixture('chrome-copy-bash.sh');
const zoom = fixture('zoomwh-upload.sh');
const slack = fixture('slack-webhook-readme.md');
const liatrio = fixture('liatrio-release-upload.sh');
const keiupload = fixture('keiupload-form.sh');
const frontendmasters = fixture('frontendmasters-run-api.sh');

const CASES: Case[] = [
  {
    name: 'Chrome "Copy as cURL (bash)": browser headers, --data-raw form data, --compressed',
    pasted: chrome,
    command: commandIn(chrome, "curl 'http://127.0.0.1:5000/'"),
    origin: 'http://127.0.0.1:5000',
  },
  {
    name: 'a bash script with echo lines and -F fields: a multipart POST',
    pasted: zoom,
    command: commandIn(zoom, 'curl -X POST \\'),
    origin: 'http://localhost:7171',
    variables: { API_KEY: 'key-from-the-environment', file: 'upload.txt' },
    bodyNotImported: true,
  },
  {
    name: 'a README with the command in a ```sh fence',
    pasted: slack,
    command: commandIn(slack, 'curl -X POST'),
    origin: 'https://hooks.slack.com',
  },
  {
    name: 'a GitHub Actions script: echo lines, a GET written to a file',
    pasted: liatrio,
    command: commandIn(liatrio, 'curl -H "Accept'),
    origin: 'https://api.github.com',
  },
  {
    name: '-F without -X: curl sends POST',
    pasted: keiupload,
    command: commandIn(keiupload, 'curl -s -F'),
    origin: 'http://0.0.0.0:9900',
    bodyNotImported: true,
  },
  {
    name: '-d JSON without a Content-Type, no scheme: curl sends the form type',
    pasted: commandIn(frontendmasters, 'curl \\\n--silent'),
    command: commandIn(frontendmasters, 'curl \\\n--silent'),
    origin: 'localhost:3000',
  },
  {
    name: 'a console transcript in a fence: $ prompts, output after the command',
    pasted: [
      '```console',
      '$ curl https://api.example.com/items \\',
      `    --json '{"name": "Ada"}'`,
      '{"id": 1}',
      '```',
    ].join('\n'),
    command: `curl https://api.example.com/items \\\n    --json '{"name": "Ada"}'`,
    origin: 'https://api.example.com',
  },
  ...[
    [
      '-T: curl sends PUT, to the file name when the URL has none',
      "curl -T upload.txt 'https://files.example/dir/'",
      true,
    ],
    ['-I: HEAD', 'curl -I https://files.example/x', false],
    [
      '-G: the data goes into the query of a GET',
      "curl -G -d a=1 --data-urlencode 'q=a b&c' https://files.example/s",
      false,
    ],
    ['--json: the JSON type and Accept', `curl --json '{"a":1}' https://files.example/j`, false],
    [
      '--data-urlencode and --data-binary: joined with &, the form type',
      "curl --data-urlencode 'q=a b&c' --data-binary 'x=1' https://files.example/u",
      false,
    ],
    [
      '-d with -X PUT and a Content-Type removed with "Content-Type:"',
      `curl -X PUT -H 'Content-Type:' -d '{"raw":true}' https://files.example/p`,
      false,
    ],
    [
      '-d with its own Content-Type',
      `curl -H 'Content-Type: application/json' -d '{"b":2}' https://files.example/c`,
      false,
    ],
  ].map(([name, command, bodyNotImported]) => ({
    name: name as string,
    pasted: command as string,
    command: command as string,
    origin: 'https://files.example',
    bodyNotImported: bodyNotImported as boolean,
  })),
];

let world: TwoOrigins;
let folder: string;

beforeAll(async () => {
  world = await startTwoOrigins((_req, res) => res.end('ok'));
  folder = mkdtempSync(join(tmpdir(), 'curl-fidelity-'));
  writeFileSync(join(folder, 'ca.pem'), world.caPem);
  writeFileSync(join(folder, 'upload.txt'), 'file content\n');
});

afterAll(async () => {
  await world.close();
  rmSync(folder, { recursive: true, force: true });
});

/** What the server got from the real curl for the command, pointed at the server. */
async function sentByCurl(c: Case): Promise<ReceivedRequest> {
  const target = `https://localhost:${world.home.port}`;
  const command = c.command.replace(c.origin, target);
  const shim = `curl() { command curl --cacert ca.pem -sS -o /dev/null "$@"; }\n`;
  const before = world.home.received.length;
  const positional = ['upload.txt', 'a/path', 'yes', 'no'];
  await run('bash', ['-c', shim + command, 'bash', ...positional], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', ...c.variables },
  });
  expect(world.home.received.length, 'curl reached the server once').toBe(before + 1);
  return world.home.received.at(-1)!;
}

/** What the server got from the app for the imported request, pointed at the server. */
async function sentByApp(c: Case): Promise<ReceivedRequest> {
  const { request } = await world.call('import:curl', { text: c.pasted });
  const put = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => c.variables?.[name] ?? whole);
  const url = put(request.url).replace(/^https?:\/\/[^/?#]+/, `https://localhost:${world.home.port}`);
  const headers = request.headers.map((h, k) => ({
    id: `h${k}`,
    name: h.name,
    value: put(h.value),
    enabled: h.enabled,
    origin: 'user' as const,
  }));
  const before = world.home.received.length;
  const result = await world.call(
    'request:send',
    world.request({ method: request.method, url, headers, body: put(request.body) }),
  );
  expect(result.kind, JSON.stringify(result)).toBe('response');
  expect(world.home.received.length, 'the app reached the server once').toBe(before + 1);
  return world.home.received.at(-1)!;
}

/** Header names and values, without transport headers and without curl's own defaults. */
function comparable(received: ReceivedRequest, c: Case): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(received.headers)) {
    if (TRANSPORT.has(name) || value === undefined) continue;
    if (c.bodyNotImported && name === 'content-type') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const curlDefault = (name: string, value: string) =>
  (name === 'user-agent' && value.startsWith('curl/')) || (name === 'accept' && value === '*/*');

describe('cURL import: the app sends what curl sends (real curl, loopback HTTPS)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const fromCurl = await sentByCurl(c);
    const fromApp = await sentByApp(c);
    expect(fromApp.method).toBe(fromCurl.method);
    expect(fromApp.path).toBe(fromCurl.path);
    if (!c.bodyNotImported) expect(fromApp.body).toBe(fromCurl.body);
    const curlHeaders = Object.fromEntries(
      Object.entries(comparable(fromCurl, c)).filter(([name, value]) => !curlDefault(name, value)),
    );
    const appOwn = (name: string) => !(name in curlHeaders) && ['user-agent', 'accept'].includes(name);
    const appHeaders = Object.fromEntries(Object.entries(comparable(fromApp, c)).filter(([name]) => !appOwn(name)));
    expect(appHeaders).toEqual(curlHeaders);
  });
});
