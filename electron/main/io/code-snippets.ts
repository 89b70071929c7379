/**
 * "Generate code": the request as the app would send it (io/export-request.ts), written in another
 * language by httpsnippet (a maintained snippet library, not generators of our own). The preview the
 * renderer gets reads each credential and secret variable from an environment variable
 * (OLX_API_KEY…), never holds its value; with real values, the snippet goes to the clipboard from
 * here, in the main process, as copy as cURL does.
 *
 * httpsnippet writes every value as a string literal of its language. So each secret goes in as a
 * marker made of letters and digits (which no language escapes and no URL encodes), and the literal
 * holding a marker is then cut there and joined with that language's read of the variable:
 * `'Bearer MARK0'` becomes `'Bearer ' + process.env.OLX_ACCESS_TOKEN`.
 */
import { HTTPSnippet, type HarRequest } from '@readme/httpsnippet';
import type { CodeTargetId } from '../../../shared/code-targets';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import {
  requestWithPlaceholders,
  requestWithSecrets,
  type ExportedRequest,
  type ExportRequestDeps,
} from './export-request';

export interface ExportCodeDeps extends ExportRequestDeps {
  writeClipboard?(text: string): void;
}

/** How one language reads an environment variable into a string expression, and escapes in its literals. */
interface LanguageText {
  /** The expression that reads variable `name`. */
  read(name: string): string;
  /** What joins two string expressions ('' for the shell, which joins words by putting them side by side). */
  join: string;
  /** The code with what `read` needs (an import) added. */
  prepare?(code: string): string;
  /** Quotes that open a string literal; the shell's single quotes have no escapes. */
  quotes: string;
  escapes: boolean;
  /** `char` written inside a literal opened by `quote`. */
  escape(char: string, quote: string): string;
}

const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C's escapes, as JavaScript and Python write them. */
function cEscape(char: string): string {
  return NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

const C_LIKE = { join: ' + ', quotes: `"'`, escapes: true, escape: cEscape };

const LANGUAGES = {
  shell: { read: (name) => `"$${name}"`, join: '', quotes: "'", escapes: false, escape: (char) => char },
  php: {
    read: (name) => `getenv('${name}')`,
    join: ' . ',
    quotes: `"'`,
    escapes: true,
    // Single quotes know only \\ and \' (a tab or a line break is written as it is); double quotes expand $.
    escape: (char, quote) => (quote === "'" ? (char === '\\' ? '\\\\' : char) : char === '$' ? '\\$' : cEscape(char)),
  },
  python: {
    ...C_LIKE,
    read: (name) => `os.environ["${name}"]`,
    prepare: (code) => `import os\n${code}`,
  },
  node: { ...C_LIKE, read: (name) => `process.env.${name}` },
  java: { ...C_LIKE, read: (name) => `System.getenv("${name}")` },
  csharp: { ...C_LIKE, read: (name) => `Environment.GetEnvironmentVariable("${name}")` },
  go: {
    ...C_LIKE,
    read: (name) => `os.Getenv("${name}")`,
    prepare: (code) => code.replace('import (\n', 'import (\n\t"os"\n'),
  },
  ruby: { ...C_LIKE, read: (name) => `ENV.fetch("${name}")` },
} satisfies Record<string, LanguageText>;

/**
 * Characters some of httpsnippet's generators put into their literals as they are (a backslash, a
 * line break; `$` in PHP's double quotes): those go in as markers too and come out escaped.
 */
const JS_GAPS = /[\\\x00-\x1f]/g;

interface Target {
  target: Parameters<HTTPSnippet['convert']>[0];
  client: string;
  language: LanguageText;
  /** The characters this generator leaves unescaped in the values it writes as literals of its own. */
  gaps?: RegExp;
}

const TARGETS: Record<CodeTargetId, Target> = {
  curl: { target: 'shell', client: 'curl', language: LANGUAGES.shell },
  'php-guzzle': { target: 'php', client: 'guzzle', language: LANGUAGES.php },
  'php-curl': { target: 'php', client: 'curl', language: LANGUAGES.php, gaps: /[\\\x00-\x1f$]/g },
  'python-requests': { target: 'python', client: 'requests', language: LANGUAGES.python, gaps: JS_GAPS },
  'javascript-fetch': { target: 'javascript', client: 'fetch', language: LANGUAGES.node, gaps: JS_GAPS },
  'javascript-axios': { target: 'javascript', client: 'axios', language: LANGUAGES.node, gaps: JS_GAPS },
  'node-https': { target: 'node', client: 'native', language: LANGUAGES.node, gaps: JS_GAPS },
  'node-axios': { target: 'node', client: 'axios', language: LANGUAGES.node, gaps: JS_GAPS },
  'java-httpclient': { target: 'java', client: 'nethttp', language: LANGUAGES.java },
  'java-okhttp': { target: 'java', client: 'okhttp', language: LANGUAGES.java },
  'csharp-httpclient': { target: 'csharp', client: 'httpclient', language: LANGUAGES.csharp },
  go: { target: 'go', client: 'native', language: LANGUAGES.go },
  ruby: { target: 'ruby', client: 'native', language: LANGUAGES.ruby },
};

/** `apiKey` → `OLX_API_KEY`: the environment variable a credential or secret variable is read from. */
export function environmentName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `OLX_${words.toUpperCase()}`;
}

