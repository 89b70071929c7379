/**
 * curl's command-line options, read into a plain description of the request (no secrets policy
 * here: curl.ts decides what is kept). Short options may be grouped (`-sSL`) and take their value
 * attached (`-XPOST`, `-H'A: b'`) or as the next word.
 */

/** -d/--data/--data-ascii ('data': a file's line breaks are dropped), --data-binary/--data-raw ('binary'), --data-urlencode, --json. */
export type DataKind = 'data' | 'binary' | 'urlencode' | 'json';

export interface CurlArgs {
  method: string | null;
  urls: string[];
  /** In order; -A, -e and -b become headers where they appear. */
  headers: Array<[string, string]>;
  data: Array<{ kind: DataKind; value: string }>;
  get: boolean;
  head: boolean;
  /** -F/--form*: curl sends a multipart POST (the app does not import the parts). */
  form: boolean;
  /** -T/--upload-file: curl sends a PUT of the file (not imported); the file's name is added to a URL ending in `/`. */
  upload: string | null;
  /** Headers written `Name:`, which curl leaves out even where it would add them itself. */
  removedHeaders: string[];
  user: string | null;
  oauth2Bearer: string | null;
  queryParts: string[];
  /** Options that change nothing the app can keep, each in a sentence. */
  notes: string[];
}

type Kind =
  | 'method'
  | 'header'
  | 'data'
  | 'binary'
  | 'urlencode'
  | 'json'
  | 'user'
  | 'agent'
  | 'referer'
  | 'cookie'
  | 'url'
  | 'bearer'
  | 'url-query'
  | 'get'
  | 'head'
  | 'insecure'
  | 'form'
  | 'upload'
  | 'auth-scheme'
  | 'netrc'
  | 'config'
  /** Changes only what curl prints, saves or how it connects: nothing to keep. */
  | 'ignore'
  /** Understood, but the app has no equivalent. */
  | 'unsupported';

interface Option {
  kind: Kind;
  value: boolean;
}

const v = (kind: Kind): Option => ({ kind, value: true });
const flag = (kind: Kind): Option => ({ kind, value: false });

const IGNORED_WITH_VALUE =
  'output dump-header write-out stderr trace trace-ascii trace-config cookie-jar max-time connect-timeout retry retry-delay retry-max-time limit-rate max-filesize speed-limit speed-time keepalive-time expect100-timeout max-redirs output-dir happy-eyeballs-timeout-ms'.split(
    ' ',
  );
const IGNORED_FLAGS =
  'location location-trusted compressed silent show-error verbose include progress-bar no-progress-meter globoff fail fail-with-body fail-early no-buffer no-keepalive http1.0 http1.1 http2 http2-prior-knowledge http3 http3-only ipv4 ipv6 remote-name remote-name-all remote-header-name remote-time create-dirs path-as-is raw tr-encoding styled-output ssl ssl-reqd tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3 disable junk-session-cookies suppress-connect-headers parallel no-alpn no-npn no-sessionid tcp-nodelay tcp-fastopen xattr manual help version basic anyauth list-only use-ascii append'.split(
    ' ',
  );
const UNSUPPORTED_WITH_VALUE =
  'proxy proxy-user preproxy socks4 socks4a socks5 socks5-hostname cert key cacert capath pass cert-type key-type resolve connect-to interface unix-socket abstract-unix-socket dns-servers ciphers range aws-sigv4 request-target variable netrc-file local-port tls-max pinnedpubkey continue-at time-cond noproxy haproxy-clientip quote telnet-option ftp-port header-file login-options sasl-authzid service-name delegation crlfile'.split(
    ' ',
  );

const LONG: Record<string, Option> = {
  request: v('method'),
  header: v('header'),
  data: v('data'),
  'data-ascii': v('data'),
  'data-raw': v('binary'),
  'data-binary': v('binary'),
  'data-urlencode': v('urlencode'),
  json: v('json'),
  user: v('user'),
  'user-agent': v('agent'),
  referer: v('referer'),
  cookie: v('cookie'),
  url: v('url'),
  'url-query': v('url-query'),
  'oauth2-bearer': v('bearer'),
  form: v('form'),
  'form-string': v('form'),
  'upload-file': v('upload'),
  config: v('config'),
  get: flag('get'),
  head: flag('head'),
  insecure: flag('insecure'),
  'proxy-insecure': flag('insecure'),
  digest: flag('auth-scheme'),
  ntlm: flag('auth-scheme'),
  negotiate: flag('auth-scheme'),
  netrc: flag('netrc'),
  'netrc-optional': flag('netrc'),
  proxytunnel: flag('unsupported'),
  ...Object.fromEntries(IGNORED_WITH_VALUE.map((name) => [name, v('ignore')])),
  ...Object.fromEntries(IGNORED_FLAGS.map((name) => [name, flag('ignore')])),
  ...Object.fromEntries(UNSUPPORTED_WITH_VALUE.map((name) => [name, v('unsupported')])),
};

const SHORT: Record<string, string> = {
  X: 'request',
  H: 'header',
  d: 'data',
  u: 'user',
  A: 'user-agent',
  e: 'referer',
  b: 'cookie',
  F: 'form',
  T: 'upload-file',
  o: 'output',
  O: 'remote-name',
  L: 'location',
  k: 'insecure',
  s: 'silent',
  S: 'show-error',
  v: 'verbose',
  i: 'include',
  I: 'head',
  G: 'get',
  f: 'fail',
  g: 'globoff',
  N: 'no-buffer',
  '0': 'http1.0',
  '4': 'ipv4',
  '6': 'ipv6',
  x: 'proxy',
  U: 'proxy-user',
  E: 'cert',
  K: 'config',
  D: 'dump-header',
  w: 'write-out',
  m: 'max-time',
  r: 'range',
  c: 'cookie-jar',
  C: 'continue-at',
  z: 'time-cond',
  y: 'speed-time',
  Y: 'speed-limit',
  J: 'remote-header-name',
  Z: 'parallel',
  '#': 'progress-bar',
  n: 'netrc',
  R: 'remote-time',
  q: 'disable',
  j: 'junk-session-cookies',
  l: 'list-only',
  M: 'manual',
  h: 'help',
  V: 'version',
  p: 'proxytunnel',
  P: 'ftp-port',
  Q: 'quote',
  t: 'telnet-option',
  a: 'append',
  B: 'use-ascii',
  '1': 'tlsv1',
};

