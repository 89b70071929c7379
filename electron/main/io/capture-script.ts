/**
 * The one script the app ever writes: a Postman test script that does what a request's captures
 * do (take values from the JSON response into collection variables). It is derived from the
 * captures, never user code, and it is recognised again on import so that the captures come back.
 */
import type { Capture } from '../../../shared/schemas/capture';
import { parsePath, type PathStep } from '../../../shared/jsonpath';

export const CAPTURE_SCRIPT_MARKER =
  '// Partner API Workbench: captures. Generated from the request; edit the captures in the app.';

const HELPER = [
  'var capture = function (variable, path) {',
  '  var value;',
  '  try { value = pm.response.json(); } catch (e) { return; }',
  '  for (var i = 0; i < path.length; i++) {',
  "    if (value === null || typeof value !== 'object') return;",
  '    value = value[path[i]];',
  '  }',
  "  if (value !== undefined) pm.collectionVariables.set(variable, typeof value === 'string' ? value : JSON.stringify(value));",
  '};',
];

const CALL = /^capture\((".*"), (\[.*\])\);$/;

/** The script's lines (Postman's `exec`); a capture whose path cannot be read becomes a comment. */
export function captureScript(captures: Capture[]): string[] {
  const lines = [CAPTURE_SCRIPT_MARKER, ...HELPER];
  for (const capture of captures) {
    try {
      lines.push(`capture(${JSON.stringify(capture.variable)}, ${JSON.stringify(parsePath(capture.path))});`);
    } catch (error) {
      lines.push(
        `// Not exported: ${capture.variable} ← ${capture.path}: ${(error as Error).message}`.replace(/\n/g, ' '),
      );
    }
  }
  return lines;
}

/** The captures of a script the app wrote; null when the script is anything else. */
export function readCaptureScript(exec: string[]): Capture[] | null {
  if (exec[0] !== CAPTURE_SCRIPT_MARKER) return null;
  const captures: Capture[] = [];
  for (const line of exec.slice(1 + HELPER.length)) {
    const match = CALL.exec(line.trim());
    if (!match) continue;
    try {
      const variable: unknown = JSON.parse(match[1]!);
      const steps: unknown = JSON.parse(match[2]!);
      if (
        typeof variable === 'string' &&
        Array.isArray(steps) &&
        steps.every((s) => typeof s === 'string' || Number.isInteger(s))
      ) {
        captures.push({ variable, path: pathText(steps as PathStep[]) });
      }
    } catch {
      // A line that is not ours after all: skip it.
    }
  }
  return captures;
}

/** Steps back to the path syntax: `$.data.uuid`, `$.items[0].id`, `$['odd key']`. */
export function pathText(steps: PathStep[]): string {
  return (
    '$' +
    steps
      .map((step) => {
        if (typeof step === 'number') return `[${step}]`;
        if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(step)) return `.${step}`;
        return `['${step.replace(/(['\\])/g, '\\$1')}']`;
      })
      .join('')
  );
}
