/**
 * `npm run sandbox`: starts the local sandbox of the Partner API and prints how to reach it.
 *
 *   --port N        port to listen on (or env SANDBOX_PORT; default 8443). Busy → a random port.
 *   --ca-dir DIR    where to write ca.pem (default <tmpdir>/partner-api-sandbox)
 *   --api-key KEY   API key to accept (or env SANDBOX_API_KEY; default: a new random key)
 *   --no-user-token advert calls need only the API key (no Bearer access token of a CRM user)
 *   --quiet         do not print one line per request
 *
 * Bundled by esbuild to out/sandbox/cli.cjs: no top-level await, no import.meta.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from './server';

interface CliOptions {
  port: number;
  caDir: string;
  apiKey?: string;
  requireUserToken: boolean;
  quiet: boolean;
  help: boolean;
}

const DEFAULT_PORT = 8443;

const USAGE = `Usage: npm run sandbox -- [--port N] [--ca-dir DIR] [--api-key KEY] [--no-user-token] [--quiet]

Starts a local HTTPS sandbox of the Partner API on 127.0.0.1.
  --port N       port (env SANDBOX_PORT, default ${DEFAULT_PORT}; if busy, a random free port)
  --ca-dir DIR   where to write the sandbox CA certificate, ca.pem
                 (default ${join(tmpdir(), 'partner-api-sandbox')})
  --api-key KEY  API key the sandbox accepts (env SANDBOX_API_KEY, default a new random key)
  --no-user-token
                 advert calls need only the API key; by default they also need
                 Authorization: Bearer <access token> of a CRM user (OAuth2)
  --quiet        do not print a line per request`;

function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const options: CliOptions = {
    port: DEFAULT_PORT,
    caDir: join(tmpdir(), 'partner-api-sandbox'),
    apiKey: env.SANDBOX_API_KEY || undefined,
    requireUserToken: true,
    quiet: false,
    help: false,
  };
  if (env.SANDBOX_PORT) options.port = parsePort(env.SANDBOX_PORT, 'SANDBOX_PORT');

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--port':
        options.port = parsePort(value(), '--port');
        break;
      case '--ca-dir':
        options.caDir = value();
        break;
      case '--api-key':
        options.apiKey = value();
        break;
      case '--no-user-token':
        if (inline !== undefined) throw new Error(`${flag} takes no value.`);
        options.requireUserToken = false;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option ${arg}.`);
    }
  }
  return options;
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new Error(`${source} must be a port number from 0 to 65535 (got "${text}").`);
  return port;
}

/** Quotes a path or value for a POSIX shell when it needs it. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function formatBanner(sandbox: Sandbox, requireUserToken: boolean, note?: string): string {
  const curl = `curl --cacert ${shellQuote(sandbox.caCertPath)} -H ${shellQuote(`X-API-KEY: ${sandbox.apiKey}`)} ${sandbox.origin}/taxonomy/v1/categories`;
  const { clientId, clientSecret } = sandbox.oauthClient;
  const exampleAuthorization = `${sandbox.authorizationUrl}?response_type=code&client_id=${clientId}&state=<random>&redirect_uri=http://127.0.0.1:<port>/callback`;
  return [
    '',
    'Partner API sandbox (local, in-memory test data)',
    ...(note ? ['', `  ${note}`] : []),
    '',
    `  URL       ${sandbox.origin}`,
    `  API key   ${sandbox.apiKey}`,
    `  CA cert   ${sandbox.caCertPath}   (trust this CA; keep TLS checks on)`,
    '',
    'OAuth2 (CRM users authorise the application with an authorization code):',
    `  Client id       ${clientId}`,
    `  Client secret   ${clientSecret}`,
    `  Authorization   ${sandbox.authorizationUrl}`,
    `                  e.g. ${exampleAuthorization}`,
    `  Token endpoint  ${sandbox.origin}/oauth/v1/token   (X-API-KEY + Basic client_id:client_secret)`,
    requireUserToken
      ? '  Advert calls need Authorization: Bearer <access token> (start with --no-user-token to need only the API key).'
      : '  Advert calls need only the API key (--no-user-token); a Bearer token, if sent, names the CRM user.',
    '',
    'Try it:',
    `  ${curl}`,
    '',
    'Test helpers (no API key): /sandbox/v1/echo, /sandbox/v1/status/<code>, /sandbox/v1/slow?ms=N,',
    '  /sandbox/v1/large?bytes=N[&gzip=1][&pad=N][&rate=N], /sandbox/v1/redirect?to=<url>, /sandbox/v1/error, /sandbox/v1/drop',
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

async function startOnPreferredPort(
  options: CliOptions,
  onResponse: SandboxOptions['onResponse'],
): Promise<{ sandbox: Sandbox; note?: string }> {
  const common: SandboxOptions = {
    caDir: options.caDir,
    apiKeys: options.apiKey ? [options.apiKey] : undefined,
    requireUserToken: options.requireUserToken,
    onResponse,
  };
  try {
    return { sandbox: await startSandbox({ ...common, port: options.port }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES')
      throw error;
    const sandbox = await startSandbox({ ...common, port: 0 });
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is busy' : 'is not allowed';
    return {
      sandbox,
      note: `Port ${options.port} ${reason}, so the sandbox took port ${new URL(sandbox.origin).port} instead.`,
    };
  }
}

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const log: SandboxOptions['onResponse'] = options.quiet
    ? undefined
    : (entry) => {
        const time = new Date().toTimeString().slice(0, 8);
        const status = entry.status === 0 ? 'no answer' : String(entry.status);
        console.log(`${time}  ${entry.method.padEnd(6)} ${entry.path}  → ${status} (${entry.ms} ms)`);
      };
  const { sandbox, note } = await startOnPreferredPort(options, log);
  console.log(formatBanner(sandbox, options.requireUserToken, note));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log('Stopping at once.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    sandbox.close().then(
      () => {
        console.log('Sandbox stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('Ctrl+C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Sandbox failed to start: ${(error as Error).message}`);
  console.error('Run with --help for the options.');
  process.exitCode = 1;
});