export function readCurlArgs(args: string[]): CurlArgs {
  const out: CurlArgs = {
    method: null,
    urls: [],
    headers: [],
    data: [],
    get: false,
    head: false,
    form: false,
    upload: null,
    removedHeaders: [],
    user: null,
    oauth2Bearer: null,
    queryParts: [],
    notes: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.urls.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const name = arg.slice(2);
      const option =
        LONG[name] ?? (name.startsWith('no-') && LONG[name.slice(3)]?.value === false ? flag('ignore') : undefined);
      if (!option) {
        out.notes.push(`The option ${arg} was not imported: the app does not know it.`);
        continue;
      }
      const value = option.value ? args[++i] : '';
      if (value === undefined) out.notes.push(`The option ${arg} has no value and was left out.`);
      else apply(out, option.kind, arg, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      i = readShortGroup(out, args, i);
      continue;
    }
    out.urls.push(arg);
  }
  return out;
}

/** `-sSL`, `-XPOST`, `-H` `value`: returns the index of the last word used. */
function readShortGroup(out: CurlArgs, args: string[], i: number): number {
  const arg = args[i]!;
  for (let k = 1; k < arg.length; k++) {
    const letter = arg[k]!;
    const name = SHORT[letter];
    const option = name ? LONG[name] : undefined;
    if (!name || !option) {
      out.notes.push(`The option -${letter} was not imported: the app does not know it.`);
      continue;
    }
    if (!option.value) {
      apply(out, option.kind, `-${letter}`, '');
      continue;
    }
    const attached = arg.slice(k + 1);
    const value = attached !== '' ? attached : args[++i];
    if (value === undefined) out.notes.push(`The option -${letter} has no value and was left out.`);
    else apply(out, option.kind, `-${letter}`, value);
    return i;
  }
  return i;
}

function apply(out: CurlArgs, kind: Kind, written: string, value: string): void {
  switch (kind) {
    case 'method':
      out.method = value;
      return;
    case 'header': {
      const parsed = parseHeaderArg(value);
      if (parsed) out.headers.push(parsed);
      else if (/^[^:;@\s]+:\s*$/.test(value)) out.removedHeaders.push(value.slice(0, value.indexOf(':')).toLowerCase());
      else if (value.startsWith('@'))
        out.notes.push(
          `The headers in the file ${value.slice(1)} (${written} ${value}) were not imported: add them as header rows.`,
        );
      return;
    }
    case 'data':
    case 'binary':
    case 'urlencode':
    case 'json':
      out.data.push({ kind, value });
      return;
    case 'user':
      out.user = value;
      return;
    case 'agent':
      out.headers.push(['User-Agent', value]);
      return;
    case 'referer':
      out.headers.push(['Referer', value.replace(/;auto$/, '')]);
      return;
    case 'cookie':
      if (value.includes('=')) out.headers.push(['Cookie', value]);
      else
        out.notes.push(
          `The cookies read from the file ${value} (${written}) were not imported: add a Cookie header by hand.`,
        );
      return;
    case 'url':
      out.urls.push(value);
      return;
    case 'url-query':
      out.queryParts.push(value);
      return;
    case 'bearer':
      out.oauth2Bearer = value;
      return;
    case 'get':
      out.get = true;
      return;
    case 'head':
      out.head = true;
      return;
    case 'insecure':
      out.notes.push(
        `The option ${written} was not imported: TLS checks are never turned off; trust the server's CA in Settings instead.`,
      );
      return;
    case 'form':
      out.form = true;
      out.notes.push(
        `The form field ${written} ${value} was not imported: the app sends JSON and text bodies, not multipart forms (curl sends it with POST).`,
      );
      return;
    case 'upload':
      out.upload = value;
      out.notes.push(
        `The file upload ${written} ${value} was not imported: put the file's content in the body instead (curl sends it with PUT).`,
      );
      return;
    case 'auth-scheme':
      out.notes.push(`${written} was not imported: the app sends Basic, API key and Bearer credentials only.`);
      return;
    case 'netrc':
      out.notes.push(`${written}: credentials from a .netrc file were not imported; enter them in Credentials.`);
      return;
    case 'config':
      out.notes.push(`The options in the config file ${value} (${written}) were not imported.`);
      return;
    case 'unsupported':
      out.notes.push(`The option ${written}${value ? ` ${value}` : ''} was not imported: the app has no equivalent.`);
      return;
    case 'ignore':
      return;
  }
}

/** `Name: value` → [Name, value]; `Name;` → an empty value (curl's syntax); `Name:` removes a header in curl: nothing. */
export function parseHeaderArg(text: string): [string, string] | null {
  const colon = text.indexOf(':');
  const semicolon = text.indexOf(';');
  if (colon === -1) {
    if (semicolon > 0 && text.slice(semicolon + 1).trim() === '') return [text.slice(0, semicolon).trim(), ''];
    return null;
  }
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).replace(/^[ \t]+/, '');
  if (name === '' || value === '') return null;
  return [name, value];
}
