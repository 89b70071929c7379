/**
 * Checks to and from Postman test scripts. The export writes one `pm.test` per enabled check, named
 * by its label, with a small helper so that newman judges a response as evaluateChecks does (JSON
 * paths walked like RFC 9535's singular queries, `42` equal to 42 and "42", headers joined). Each
 * check is also written as a `// check {…}` comment, so the app reads its own export back exactly.
 * The import reads the assertions people commonly write (status, headers, JSON values, response
 * time, JSON Schema, values stored into variables as captures) with a tokenizer, never eval; every
 * other statement is listed as not imported, in its own words.
 */
import type { Capture } from '../../../shared/schemas/capture';
import { parsePath, type PathStep } from '../../../shared/jsonpath';
import { checkSchema, describeCheck, type Check } from '../../../shared/schemas/check';
import {
  ExpectedValueError,
  numberValue,
  statusCode,
  statusCodes,
  statusKindRange,
  statusRange,
} from '../checks/expected';
import { CAPTURE_SCRIPT_MARKER, pathText, readCaptureScript } from './capture-script';
import {
  ScriptSyntaxError,
  parseStatement,
  sourceOf,
  statements,
  tokenize,
  type Expression,
  type Token,
} from './js-tokens';

export const CHECKS_SCRIPT_MARKER =
  '// Partner API Workbench: checks. Generated from the request; edit the checks in the app.';
const CHECKS_SCRIPT_END = '// End of the checks.';
const CHECK_LINE = '// check ';

const HELPER = [
  'var wb = {',
  '  text: function (t) { return pm.variables.replaceIn(t); },',
  '  json: function (t) { try { return JSON.parse(t); } catch (e) { return t; } },',
  '  at: function (path) {',
  '    var v = pm.response.json();',
  '    for (var i = 0; i < path.length; i++) {',
  "      if (v === null || typeof v !== 'object' || (typeof path[i] === 'number') !== Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, path[i])) return undefined;",
  '      v = v[path[i]];',
  '    }',
  '    return v;',
  '  },',
  '  eq: function (a, b) {',
  '    if (a === b) return true;',
  "    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;",
  '    var keys = Object.keys(a);',
  '    if (keys.length !== Object.keys(b).length) return false;',
  '    for (var i = 0; i < keys.length; i++) if (!Object.prototype.hasOwnProperty.call(b, keys[i]) || !wb.eq(a[keys[i]], b[keys[i]])) return false;',
  '    return true;',
  '  },',
  '  same: function (v, t) { return v === t || wb.eq(v, wb.json(t)); },',
  "  contains: function (v, t) { return typeof v === 'string' ? v.indexOf(t) >= 0 : Array.isArray(v) && v.some(function (x) { return wb.same(x, t); }); },",
  "  str: function (v) { return typeof v === 'string' || v === undefined ? v : JSON.stringify(v); },",
  "  num: function (v) { return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN; },",
  "  size: function (v) { return Array.isArray(v) || typeof v === 'string' ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : undefined; },",
  '  re: function (t) { var m = /^\\/(.*)\\/([a-z]*)$/s.exec(t); return m ? new RegExp(m[1], m[2]) : new RegExp(t); },',
  '  header: function (name) {',
  '    var values = pm.response.headers.all().filter(function (h) { return h.key.toLowerCase() === name.toLowerCase(); }).map(function (h) { return h.value; });',
  "    return values.length ? values.join(', ') : undefined;",
  '  }',
  '};',
];

export interface ChecksScript {
  /** Postman's `exec` lines; empty when there are no checks. */
  exec: string[];
  /** Checks newman cannot run as the app does, each in a sentence (also written as comments in the script). */
  notExported: string[];
}

