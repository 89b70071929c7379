/**
 * cURL in and out. parseCurl reads a pasted command (bash or Windows cmd style, as API docs print
 * them) into one request; toCurl writes a request in the style of the Partner API's docs.
 *
 * Secrets never enter an imported request: a literal X-API-KEY, Bearer token or Basic user and
 * password becomes the request's auth choice (its values are entered in Credentials) and a line in
 * `unsupported`. Values made of `{{variables}}` are not secrets and stay as headers.
 */
import type { ImportResult, ImportedCollection } from '../../../shared/collections';
import type { SavedHeader } from '../../../shared/schemas/header';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { Method } from '../../../shared/http-types';
import {
  declareVariable,
  encodeKeepingVariables,
  hostOf,
  noteUnsupportedDynamicVariables,
  requestName,
  toMethod,
  variableNames,
} from './common';
import { extractCredentialHeaders, noCredentials, withCredentials, type CredentialsFound } from './credential-headers';
import { readCurlArgs, type CurlArgs } from './curl-options';
import { shellTextOf } from './markdown-code';
import { splitCommands, type ShellCommand } from './shell-words';

const CURL_WORD = /^(?:.*[\\/])?curl(?:\.exe)?$/i;

/** True when the text holds a curl command (used by format detection). */
export function containsCurlCommand(text: string): boolean {
  // Stryker: equivalent — the fallback for a command without words is never used (splitCommands gives none) and, mutated, is no curl word.
  return splitCommands(shellTextOf(text)).some((command) => CURL_WORD.test(command.words[0] ?? ''));
}

export function parseCurl(text: string, files: Record<string, string> = {}): ImportResult {
  const unsupported: string[] = [];
  const command = findCurlCommand(text, unsupported);
  const args = readCurlArgs(command.words.slice(1));
  unsupported.push(...args.notes);

  const credentials = noCredentials();
  let url = chooseUrl(args, unsupported);
  if (stripUserInfo(url) !== url) {
    url = stripUserInfo(url);
    credentials.basic = true;
    unsupported.push('The user and password in the URL were not imported: enter them in Credentials → Basic.');
  }

  let body = buildBody(args, files, unsupported);
  const extraQuery = [
    ...args.queryParts.map((part) => urlencodeArg(part, files, unsupported)),
    ...(args.get && body ? [body] : []),
  ];
  if (args.get) body = '';
  if (extraQuery.length > 0) url += (url.includes('?') ? '&' : '?') + extraQuery.join('&');

  if (args.upload !== null && !args.get) url = withUploadName(url, args.upload);
  const method = chooseMethod(args, unsupported);
  const headers = keepHeaders(args, credentials, unsupported);

  if (args.user !== null) {
    credentials.basic = true;
    unsupported.push('The user and password (-u) were not imported: enter them in Credentials → Basic.');
  }

  const variables: VariableDef[] = [];
  for (const name of variableNames([url, body, ...headers.map((h) => h.value)].join('\n')))
    declareVariable(variables, name);
  const names = command.shellVariables.filter((name) => variables.some((v) => v.name === name));
  if (names.length > 0) {
    unsupported.push(
      `The shell variables ${names.map((n) => `$${n}`).join(', ')} became the variables ${names.map((n) => `{{${n}}}`).join(', ')}: give them values in the collection's variables.`,
    );
  }
  for (const kept of command.substitutions)
    unsupported.push(`The command substitution ${kept} cannot be run here; it was kept as text.`);

  const collection: ImportedCollection = {
    name: hostOf(url) ?? 'cURL import',
    variables,
    auth: { mode: 'none' },
    items: [
      {
        kind: 'request',
        request: {
          name: requestName(method, url),
          method,
          url,
          headers,
          body,
          auth: withCredentials({ mode: 'none' }, credentials),
          captures: [],
        },
      },
    ],
  };
  noteUnsupportedDynamicVariables([collection], [], unsupported);
  return { format: 'cURL command', collections: [collection], environments: [], unsupported };
}