function contentTypeOf(request: ExportedRequest): string {
  return request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
}

/** The request as a HAR request, the input httpsnippet takes. */
function harRequest(request: ExportedRequest): HarRequest {
  const contentType = contentTypeOf(request);
  return {
    method: request.method,
    url: request.url,
    httpVersion: 'HTTP/1.1',
    headers: request.headers.map(([name, value]) => ({ name, value })),
    queryString: [],
    cookies: [],
    headersSize: -1,
    bodySize: -1,
    postData: request.body === '' ? { mimeType: 'application/octet-stream' } : postData(contentType, request.body),
  };
}

/**
 * The body as httpsnippet reads it: JSON and form fields are written as the language's own values;
 * any other body (multipart included: httpsnippet would rebuild it from fields we do not have) as text.
 */
function postData(contentType: string, body: string): HarRequest['postData'] {
  const mimeType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mimeType === 'application/x-www-form-urlencoded') {
    const params = [...new URLSearchParams(body)].map(([name, value]) => ({ name, value }));
    return { mimeType, params, text: body };
  }
  if (mimeType === '' || mimeType.startsWith('multipart/')) return { mimeType: 'text/plain', text: body };
  return { mimeType, text: body };
}

/** The types httpsnippet reads as JSON (any other, `+json` ones included, is text to it). */
const JSON_TYPES = ['application/json', 'application/x-json', 'text/json', 'text/x-json'];

/** The markers of one snippet: `<prefix><n><prefix>` is environment variable n, `<prefix>x<hex><prefix>` a character. */
class Markers {
  /** The environment variables, by marker number. */
  readonly environment: string[] = [];
  private readonly names: string[] = [];
  readonly pattern: RegExp;

  constructor(readonly prefix: string) {
    this.pattern = new RegExp(`${prefix}(\\d+|x[0-9a-f]+)${prefix}`);
  }

  /** The marker of a credential or secret variable: one environment variable per name, made unique with _2, _3… */
  secret(name: string): string {
    if (!this.names.includes(name)) {
      const base = environmentName(name);
      let candidate = base;
      for (let n = 2; this.environment.includes(candidate); n++) candidate = `${base}_${n}`;
      this.names.push(name);
      this.environment.push(candidate);
    }
    return `${this.prefix}${this.names.indexOf(name)}${this.prefix}`;
  }

  character(char: string): string {
    return `${this.prefix}x${char.charCodeAt(0).toString(16)}${this.prefix}`;
  }

  /** What a marker stands for: an environment variable's name or a character. */
  meaning(captured: string): { environment: string } | { character: string } {
    return captured.startsWith('x')
      ? { character: String.fromCharCode(parseInt(captured.slice(1), 16)) }
      : { environment: this.environment[+captured]! };
  }
}

/** A marker prefix that the request's own text does not hold. */
function markerPrefix(request: ExportedRequest): string {
  const text = JSON.stringify(request);
  let prefix = 'ENVMARK';
  while (text.includes(prefix)) prefix += 'X';
  return prefix;
}

/** Each string in a JSON value, keys too, through `map`. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapStrings(item, map)]));
  return value;
}

/** The request with the characters the generator would leave unescaped as markers (in values, not in JSON's own syntax). */
function withCharacterMarkers(request: ExportedRequest, gaps: RegExp, markers: Markers): ExportedRequest {
  const mark = (text: string) => text.replace(gaps, (char) => markers.character(char));
  let body = mark(request.body);
  try {
    // The generator writes a JSON body as the language's own values: the characters are marked inside its strings.
    if (JSON_TYPES.includes(postData(contentTypeOf(request), request.body).mimeType))
      body = JSON.stringify(mapStrings(JSON.parse(request.body), mark));
  } catch {
    // Not JSON after all: the generator writes it as one text.
  }
  return { ...request, url: mark(request.url), headers: request.headers.map(([n, v]) => [n, mark(v)]), body };
}

/** A string literal's span in `text`: [opening quote, closing quote]. */
type Span = [number, number];

