/**
 * A check on a response (an assertion), declarative like a capture and saved in the request file.
 * One flat row shape for every subject, so the editor shows checks as a table and the Postman
 * bridge, the runner and the CLI read one definition. Which operators a subject takes is
 * `CHECK_OPERATORS`; the schema refuses any other pairing with a sentence. The constants, the rules
 * and `describeCheck` are in `../checks.ts` (no zod, for the renderer) and re-exported here.
 */
import * as z from 'zod/mini';
import {
  CHECK_OPERATIONS,
  CHECK_SUBJECTS,
  checkRuleIssues,
  MAX_CHECK_EXPECTED,
  MAX_CHECK_TARGET,
  MAX_CHECKS,
} from '../checks';

export {
  CHECK_OPERATIONS,
  CHECK_OPERATORS,
  CHECK_SUBJECTS,
  describeCheck,
  MAX_CHECKS,
  STATUS_KINDS,
  type CheckOperation,
  type CheckSubject,
} from '../checks';

export const checkSchema = z
  .strictObject({
    on: z.enum(CHECK_SUBJECTS),
    /** The JSONPath (json) or the header name (header); empty for the other subjects. */
    target: z.string().check(z.maxLength(MAX_CHECK_TARGET, 'A check target has at most 500 characters.')),
    op: z.enum(CHECK_OPERATIONS),
    expected: z.string().check(z.maxLength(MAX_CHECK_EXPECTED, 'An expected value has at most 1 MB.')),
    /** A switched-off check is kept in the file and not run. */
    enabled: z.boolean(),
  })
  .check(
    z.superRefine((check, context) => {
      for (const issue of checkRuleIssues(check))
        context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    }),
  );

export type Check = z.infer<typeof checkSchema>;

export const checksSchema = z
  .array(checkSchema)
  .check(z.maxLength(MAX_CHECKS, `A request has at most ${MAX_CHECKS} checks.`));

/** What one check gave for one response: shown in the response pane, the runner and the reports (masked). */
export interface CheckResult {
  /** A readable statement of the check with its expected value resolved, e.g. "status is 200" or "$.id exists". */
  label: string;
  passed: boolean;
  /** For a failure: what was expected and what came, as short text (values longer than 200 characters cut). */
  expected?: string;
  actual?: string;
  /** Why the check could not run (a bad regular expression, a body that is not JSON, an invalid schema). */
  error?: string;
}