/** The test script for a request's checks (put after the capture script in the item's `test` event). */
export function checksScript(checks: readonly Check[]): ChecksScript {
  if (checks.length === 0) return { exec: [], notExported: [] };
  const exec = [CHECKS_SCRIPT_MARKER, ...HELPER];
  const notExported: string[] = [];
  for (const check of checks) {
    exec.push(CHECK_LINE + JSON.stringify(check));
    if (!check.enabled) continue;
    const label = describeCheck(check, check.expected);
    try {
      exec.push(`pm.test(${JSON.stringify(label)}, function () { ${assertion(check)} });`);
    } catch (error) {
      const sentence = `${label}: ${(error as Error).message}`;
      notExported.push(sentence);
      exec.push(`// Not exported: ${sentence}`.replace(/[\r\n]+/g, ' '));
    }
  }
  exec.push(CHECKS_SCRIPT_END);
  return { exec, notExported };
}

/** A check that the export cannot write for newman; the message says why. */
class NotExportable extends Error {
  override name = 'NotExportable';
}

const hasVariables = (text: string) => text.includes('{{');
const quoted = (text: string) => JSON.stringify(text);
/** The expected text as newman resolves it at run time. */
const textExpression = (text: string) => (hasVariables(text) ? `wb.text(${quoted(text)})` : quoted(text));
const numberExpression = (text: string) =>
  hasVariables(text) ? `Number(wb.text(${quoted(text)}))` : String(numberValue(text));

/** The body of the check's pm.test. */
function assertion(check: Check): string {
  try {
    switch (check.on) {
      case 'status':
        return statusAssertion(check);
      case 'json':
        return jsonAssertion(check);
      case 'header':
        return headerAssertion(check);
      case 'time':
        return `pm.expect(pm.response.responseTime).to.be.below(${numberExpression(check.expected)});`;
      case 'size':
        return `pm.expect(pm.response.responseSize).to.be.below(${numberExpression(check.expected)});`;
      case 'schema':
        return schemaAssertion(check.expected);
    }
  } catch (error) {
    if (error instanceof ExpectedValueError) throw new NotExportable(error.message);
    throw error;
  }
}

function statusAssertion(check: Check): string {
  if (hasVariables(check.expected) && check.op !== 'equals' && check.op !== 'not-equals') {
    throw new NotExportable('variables in a list or range of status codes are not exported.');
  }
  const code = () =>
    hasVariables(check.expected) ? numberExpression(check.expected) : String(statusCode(check.expected));
  switch (check.op) {
    case 'equals':
      return `pm.response.to.have.status(${code()});`;
    case 'not-equals':
      return `pm.expect(pm.response.code).to.not.equal(${code()});`;
    case 'one-of':
      return `pm.expect(pm.response.code).to.be.oneOf(${JSON.stringify(statusCodes(check.expected))});`;
    default: {
      const [low, high] = check.op === 'between' ? statusRange(check.expected) : statusKindRange(check.expected);
      return `pm.expect(pm.response.code).to.be.within(${low}, ${high});`;
    }
  }
}

const COMPARE_WORDS: Readonly<Record<string, string>> = { lt: 'below', le: 'at.most', gt: 'above', ge: 'at.least' };

function jsonAssertion(check: Check): string {
  let steps: PathStep[];
  try {
    steps = parsePath(check.target);
  } catch {
    throw new NotExportable(
      'only paths of names and indexes (such as $.items[0].id) are exported; newman has no JSONPath.',
    );
  }
  const value = `var v = wb.at(${JSON.stringify(steps)});`;
  const t = `var t = ${textExpression(check.expected)};`;
  switch (check.op) {
    case 'exists':
      return `pm.expect(wb.at(${JSON.stringify(steps)})).to.not.equal(undefined);`;
    case 'not-exists':
      return `pm.expect(wb.at(${JSON.stringify(steps)})).to.equal(undefined);`;
    case 'equals':
      return `${value} ${t} pm.expect(v).to.not.equal(undefined); if (v !== t) pm.expect(v).to.eql(wb.json(t));`;
    case 'not-equals':
      return `${value} ${t} pm.expect(v).to.not.equal(undefined); pm.expect(wb.same(v, t), JSON.stringify(v) + ' is not ' + t).to.equal(false);`;
    case 'contains':
      return `${value} ${t} pm.expect(wb.contains(v, t), JSON.stringify(v) + ' contains ' + t).to.equal(true);`;
    case 'matches':
      return `${value} pm.expect(wb.str(v)).to.match(wb.re(${textExpression(check.expected)}));`;
    case 'length':
      return `pm.expect(wb.size(wb.at(${JSON.stringify(steps)}))).to.equal(${numberExpression(check.expected)});`;
    default:
      return `pm.expect(wb.num(wb.at(${JSON.stringify(steps)}))).to.be.${COMPARE_WORDS[check.op] ?? 'below'}(${numberExpression(check.expected)});`;
  }
}

