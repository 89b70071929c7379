/**
 * `workbench run`: reads what the command line names (collection, environment, globals, data,
 * CA files), sets up the app's send path and the reporters, runs, and gives the exit code:
 * 0 when every request got a response and every check passed, 1 otherwise. What cannot be read
 * throws a sentence of its own class (main.ts exits 2 on those).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { VariableDef } from '../shared/schemas/variable';
import {
  loadRunCollection,
  selectFolders,
  UnreadableCollection,
  type RunCollection,
} from '../electron/main/runner/collection-source';
import { runCollection, type RunReporter, type RunSummary } from '../electron/main/runner/engine';
import { definitionsOf } from '../electron/main/runner/independence';
import { iterationRows, parseIterationData, type DataRow } from '../electron/main/runner/iteration-data';
import { createRunSendPath } from '../electron/main/runner/send-path';
import {
  commandLineVariables,
  processVariables,
  readVariablesFile,
  VariablesFileError,
  type VariablesFile,
} from '../electron/main/runner/variables-file';
import type { RunArgs } from './args';
import { runClientCertificates } from './client-certificates';
import { readText } from './files';
import { cliReporter, type Output } from './reporters/cli';
import { jsonReporter } from '../electron/main/runner/reports/json';
import { junitReporter } from '../electron/main/runner/reports/junit';

export interface RunContext {
  env: NodeJS.ProcessEnv;
  out: Output;
  /** Sentences that are not the report (warnings), to stderr. */
  warn(text: string): void;
  /** Aborted on Ctrl-C or SIGTERM: the run stops starting requests and finishes its reports. */
  signal?: AbortSignal;
}

/** The environment file -e names: a path, or a name looked up beside the collection. */
function environmentPath(value: string, source: string, isFolder: boolean): string {
  if (existsSync(value)) return value;
  const base = isFolder ? source : dirname(source);
  const candidates = [join(base, 'environments', `${value}.json`), join(base, `${value}.postman_environment.json`)];
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new VariablesFileError(
      `No environment file or environment named “${value}”: give a file, or put ${value}.json in the collection's environments/ folder.`,
    );
  return found;
}

/** The environment's variables: the file, then WORKBENCH_VAR_<name>, then --env-var (a later one wins). */
function environmentVariables(file: VariablesFile | null, args: RunArgs, env: NodeJS.ProcessEnv): VariableDef[] {
  const byName = new Map<string, VariableDef>();
  for (const v of [...(file?.variables ?? []), ...processVariables(env), ...commandLineVariables(args.envVars)]) {
    const previous = byName.get(v.name);
    byName.set(v.name, previous?.secret ? { ...v, secret: true } : v);
  }
  return [...byName.values()];
}

/** One data row per iteration: the data file's rows (the last repeated when -n asks for more), or -n empty rows. */
function dataRows(args: RunArgs): DataRow[] {
  const fileName = basename(args.iterationData ?? '');
  const data = args.iterationData
    ? { rows: parseIterationData(readText(args.iterationData, 'data file'), fileName), fileName }
    : null;
  return iterationRows(data, args.iterationCount ?? undefined);
}

function reporters(args: RunArgs, context: RunContext): RunReporter[] {
  return args.reporters.map((name) => {
    if (name === 'json') return jsonReporter(args.jsonExport ?? 'workbench-report.json');
    if (name === 'junit') return junitReporter(args.junitExport ?? 'workbench-report.xml');
    return cliReporter(context.out, context.env);
  });
}

/** Several reporters as one. */
function allOf(list: readonly RunReporter[]): RunReporter {
  return {
    start: (info) => list.forEach((r) => r.start?.(info)),
    request: (event) => list.forEach((r) => r.request(event)),
    end: async (summary) => {
      for (const r of list) await r.end(summary);
    },
  };
}

function loadCollection(source: string): { collection: RunCollection; isFolder: boolean } {
  const collection = loadRunCollection(source);
  const isFolder = existsSync(join(source, 'collection.json'));
  return { collection, isFolder };
}

export async function runCommand(args: RunArgs, context: RunContext): Promise<RunSummary> {
  const { collection, isFolder } = loadCollection(args.source);
  const items = selectFolders(collection, args.folders);
  if (items.length === 0) throw new UnreadableCollection(`The collection “${collection.name}” has no requests to run.`);
  const environmentFile = args.environment
    ? readVariablesFile(environmentPath(args.environment, args.source, isFolder), 'environment')
    : null;
  const globals = args.globals ? readVariablesFile(args.globals, 'globals').variables : [];
  const environment = environmentVariables(environmentFile, args, context.env);
  const rows = dataRows(args);
  const extraCaPems = args.extraCaCerts.map((path) => readText(path, 'CA file'));
  const clientCertificates = runClientCertificates(args);
  for (const note of collection.notes) context.warn(note);

  const path = createRunSendPath({
    scopes: {
      collectionName: collection.name,
      collectionAuth: collection.auth,
      collection: collection.variables,
      globals,
      environmentName: environmentFile?.name ?? 'the command line',
      environment,
    },
    urls: items.map((item) => item.request.url),
    timeoutMs: args.timeoutMs,
    env: context.env,
    extraCaPems,
    clientCertificates,
  });
  for (const warning of path.warnings) context.warn(warning);
  const reporter = allOf(reporters(args, context));
  try {
    return await runCollection(
      {
        collection,
        items,
        rows,
        delayMs: args.delayMs,
        bail: args.bail,
        parallel: args.parallel,
        definitions: definitionsOf(environment, collection.variables, globals),
        signal: context.signal,
      },
      path,
      reporter,
    );
  } finally {
    path.close();
  }
}