/** The string literals of `text` (a line, or the whole text for the shell). */
function literals(text: string, language: LanguageText): Span[] {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (open === -1) {
      if (language.quotes.includes(char)) open = i;
    } else if (language.escapes && char === '\\') i++;
    else if (char === text[open]) {
      spans.push([open, i]);
      open = -1;
    }
  }
  return spans;
}

/** A literal holding markers: cut at each environment marker and joined with its read; characters escaped. */
function rewriteLiteral(quote: string, content: string, markers: Markers, language: LanguageText): string {
  const pieces: string[] = [];
  let literal = '';
  content.split(markers.pattern).forEach((part, index) => {
    // split() with a capturing group alternates text and what the marker captured.
    if (index % 2 === 0) return void (literal += part);
    const meaning = markers.meaning(part);
    if ('character' in meaning) return void (literal += language.escape(meaning.character, quote));
    if (literal !== '') pieces.push(`${quote}${literal}${quote}`);
    literal = '';
    pieces.push(language.read(meaning.environment));
  });
  if (literal !== '' || pieces.length === 0) pieces.push(`${quote}${literal}${quote}`);
  return pieces.join(language.join);
}

/** `text` with each literal that holds a marker rewritten. */
function rewriteLiterals(text: string, markers: Markers, language: LanguageText): string {
  if (!markers.pattern.test(text)) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of literals(text, language)) {
    const content = text.slice(start + 1, end);
    if (!markers.pattern.test(content)) continue;
    out += text.slice(at, start) + rewriteLiteral(text[start]!, content, markers, language);
    at = end + 1;
  }
  return out + text.slice(at);
}

/**
 * The shell's here-document (httpsnippet writes a JSON body holding a quote as `<<EOF`): the shell
 * expands $, ` and \ in it, so those are escaped, and a marker becomes `${NAME}`.
 */
function shellHereDocument(code: string, markers: Markers): string {
  const all = new RegExp(markers.pattern.source, 'g');
  return code.replace(/<<EOF\n([\s\S]*?)\nEOF/, (_whole, body: string) => {
    const escaped = body.replace(/[\\$`]/g, (char) => `\\${char}`);
    return `<<EOF\n${escaped.replace(all, (_m, captured: string) => `\${${markers.environment[+captured]!}}`)}\nEOF`;
  });
}

/** The snippet with every marker replaced: environment variables read, characters escaped. */
function withoutMarkers(code: string, spec: Target, markers: Markers): string {
  const { language } = spec;
  const out =
    spec.target === 'shell'
      ? rewriteLiterals(shellHereDocument(code, markers), markers, language)
      : code
          .split('\n')
          .map((line) => rewriteLiterals(line, markers, language))
          .join('\n');
  // A marker outside any literal (a header name made of a secret variable, say): the variable's name, never a value.
  const left = out.replace(new RegExp(markers.pattern.source, 'g'), (_m, captured: string) => {
    const meaning = markers.meaning(captured);
    return 'character' in meaning ? meaning.character : `<${meaning.environment}>`;
  });
  return markers.environment.length > 0 && language.prepare ? language.prepare(left) : left;
}

/** The request in the target's language; `markers` already stand for its secrets in the placeholder form. */
function convert(request: ExportedRequest, target: CodeTargetId, markers: Markers): string {
  const spec = TARGETS[target];
  const input = spec.gaps ? withCharacterMarkers(request, spec.gaps, markers) : request;
  const [code] = new HTTPSnippet(harRequest(input)).convert(spec.target, spec.client) as string[];
  return withoutMarkers(code!, spec, markers);
}

/** The snippet with placeholders, and the environment variables it reads. */
export function codeWithPlaceholders(
  deps: Pick<ExportRequestDeps, 'lookupFor'>,
  request: OutgoingRequest,
  target: CodeTargetId,
): { text: string; environment: string[] } {
  const markers = new Markers(markerPrefix(requestWithPlaceholders(deps, request, () => '')));
  const placeholders = requestWithPlaceholders(deps, request, (name) => markers.secret(name));
  if (placeholders.problems.length > 0) throw new Error(placeholders.problems[0]);
  return { text: convert(placeholders, target, markers), environment: markers.environment };
}

export async function exportCode(
  deps: ExportCodeDeps,
  request: { request: OutgoingRequest; target: CodeTargetId; withSecrets: boolean },
): Promise<{ text: string | null; copied: boolean; environment: string[] }> {
  if (!request.withSecrets) return { ...codeWithPlaceholders(deps, request.request, request.target), copied: false };
  if (!deps.writeClipboard) throw new Error('Copying with real values is not available here.');
  const real = await requestWithSecrets(deps, request.request, 'nothing was copied');
  // Written to the clipboard here, in the main process: the real values never pass through the renderer.
  deps.writeClipboard(convert(real, request.target, new Markers(markerPrefix(real))));
  return { text: null, copied: true, environment: [] };
}