function headerAssertion(check: Check): string {
  const name = quoted(check.target.trim());
  switch (check.op) {
    case 'exists':
      return `pm.response.to.have.header(${name});`;
    case 'not-exists':
      return `pm.response.to.not.have.header(${name});`;
    case 'equals':
      return `pm.expect(wb.header(${name})).to.be.a('string'); pm.expect(wb.header(${name}).trim()).to.equal(${textExpression(check.expected)}.trim());`;
    case 'contains':
      return `pm.expect(wb.header(${name})).to.include(${textExpression(check.expected)});`;
    default:
      return `pm.expect(wb.header(${name})).to.match(wb.re(${textExpression(check.expected)}));`;
  }
}

function schemaAssertion(expected: string): string {
  if (hasVariables(expected)) return `pm.response.to.have.jsonSchema(JSON.parse(wb.text(${quoted(expected)})));`;
  let schema: unknown;
  try {
    schema = JSON.parse(expected);
  } catch {
    throw new NotExportable('the schema is not JSON.');
  }
  const declared = typeof schema === 'object' && schema !== null && '$schema' in schema ? String(schema.$schema) : '';
  if (declared !== '' && !declared.includes('draft-07'))
    throw new NotExportable(`newman validates draft-07 schemas only, and this one is ${declared}.`);
  return `pm.response.to.have.jsonSchema(${JSON.stringify(schema)});`;
}

// ---------------------------------------------------------------------------------------------
// Import

/** Longer scripts are not read (listed whole): test scripts are a few KB; this bounds the work a hostile file causes. */
const MAX_SCRIPT_CHARACTERS = 256 * 1024;

export interface ImportedTestScript {
  checks: Check[];
  captures: Capture[];
  /** Statements that were not read into checks or captures, as written. */
  notImported: string[];
}

/** The checks and captures of a Postman `test` script, and what was left out. */
export function importTestScript(exec: readonly string[]): ImportedTestScript {
  const result: ImportedTestScript = { checks: [], captures: [], notImported: [] };
  const rest = takeOwnBlocks(exec, result);
  const source = rest.join('\n');
  let tokens: Token[];
  try {
    if (source.length > MAX_SCRIPT_CHARACTERS) throw new ScriptSyntaxError('The script is too long to read.');
    tokens = tokenize(source);
  } catch (error) {
    if (!(error instanceof ScriptSyntaxError)) throw error;
    result.notImported.push(...rest.filter((line) => line.trim() !== ''));
    return result;
  }
  new ScriptReader(source, result).read(tokens);
  return result;
}

