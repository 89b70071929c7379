/**
 * The `workbench` command (package.json's bin runs the bundle of this file, out/cli/workbench.cjs):
 * plain Node, no Electron, on the main process's own code. Exit 0 when every check passed, 1 when
 * a check failed or a request could not be sent, 2 for a bad command line or an unreadable
 * collection; each failure says why in a sentence, never a stack.
 */
import { UnreadableCollection } from '../electron/main/runner/collection-source';
import { IterationDataError } from '../electron/main/runner/iteration-data';
import { VariablesFileError } from '../electron/main/runner/variables-file';
import { parseCommand, UsageError } from './args';
import { MAIN_HELP, RUN_HELP } from './help';
import { ReportFileError } from '../electron/main/runner/reports/report-file';
import { runCommand } from './run';

declare const WORKBENCH_VERSION: string;

/** Errors that mean the command line or its files are wrong: exit 2. */
const BAD_INPUT = [UsageError, UnreadableCollection, VariablesFileError, IterationDataError, ReportFileError];

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const warn = (text: string) => process.stderr.write(`${text}\n`);
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(command.topic === 'run' ? RUN_HELP : MAIN_HELP);
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${typeof WORKBENCH_VERSION === 'string' ? WORKBENCH_VERSION : 'development'}\n`);
      return 0;
    }
    // Ctrl-C (or CI cancelling the job) ends the run with whole reports; a second one ends the process.
    const interrupt = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupt.abort());
    const summary = await runCommand(command.args, { env, out: process.stdout, warn, signal: interrupt.signal });
    return summary.passed ? 0 : 1;
  } catch (error) {
    if (BAD_INPUT.some((kind) => error instanceof kind)) {
      warn((error as Error).message);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    warn(`The run stopped on a fault of its own: ${message.split('\n')[0]}`);
    return 1;
  }
}

void main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
