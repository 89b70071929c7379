/**
 * The command line of `workbench run`, read the way newman reads its own where a flag means the
 * same (-e, -g, --env-var, -d, -n, --folder, --bail, --delay-request, --timeout-request, -r and the
 * reporters' export paths, --ssl-extra-ca-certs, --ssl-client-cert, --ssl-client-key,
 * --ssl-client-passphrase, --ssl-client-cert-list), plus --parallel. `--flag value` and
 * `--flag=value` both work. Anything else is a UsageError with a sentence (the command exits 2).
 */

export class UsageError extends Error {}

export type ReporterName = 'cli' | 'json' | 'junit';
const REPORTERS: readonly ReporterName[] = ['cli', 'json', 'junit'];

export interface RunArgs {
  source: string;
  environment: string | null;
  globals: string | null;
  envVars: string[];
  iterationData: string | null;
  iterationCount: number | null;
  folders: string[];
  bail: boolean;
  delayMs: number;
  timeoutMs: number;
  reporters: ReporterName[];
  junitExport: string | null;
  jsonExport: string | null;
  extraCaCerts: string[];
  /** A client certificate (PEM, or PKCS#12 by its .p12/.pfx name), its PEM key and passphrase, presented to the run's host. */
  clientCert: string | null;
  clientKey: string | null;
  clientPassphrase: string | null;
  /** newman's client certificate list: a JSON file of certificates, each for the hosts its `matches` name. */
  clientCertList: string | null;
  parallel: number;
}

export type Command = { kind: 'help'; topic: 'main' | 'run' } | { kind: 'version' } | { kind: 'run'; args: RunArgs };

/** Per-request time limit when --timeout-request is not given. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Flags that take a value: canonical name by every spelling. */
const VALUE_FLAGS: Record<string, string> = {
  '-e': 'environment',
  '--environment': 'environment',
  '-g': 'globals',
  '--globals': 'globals',
  '--env-var': 'env-var',
  '-d': 'iteration-data',
  '--iteration-data': 'iteration-data',
  '-n': 'iteration-count',
  '--iteration-count': 'iteration-count',
  '--folder': 'folder',
  '--delay-request': 'delay-request',
  '--timeout-request': 'timeout-request',
  '-r': 'reporters',
  '--reporters': 'reporters',
  '--reporter-junit-export': 'reporter-junit-export',
  '--reporter-json-export': 'reporter-json-export',
  '--ssl-extra-ca-certs': 'ssl-extra-ca-certs',
  '--ssl-client-cert': 'ssl-client-cert',
  '--ssl-client-key': 'ssl-client-key',
  '--ssl-client-passphrase': 'ssl-client-passphrase',
  '--ssl-client-cert-list': 'ssl-client-cert-list',
  '--parallel': 'parallel',
};

/** newman flags whose meaning the command refuses, with why. */
const REFUSED: Record<string, string> = {
  '-k': 'Certificate checks are never turned off (-k, --insecure): trust the server’s CA with --ssl-extra-ca-certs <file> or NODE_EXTRA_CA_CERTS.',
  '--insecure':
    'Certificate checks are never turned off (-k, --insecure): trust the server’s CA with --ssl-extra-ca-certs <file> or NODE_EXTRA_CA_CERTS.',
};

function whole(value: string, flag: string, min: number): number {
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`${flag} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not “${value}”.`);
  const n = Number(value);
  if (n < min || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} takes a whole number of at least ${min}, not ${value}.`);
  return n;
}

function reporterList(value: string): ReporterName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.find((name) => !(REPORTERS as readonly string[]).includes(name));
  if (unknown !== undefined || names.length === 0)
    throw new UsageError(
      `-r/--reporters takes cli, json and junit, separated by commas${unknown ? `; “${unknown}” is not one of them` : ''}.`,
    );
  return [...new Set(names as ReporterName[])];
}

/** Splits `--flag=value` and pairs every value flag with its value. */
function flagPairs(argv: readonly string[]): { flags: Array<[string, string | null]>; positional: string[] } {
  const flags: Array<[string, string | null]> = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    if (REFUSED[flag]) throw new UsageError(REFUSED[flag]);
    if (VALUE_FLAGS[flag] === undefined) {
      flags.push([flag, null]);
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value after it. See workbench run --help.`);
    flags.push([flag, value]);
  }
  return { flags, positional };
}

export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help')
    return { kind: 'help', topic: rest[0] === 'run' ? 'run' : 'main' };
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'run')
    throw new UsageError(
      `“${command}” is not a command of workbench. Run a collection with: workbench run <collection>. See workbench --help.`,
    );
  if (rest.includes('-h') || rest.includes('--help')) return { kind: 'help', topic: 'run' };
  return { kind: 'run', args: parseRunArgs(rest) };
}

function parseRunArgs(argv: readonly string[]): RunArgs {
  const { flags, positional } = flagPairs(argv);
  if (positional.length === 0)
    throw new UsageError(
      'Name the collection to run: workbench run <collection folder | export file | Postman collection file>.',
    );
  if (positional.length > 1)
    throw new UsageError(
      `workbench run takes one collection; “${positional[1]}” is one too many (flags start with -).`,
    );
  const args: RunArgs = {
    source: positional[0]!,
    environment: null,
    globals: null,
    envVars: [],
    iterationData: null,
    iterationCount: null,
    folders: [],
    bail: false,
    delayMs: 0,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    reporters: ['cli'],
    junitExport: null,
    jsonExport: null,
    extraCaCerts: [],
    clientCert: null,
    clientKey: null,
    clientPassphrase: null,
    clientCertList: null,
    parallel: 1,
  };
  for (const [flag, value] of flags) applyFlag(args, flag, value);
  if ((args.clientKey !== null || args.clientPassphrase !== null) && args.clientCert === null)
    throw new UsageError(
      '--ssl-client-key and --ssl-client-passphrase go with --ssl-client-cert <file>: give the certificate too.',
    );
  return args;
}

function applyFlag(args: RunArgs, flag: string, value: string | null): void {
  if (value === null) {
    if (flag === '--bail') args.bail = true;
    else throw new UsageError(`${flag} is not an option of workbench run. See workbench run --help.`);
    return;
  }
  switch (VALUE_FLAGS[flag]) {
    case 'environment':
      args.environment = value;
      break;
    case 'globals':
      args.globals = value;
      break;
    case 'env-var':
      args.envVars.push(value);
      break;
    case 'iteration-data':
      args.iterationData = value;
      break;
    case 'iteration-count':
      args.iterationCount = whole(value, flag, 1);
      break;
    case 'folder':
      args.folders.push(value);
      break;
    case 'delay-request':
      args.delayMs = whole(value, flag, 0);
      break;
    case 'timeout-request':
      args.timeoutMs = whole(value, flag, 0);
      break;
    case 'reporters':
      args.reporters = reporterList(value);
      break;
    case 'reporter-junit-export':
      args.junitExport = value;
      break;
    case 'reporter-json-export':
      args.jsonExport = value;
      break;
    case 'ssl-extra-ca-certs':
      args.extraCaCerts.push(value);
      break;
    case 'parallel':
      args.parallel = whole(value, flag, 1);
      break;
    case 'ssl-client-cert':
      args.clientCert = value;
      break;
    case 'ssl-client-key':
      args.clientKey = value;
      break;
    case 'ssl-client-passphrase':
      args.clientPassphrase = value;
      break;
    case 'ssl-client-cert-list':
      args.clientCertList = value;
      break;
  }
}