/** The first curl command; option lines that docs forgot to join with `\` are joined back. */
function findCurlCommand(text: string, unsupported: string[]): ShellCommand {
  const commands = splitCommands(shellTextOf(text));
  // Stryker: equivalent — the `?? ''` fallback, as in containsCurlCommand.
  const start = commands.findIndex((command) => CURL_WORD.test(command.words[0] ?? ''));
  if (start === -1) throw new Error('This text has no curl command in it.');
  const command: ShellCommand = { ...commands[start]!, words: [...commands[start]!.words] };
  let next = start + 1;
  while (next < commands.length && commands[next]!.words[0]!.startsWith('-')) {
    const more = commands[next]!;
    command.words.push(...more.words);
    command.shellVariables.push(...more.shellVariables.filter((name) => !command.shellVariables.includes(name)));
    command.substitutions.push(...more.substitutions);
    next++;
  }
  // Stryker: equivalent — the `?? ''` fallback, as in containsCurlCommand.
  const others = commands.slice(next).filter((c) => CURL_WORD.test(c.words[0] ?? '')).length;
  if (others > 0)
    unsupported.push(
      `Only the first curl command was imported; the text has ${others + 1}. Import the others one at a time.`,
    );
  return command;
}

function chooseUrl(args: CurlArgs, unsupported: string[]): string {
  const [first, ...rest] = args.urls;
  if (first === undefined) throw new Error('The curl command has no URL.');
  if (rest.length > 0) unsupported.push(`Only the first URL was imported; the command also names ${rest.join(', ')}.`);
  if (/^http:\/\//i.test(first)) {
    unsupported.push(
      `The URL ${first} uses http://, which the app does not send (HTTPS only): change it to https:// if the server offers it.`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(first) || first.startsWith('{{')) return first;
  unsupported.push(
    `The URL ${first} had no scheme; https:// was added (curl would use http://; the app sends HTTPS only).`,
  );
  return `https://${first}`;
}

function stripUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

/** The method curl would use: -X wins; else -I is HEAD, -T is PUT, data or a form (not moved by -G) is POST, else GET. */
function chooseMethod(args: CurlArgs, unsupported: string[]): Method {
  const fallback = curlDefaultMethod(args);
  if (args.method === null) return fallback;
  const method = toMethod(args.method);
  if (method) return method;
  unsupported.push(`The method ${args.method} is not one the app sends; ${fallback} was used instead.`);
  return fallback;
}

function curlDefaultMethod(args: CurlArgs): Method {
  if (args.head) return 'HEAD';
  if (args.get) return 'GET';
  if (args.upload !== null) return 'PUT';
  return args.data.length > 0 || args.form ? 'POST' : 'GET';
}

/** `curl -T file.txt https://h/dir/` sends to https://h/dir/file.txt: a URL with no file part gets the file's name. */
function withUploadName(url: string, file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  // Stryker disable next-line Regex: equivalent — with `.*` greedy and `s`, dropping ^ or $ matches the same URLs the same way.
  const parts = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(.*)$/is.exec(url);
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent — an empty base adds an empty name, leaving the URL as it was.
  if (file === '-' || base === '' || !parts || !(parts[2] === '' || parts[2]!.endsWith('/'))) return url;
  return `${parts[1]}${parts[2] || '/'}${encodeURIComponent(base)}${parts[3]}`;
}

/** The body from -d/--data-raw/--data-binary/--data-urlencode/--json, parts joined as curl joins them. */
function buildBody(args: CurlArgs, files: Record<string, string>, unsupported: string[]): string {
  const parts = args.data.map(({ kind, value }) => {
    if (kind === 'urlencode') return urlencodeArg(value, files, unsupported);
    if (!isFileRef(value)) return value;
    const content = fileContent(value.slice(1), files, unsupported);
    // curl -d @file drops the file's carriage returns and newlines; --data-binary and --json keep them.
    return kind === 'data' ? content.replace(/[\r\n]/g, '') : content;
  });
  return parts.join(args.data.every((part) => part.kind === 'json') ? '' : '&');
}

/** `@advert.json`: the body is that file (the Partner API's docs write `--data-raw @advert.json`). */
function isFileRef(value: string): boolean {
  return /^@[^\s'"{}[\]]+$/.test(value);
}

function fileContent(name: string, files: Record<string, string>, unsupported: string[]): string {
  if (name === '-') {
    unsupported.push('The body is read from standard input (@-); paste it in the body instead.');
    return '';
  }
  const base = name.split(/[\\/]/).pop() ?? name;
  // Own keys only: @constructor or @__proto__ names a file the user did not give, not Object's.
  const content = Object.hasOwn(files, name) ? files[name] : Object.hasOwn(files, base) ? files[base] : undefined;
  if (content !== undefined) return content;
  unsupported.push(`The body comes from the file ${base}; choose that file to include it.`);
  return '';
}

/** curl's --data-urlencode forms: content, =content, name=content, @file, name@file. */
function urlencodeArg(value: string, files: Record<string, string>, unsupported: string[]): string {
  const at = value.search(/[=@]/);
  if (at === -1) return encodeKeepingVariables(value, curlEscape);
  const name = value.slice(0, at);
  const content = value[at] === '@' ? fileContent(value.slice(at + 1), files, unsupported) : value.slice(at + 1);
  const encoded = encodeKeepingVariables(content, curlEscape);
  return name === '' ? encoded : `${name}=${encoded}`;
}

/** curl's escaping (7.86 and later): only A-Z a-z 0-9 - . _ ~ kept, lower-case hex, a space as `+`. */
function curlEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    .replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
    .replace(/%20/g, '+');
}

/** Header rows to keep: literal credentials become the auth choice instead. */
function keepHeaders(args: CurlArgs, credentials: CredentialsFound, unsupported: string[]): SavedHeader[] {
  const rows: Array<[string, string]> = [...args.headers];
  if (args.oauth2Bearer !== null) rows.push(['Authorization', `Bearer ${args.oauth2Bearer}`]);
  for (const [name, value] of curlAddedHeaders(args)) {
    const lower = name.toLowerCase();
    if (!rows.some(([n]) => n.toLowerCase() === lower) && !args.removedHeaders.includes(lower))
      rows.push([name, value]);
  }
  return extractCredentialHeaders(
    rows.map(([name, value]) => ({ name, value, enabled: true })),
    credentials,
    unsupported,
  );
}

/** The headers curl adds for a body unless the command sets them: --json's pair, or the form type for -d. */
function curlAddedHeaders(args: CurlArgs): Array<[string, string]> {
  if (args.get || args.data.length === 0) return [];
  if (args.data.some((part) => part.kind === 'json'))
    return [
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ];
  return [['Content-Type', 'application/x-www-form-urlencoded']];
}

// ---------------------------------------------------------------------------------------------
// Out

export interface CurlRequest {
  method: Method;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

/** Single-quotes a word for POSIX shells: `it's` → `'it'\''s'`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The docs' style: `curl --location --request POST 'https://…' \` then one `--header` per line and
 * `--data-raw '…'`. An empty header value is written `Name;` (curl's syntax for sending it empty), and a body
 * without a Content-Type gets `Content-Type:` (curl's syntax for leaving out the type it would add).
 */
export function toCurl(request: CurlRequest): string {
  const lines = [`curl --location --request ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of request.headers)
    lines.push(`--header ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  // A body sent without a type: `Content-Type:` stops curl adding application/x-www-form-urlencoded.
  if (request.body !== '' && !request.headers.some(([name]) => name.toLowerCase() === 'content-type'))
    lines.push(`--header ${shellQuote('Content-Type:')}`);
  if (request.body !== '') lines.push(`--data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}