/** Takes the app's own capture and check blocks out of the lines (read exactly); the other lines are returned. */
function takeOwnBlocks(exec: readonly string[], result: ImportedTestScript): string[] {
  let lines = [...exec];
  const checksAt = lines.indexOf(CHECKS_SCRIPT_MARKER);
  if (checksAt >= 0) {
    const endAt = lines.indexOf(CHECKS_SCRIPT_END, checksAt);
    const block = lines.slice(checksAt, endAt < 0 ? lines.length : endAt + 1);
    for (const line of block.filter((l) => l.startsWith(CHECK_LINE))) {
      const parsed = checkSchema.safeParse(safeJson(line.slice(CHECK_LINE.length)));
      if (parsed.success) result.checks.push(parsed.data);
    }
    lines = [...lines.slice(0, checksAt), ...lines.slice(checksAt + block.length)];
  }
  if (lines[0] !== CAPTURE_SCRIPT_MARKER) return lines;
  result.captures.push(...(readCaptureScript(lines) ?? []));
  // What follows the capture helper (it ends at the first `};`) and is not a capture call is someone else's.
  const helperEnd = lines.indexOf('};');
  return lines.slice(helperEnd + 1).filter((line) => !/^\s*(?:capture\(|\/\/ Not exported: )/.test(line));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What an expression stands for in a test script. */
type Subject =
  | { kind: 'status' }
  | { kind: 'time' }
  | { kind: 'size' }
  | { kind: 'header'; name: string }
  | { kind: 'json'; steps: PathStep[] };

/** chai's words for each check operation (`not` flips some of them). */
const EQUAL_WORDS = new Set(['eql', 'eqls', 'equal', 'equals', 'eq']);
const BELOW_WORDS = new Set(['below', 'lessThan', 'lt']);
const ABOVE_WORDS = new Set(['above', 'greaterThan', 'gt']);
const MOST_WORDS = new Set(['most', 'lte']);
const LEAST_WORDS = new Set(['least', 'gte']);
const INCLUDE_WORDS = new Set(['include', 'includes', 'contain', 'contains', 'string']);
const LENGTH_WORDS = new Set(['length', 'lengthOf']);
const STATUS_SHORTHANDS: Readonly<Record<string, [Check['op'], string]>> = {
  ok: ['equals', '200'],
  success: ['kind', 'success'],
  info: ['kind', 'informational'],
  redirection: ['kind', 'redirect'],
  clientError: ['kind', 'client-error'],
  serverError: ['kind', 'server-error'],
};
const VARIABLE_STORES = new Set([
  'pm.environment.set',
  'pm.collectionVariables.set',
  'pm.globals.set',
  'pm.variables.set',
  'postman.setEnvironmentVariable',
  'postman.setGlobalVariable',
]);
const VARIABLE_READS = new Set([
  'pm.environment.get',
  'pm.collectionVariables.get',
  'pm.globals.get',
  'pm.variables.get',
  'pm.iterationData.get',
  'postman.getEnvironmentVariable',
  'postman.getGlobalVariable',
]);

/** `a.b.c` for a chain of names; null for anything else. */
function dotted(expression: Expression): string | null {
  if (expression.kind === 'name') return expression.name;
  if (expression.kind === 'member' && typeof expression.property === 'string') {
    const object = dotted(expression.object);
    return object === null ? null : `${object}.${expression.property}`;
  }
  return null;
}

/** A chai chain `pm.expect(x).to.not.be.below(3)` unrolled: the subject, its words and the final call's arguments. */
interface Assertion {
  subject: Expression;
  words: string[];
  args: Expression[] | null;
}

function unrollExpect(expression: Expression): Assertion | null {
  const words: string[] = [];
  let args: Expression[] | null = null;
  let current = expression;
  if (current.kind === 'call') {
    args = current.args;
    current = current.callee;
  }
  while (current.kind === 'member' && typeof current.property === 'string') {
    words.unshift(current.property);
    current = current.object;
  }
  if (current.kind !== 'call' || dotted(current.callee) !== 'pm.expect' || current.args.length < 1) return null;
  const subject = current.args[0];
  return subject ? { subject, words, args } : null;
}

class ScriptReader {
  /** Names bound to the response's JSON (with a path), or to a literal value (a schema). */
  private readonly json = new Map<string, PathStep[]>();
  private readonly literals = new Map<string, unknown>();

  constructor(
    private readonly source: string,
    private readonly result: ImportedTestScript,
  ) {}

  read(tokens: readonly Token[]): void {
    for (const statement of statements(tokens)) {
      if (!this.readStatement(statement)) this.result.notImported.push(sourceOf(this.source, statement));
    }
  }

  /** True when the statement was taken in (a check, a capture, a binding the others use, a pm.test read inside). */
  private readStatement(tokens: readonly Token[]): boolean {
    const statement = parseStatement(tokens);
    if (statement.kind === 'declare') return this.bind(statement.name, statement.value);
    if (statement.kind === 'assign')
      return statement.target.kind === 'name'
        ? this.bind(statement.target.name, statement.value)
        : this.legacyTest(statement.target, statement.value);
    if (statement.kind !== 'expression') return false;
    const value = statement.value;
    if (value.kind === 'call' && dotted(value.callee) === 'pm.test') return this.testWrapper(value.args);
    return this.capture(value) || this.responseAssertion(value) || this.expectAssertion(value);
  }

  private bind(name: string, value: Expression): boolean {
    const steps = this.jsonSteps(value);
    if (steps) {
      this.json.set(name, steps);
      return true;
    }
    if (value.kind === 'literal') {
      this.literals.set(name, value.value);
      return true;
    }
    return false;
  }

  /** `pm.test("name", function () { … })`: the statements inside are read one by one. */
  private testWrapper(args: Expression[]): boolean {
    const body = args[1];
    if (args.length !== 2 || body?.kind !== 'function') return false;
    this.read(body.body);
    return true;
  }

  /** `pm.environment.set("id", pm.response.json().data.id)` and the like. */
  private capture(call: Expression): boolean {
    if (call.kind !== 'call' || !VARIABLE_STORES.has(dotted(call.callee) ?? '')) return false;
    const [name, value] = call.args;
    const steps = value ? this.jsonSteps(value) : null;
    if (name?.kind !== 'literal' || typeof name.value !== 'string' || !steps || steps.length === 0) return false;
    this.result.captures.push({ variable: name.value, path: pathText(steps) });
    return true;
  }

  /** `pm.response.to.have.status(200)`, `.to.have.header("X")`, `.to.be.ok`, `.to.have.jsonSchema(schema)`. */
  private responseAssertion(expression: Expression): boolean {
    const call = expression.kind === 'call' ? expression : null;
    const path = dotted(call ? call.callee : expression) ?? '';
    const match = /^pm\.response\.to\.(?:(?:have|be|not|an?)\.)*(\w+)$/.exec(path);
    if (!match) return false;
    const word = match[1] ?? '';
    const args = call?.args ?? [];
    const first = args[0];
    if (path.includes('.not.')) {
      // Only `pm.response.to.not.have.header("X")` has a negated check.
      const absent =
        word === 'header' && args.length === 1 && first?.kind === 'literal' && typeof first.value === 'string';
      return absent && this.add('header', String(first.value), 'not-exists', '');
    }
    if (!call) {
      const shorthand = STATUS_SHORTHANDS[word];
      return shorthand ? this.add('status', '', shorthand[0], shorthand[1]) : false;
    }
    if (word === 'status' && args.length === 1 && first?.kind === 'literal' && typeof first.value === 'number')
      return this.add('status', '', 'equals', String(first.value));
    if (word === 'header' && first?.kind === 'literal' && typeof first.value === 'string') {
      if (args.length === 1) return this.add('header', first.value, 'exists', '');
      const value = args[1] ? this.expectedText(args[1]) : null;
      return args.length === 2 && value !== null ? this.add('header', first.value, 'equals', value) : false;
    }
    if (word === 'jsonSchema' && args.length === 1 && first) {
      const schema = this.literalOf(first);
      return typeof schema === 'object' && schema !== null
        ? this.add('schema', '', 'valid', JSON.stringify(schema))
        : false;
    }
    return false;
  }

  /** `pm.expect(subject).to.(not.)word(args)`. */
  private expectAssertion(expression: Expression): boolean {
    const assertion = unrollExpect(expression);
    if (!assertion) return false;
    const subject = this.subject(assertion.subject);
    if (!subject) return false;
    const negated = assertion.words.includes('not');
    const word = assertion.words[assertion.words.length - 1] ?? '';
    const args = assertion.args;
    // `pm.expect(json.items.length).to.eql(3)`: the length of $.items.
    if (
      subject.kind === 'json' &&
      subject.steps[subject.steps.length - 1] === 'length' &&
      args &&
      EQUAL_WORDS.has(word) &&
      !negated
    ) {
      const count = args[0] ? this.expectedText(args[0]) : null;
      return count !== null && this.addJson(subject.steps.slice(0, -1), 'length', count);
    }
    if (args === null) return this.terminal(subject, word, negated);
    const first = args[0];
    const expected = first ? this.expectedText(first) : null;
    const codes = first ? this.literalOf(first) : undefined;
    if (
      word === 'oneOf' &&
      subject.kind === 'status' &&
      !negated &&
      Array.isArray(codes) &&
      codes.every((v) => typeof v === 'number')
    ) {
      return this.add('status', '', 'one-of', codes.join(', '));
    }
    if (word === 'within' && subject.kind === 'status' && !negated && args.length === 2) {
      const high = args[1] ? this.expectedText(args[1]) : null;
      return expected !== null && high !== null && this.add('status', '', 'between', `${expected}-${high}`);
    }
    if (word === 'match' && first?.kind === 'regex' && !negated) {
      const pattern = first.flags === '' ? first.source : `/${first.source}/${first.flags}`;
      return this.withTarget(subject, 'matches', pattern);
    }
    if (expected === null || args.length !== 1) return false;
    return this.operation(subject, word, negated, expected);
  }

  private operation(subject: Subject, word: string, negated: boolean, expected: string): boolean {
    if (EQUAL_WORDS.has(word)) {
      if (subject.kind === 'status' || subject.kind === 'json')
        return this.withTarget(subject, negated ? 'not-equals' : 'equals', expected);
      return !negated && subject.kind === 'header' && this.withTarget(subject, 'equals', expected);
    }
    if (INCLUDE_WORDS.has(word)) return !negated && this.withTarget(subject, 'contains', expected);
    if (LENGTH_WORDS.has(word))
      return !negated && subject.kind === 'json' && this.withTarget(subject, 'length', expected);
    const comparison = BELOW_WORDS.has(word)
      ? 'lt'
      : MOST_WORDS.has(word)
        ? 'le'
        : ABOVE_WORDS.has(word)
          ? 'gt'
          : LEAST_WORDS.has(word)
            ? 'ge'
            : null;
    if (!comparison) return false;
    if (subject.kind === 'time' || subject.kind === 'size')
      return comparison === 'lt' && !negated && this.add(subject.kind, '', 'below', expected);
    const flipped: Readonly<Record<string, Check['op']>> = { lt: 'ge', le: 'gt', gt: 'le', ge: 'lt' };
    return (
      subject.kind === 'json' &&
      this.withTarget(subject, negated ? (flipped[comparison] ?? comparison) : comparison, expected)
    );
  }

  /** `.to.exist`, `.to.not.exist`, `.to.be.true`, `.to.be.null`. */
  private terminal(subject: Subject, word: string, negated: boolean): boolean {
    if (word === 'exist' && (subject.kind === 'json' || subject.kind === 'header'))
      return this.withTarget(subject, negated ? 'not-exists' : 'exists', '');
    if (['true', 'false', 'null'].includes(word) && subject.kind === 'json')
      return this.withTarget(subject, negated ? 'not-equals' : 'equals', word);
    return false;
  }

  private withTarget(subject: Subject, op: Check['op'], expected: string): boolean {
    if (subject.kind === 'json') return this.addJson(subject.steps, op, expected);
    return this.add(subject.kind, subject.kind === 'header' ? subject.name : '', op, expected);
  }

  private addJson(steps: PathStep[], op: Check['op'], expected: string): boolean {
    return this.add('json', pathText(steps), op, expected);
  }

  /** Adds the check when the schema takes it (a subject that does not take the operation is not imported). */
  private add(on: Check['on'], target: string, op: Check['op'], expected: string): boolean {
    const parsed = checkSchema.safeParse({ on, target, op, expected, enabled: true });
    if (parsed.success) this.result.checks.push(parsed.data);
    return parsed.success;
  }

  /** What an expression looks at in the response, or null. */
  private subject(expression: Expression): Subject | null {
    const path = dotted(expression);
    if (path === 'pm.response.code' || path === 'responseCode.code') return { kind: 'status' };
    if (path === 'pm.response.responseTime' || path === 'responseTime') return { kind: 'time' };
    if (path === 'pm.response.responseSize') return { kind: 'size' };
    if (
      expression.kind === 'call' &&
      ['pm.response.headers.get', 'postman.getResponseHeader'].includes(dotted(expression.callee) ?? '')
    ) {
      const name = expression.args[0];
      return name?.kind === 'literal' && typeof name.value === 'string' ? { kind: 'header', name: name.value } : null;
    }
    const steps = this.jsonSteps(expression);
    return steps ? { kind: 'json', steps } : null;
  }

  /** The path of a value read from the response's JSON: `pm.response.json().a[0]`, `jsonData.a`, `JSON.parse(responseBody).a`. */
  private jsonSteps(expression: Expression): PathStep[] | null {
    if (expression.kind === 'name') return this.json.get(expression.name) ?? null;
    if (expression.kind === 'call') {
      const callee = dotted(expression.callee);
      if (callee === 'pm.response.json' && expression.args.length === 0) return [];
      const only = expression.args[0];
      if (
        callee === 'JSON.parse' &&
        expression.args.length === 1 &&
        only?.kind === 'name' &&
        only.name === 'responseBody'
      )
        return [];
      return null;
    }
    if (expression.kind !== 'member') return null;
    const object = this.jsonSteps(expression.object);
    return object ? [...object, expression.property] : null;
  }

  /** An assertion's argument as a check's expected text: a literal, or a variable read as {{name}}. */
  private expectedText(expression: Expression): string | null {
    if (expression.kind === 'literal')
      return typeof expression.value === 'string' ? expression.value : JSON.stringify(expression.value);
    if (expression.kind === 'call' && VARIABLE_READS.has(dotted(expression.callee) ?? '')) {
      const name = expression.args[0];
      return name?.kind === 'literal' && typeof name.value === 'string' && expression.args.length === 1
        ? `{{${name.value}}}`
        : null;
    }
    if (expression.kind === 'name' && this.literals.has(expression.name))
      return this.expectedText({ kind: 'literal', value: this.literals.get(expression.name) });
    return null;
  }

  /** A literal, or the literal a name was bound to (`let codes = [200, 201]`). */
  private literalOf(expression: Expression): unknown {
    if (expression.kind === 'literal') return expression.value;
    return expression.kind === 'name' ? this.literals.get(expression.name) : undefined;
  }

  /** `tests["Status code is 200"] = responseCode.code === 200;` and `= responseTime < 500;` (the pre-pm API). */
  private legacyTest(target: Expression, value: Expression): boolean {
    if (target.kind !== 'member' || dotted(target.object) !== 'tests' || value.kind !== 'binary') return false;
    const subject = this.subject(value.left);
    const expected = this.expectedText(value.right);
    if (!subject || expected === null) return false;
    if (subject.kind === 'status' && ['===', '=='].includes(value.operator))
      return this.add('status', '', 'equals', expected);
    if ((subject.kind === 'time' || subject.kind === 'size') && value.operator === '<')
      return this.add(subject.kind, '', 'below', expected);
    return false;
  }
}
