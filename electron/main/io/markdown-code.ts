/**
 * Docs and READMEs show commands inside Markdown code fences (```bash, ~~~, ```console with `$ `
 * prompts). A shell would read the fence's backticks as a command substitution and the prompt as a
 * command named `$`, so the commands are taken out of the fences before they are split into words.
 */

const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*\r?$/gm;
const PROMPT = /^[ \t]*\$[ \t]+/;

/**
 * The commands the text shows: the fenced blocks that run curl if it has any (a block of JSON or
 * output could hold a lone quote that would swallow the next block), else the text; prompts taken off.
 */
export function shellTextOf(text: string): string {
  const blocks = [...text.matchAll(FENCE)].map((match) => match[2]!);
  const withCurl = blocks.filter((block) => /\bcurl(?:\.exe)?\b/i.test(block));
  const chosen = withCurl.length > 0 ? withCurl : blocks.length > 0 ? blocks : [text];
  return chosen.map(withoutPrompts).join('\n');
}

/**
 * In a console transcript only the lines after a `$ ` prompt (and the lines they continue onto,
 * with a trailing `\` or inside a quote still open) are commands; the others are what the
 * commands printed. Text without prompts is all command.
 */
function withoutPrompts(block: string): string {
  const lines = block.split('\n');
  if (!lines.some((line) => PROMPT.test(line))) return block;
  const kept: string[] = [];
  let quote: Quote = null;
  let continued = false;
  for (const line of lines) {
    const prompted = PROMPT.test(line);
    if (!prompted && quote === null && !continued) continue;
    const command = prompted && quote === null ? line.replace(PROMPT, '') : line;
    kept.push(command);
    quote = quoteOpenAfter(command, quote);
    continued = quote === null && /\\[ \t]*\r?$/.test(command);
  }
  return kept.join('\n');
}

type Quote = "'" | '"' | null;

/** The POSIX quote still open at the end of the line, given the one open at its start. */
function quoteOpenAfter(line: string, open: Quote): Quote {
  let quote = open;
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (c === '\\' && quote !== "'") k++;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return quote;
}
