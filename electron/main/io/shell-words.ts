/**
 * Splits pasted shell text into commands and words, the way a shell would before running curl:
 * quotes, escapes and line continuations are undone. Two dialects:
 *
 * - POSIX shells (bash, zsh): '…', "…", $'…' (ANSI-C), `\` escapes, `\` + newline continues the
 *   line, `#` comments, `;` `&&` `||` `|` end a command, redirections (`> file`) are dropped.
 * - Windows cmd: `^` escapes and `^` + newline continues the line (including Chrome's "Copy as cURL
 *   (cmd)" style `^"…^"`), then the program's own argument rules: "…" with `\"` and `""` for a quote.
 *
 * Shell variables ($NAME, ${NAME}, %NAME%) become {{NAME}} so that they can be given values in the
 * app. Command substitutions ($(…), `…`) cannot be run: they are kept as text and reported.
 *
 * Leniency for pasted documentation: a `\` + newline always separates words (docs often write
 * `'url'\` with no space before the backslash, which a real shell would glue to the next word).
 */

export interface ShellCommand {
  words: string[];
  /** Shell variables the command uses, as written ($NAME → NAME). */
  shellVariables: string[];
  /** Command substitutions kept as text. */
  substitutions: string[];
}

/**
 * True when the text is written for Windows cmd. Only what bash never writes counts: caret
 * continuations or escapes, %NAME% variables, cmd's `""` for a quote inside double quotes, and
 * batch-only lines (`@echo off`, `rem`, `::`, `cls`, `pause`, `set NAME=`). A plain `echo` is
 * both shells' and says nothing. Single-quoted text (POSIX only) is not looked at.
 */
export function looksLikeWindowsCmd(text: string): boolean {
  const outsideSingleQuotes = withoutSingleQuoted(text);
  return CMD_MARKERS.some((marker) => marker.test(outsideSingleQuotes)) || hasCmdVariable(outsideSingleQuotes);
}

const CMD_MARKERS = [
  /\^\r?\n|\^"/,
  /[^\s\\=]""[^\s"]/,
  /^\s*(@echo\s+off\b|cls\s*$|pause\s*$|rem\s|::|set\s+(?:\/a\s+)?\w+=)/im,
];

/** `%NAME%`, not percent-encoding such as `%2F` or `%C3%A9`. */
function hasCmdVariable(text: string): boolean {
  return [...text.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)%/g)].some((match) => !/^[0-9A-F]{2}$/i.test(match[1]!));
}

/** The text with POSIX single-quoted parts left out (a `\'` outside quotes is not a quote). */
function withoutSingleQuoted(text: string): string {
  let out = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '\\') k++;
    else if (!quoted) out += c;
  }
  return out;
}

export function splitCommands(text: string, windows = looksLikeWindowsCmd(text)): ShellCommand[] {
  return windows ? new WindowsSplitter(undoCmdEscapes(text)).run() : new PosixSplitter(text).run();
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** A Postman dynamic variable's name inside `{{…}}` (`{{$guid}}`): a shell would expand `$guid`, but pasted docs mean Postman's. */
const POSTMAN_DYNAMIC = /^\$[A-Za-z0-9_]+(?=\s*\}\})/;

/** Shared bookkeeping: the word being read, the command being built, the commands so far. */
abstract class Splitter {
  protected i = 0;
  protected word: string | null = null;
  private current: ShellCommand = emptyCommand();
  private readonly commands: ShellCommand[] = [];
  private dropNextWord = false;

  constructor(protected readonly text: string) {}

  run(): ShellCommand[] {
    while (this.i < this.text.length) this.step();
    this.endCommand();
    return this.commands;
  }

  protected abstract step(): void;

  protected add(chars: string): void {
    this.word = (this.word ?? '') + chars;
  }

  protected endWord(): void {
    if (this.word === null) return;
    if (this.dropNextWord) this.dropNextWord = false;
    else this.current.words.push(this.word);
    this.word = null;
  }

  protected endCommand(): void {
    this.endWord();
    this.dropNextWord = false;
    if (this.current.words.length > 0) this.commands.push(this.current);
    this.current = emptyCommand();
  }

  /**
   * `> file`, `2> file`, `< file`: the redirection and its target are not part of the command.
   * A docs placeholder such as `<OPERATION>` or `<YOUR API KEY>` is kept as text instead.
   */
  protected redirect(): void {
    const placeholder = /^<[^<>\n'"]+>/.exec(this.text.slice(this.i));
    if (placeholder) {
      this.add(placeholder[0]);
      this.i += placeholder[0].length;
      return;
    }
    if (this.word !== null && /^\d$/.test(this.word)) this.word = null;
    this.endWord();
    while (this.text[this.i] === '>' || this.text[this.i] === '<' || this.text[this.i] === '&') this.i++;
    this.dropNextWord = true;
  }

  protected variable(name: string): void {
    if (!this.current.shellVariables.includes(name)) this.current.shellVariables.push(name);
    this.add(`{{${name}}}`);
  }

  protected substitution(textKept: string): void {
    this.current.substitutions.push(textKept);
    this.add(textKept);
  }

  /** Reads up to the closing quote (no escapes inside); the quote chars are not kept. */
  protected singleQuoted(): void {
    const end = this.text.indexOf("'", this.i + 1);
    const stop = end === -1 ? this.text.length : end;
    this.add(this.text.slice(this.i + 1, stop));
    this.i = stop + 1;
  }

  /** `;`, `&&`, `||`, `|`, `&`: the end of a command. */
  protected separator(): void {
    const c = this.text[this.i];
    this.i += this.text[this.i + 1] === c ? 2 : 1;
    this.endCommand();
  }
}

function emptyCommand(): ShellCommand {
  return { words: [], shellVariables: [], substitutions: [] };
}

class PosixSplitter extends Splitter {
  protected step(): void {
    const c = this.text[this.i]!;
    const next = this.text[this.i + 1];
    if (c === '\\' && (next === '\n' || (next === '\r' && this.text[this.i + 2] === '\n'))) {
      this.endWord();
      this.i += next === '\n' ? 2 : 3;
    } else if (c === '\n') {
      this.i++;
      this.endCommand();
    } else if (c === ' ' || c === '\t' || c === '\r') {
      this.i++;
      this.endWord();
    } else if (c === '#' && this.word === null) {
      while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
    } else if (c === ';' || c === '|' || c === '&') {
      this.separator();
    } else if (c === '>' || c === '<') {
      this.redirect();
    } else if (c === "'") {
      this.singleQuoted();
    } else if (c === '$' && next === "'") {
      this.ansiC();
    } else if (c === '"') {
      this.doubleQuoted();
    } else if (c === '\\') {
      this.add(next ?? '');
      this.i += 2;
    } else if (c === '$' || c === '`') {
      this.dollar();
    } else {
      this.add(c);
      this.i++;
    }
  }

  private doubleQuoted(): void {
    this.i++;
    this.add('');
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      const c = this.text[this.i]!;
      const next = this.text[this.i + 1];
      if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
        if (next !== '\n') this.add(next);
        this.i += 2;
      } else if (c === '$' || c === '`') {
        this.dollar();
      } else {
        this.add(c);
        this.i++;
      }
    }
    this.i++;
  }

  /** $NAME, ${NAME}, $(…) and `…`; a lone $ stays a $; `{{$guid}}` is Postman's, kept as written. */
  private dollar(): void {
    const rest = this.text.slice(this.i);
    const dynamic = /\{\{\s*$/.test(this.text.slice(Math.max(0, this.i - 8), this.i))
      ? POSTMAN_DYNAMIC.exec(rest)
      : null;
    if (dynamic) {
      this.add(dynamic[0]);
      this.i += dynamic[0].length;
      return;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    const plain = NAME.exec(rest.slice(1));
    if (rest.startsWith('$(') || rest.startsWith('`')) {
      const close = rest.startsWith('`') ? rest.indexOf('`', 1) : matchingParen(rest, 1);
      const kept = close === -1 ? rest : rest.slice(0, close + 1);
      this.substitution(kept);
      this.i += kept.length;
    } else if (braced) {
      this.variable(braced[1]!);
      this.i += braced[0].length;
    } else if (plain) {
      this.variable(plain[0]);
      this.i += 1 + plain[0].length;
    } else {
      this.add('$');
      this.i++;
    }
  }

  /** $'…' with C escapes: \n \t \r \\ \' \" \xHH \uHHHH \UHHHHHHHH \NNN (octal) \a \b \e \f \v. */
  private ansiC(): void {
    this.i += 2;
    this.add('');
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      e: '\x1b',
      E: '\x1b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '?': '?',
    };
    while (this.i < this.text.length && this.text[this.i] !== "'") {
      const c = this.text[this.i]!;
      if (c !== '\\') {
        this.add(c);
        this.i++;
        continue;
      }
      const rest = this.text.slice(this.i + 1);
      const hex =
        /^x([0-9a-fA-F]{1,2})/.exec(rest) ?? /^u([0-9a-fA-F]{1,4})/.exec(rest) ?? /^U([0-9a-fA-F]{1,8})/.exec(rest);
      const octal = /^[0-7]{1,3}/.exec(rest);
      const first = rest[0] ?? '';
      if (hex) {
        this.add(String.fromCodePoint(parseInt(hex[1]!, 16)));
        this.i += 1 + hex[0].length;
      } else if (octal) {
        this.add(String.fromCharCode(parseInt(octal[0], 8)));
        this.i += 1 + octal[0].length;
      } else if (first in simple) {
        this.add(simple[first]!);
        this.i += 2;
      } else {
        this.add(`\\${first}`);
        this.i += 2;
      }
    }
    this.i++;
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') depth++;
    else if (text[k] === ')' && --depth === 0) return k;
  }
  return -1;
}

/**
 * The cmd.exe layer: outside cmd's own quotes, `^` + newline continues the line and `^x` is a
 * literal x (a `^"` is a quote character passed on to the program, not a cmd quote).
 */
export function undoCmdEscapes(text: string): string {
  let out = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    // cmd reads a line at a time: a quote left open ends with its line.
    if (c === '"') quoted = !quoted;
    else if (c === '\n') quoted = false;
    if (c === '^' && !quoted) {
      const next = text[k + 1];
      if (next === '\n' || (next === '\r' && text[k + 2] === '\n')) {
        out += ' ';
        k += next === '\n' ? 1 : 2;
      } else if (next !== undefined) {
        out += next;
        k++;
      }
      continue;
    }
    out += c;
  }
  return out;
}

/** What a Windows program (curl.exe) makes of its command line, after cmd's own pass. */
class WindowsSplitter extends Splitter {
  protected step(): void {
    const c = this.text[this.i]!;
    if (c === '\n') {
      this.i++;
      this.endCommand();
    } else if (c === ' ' || c === '\t' || c === '\r') {
      this.i++;
      this.endWord();
    } else if (c === '&' || c === '|') {
      this.separator();
    } else if (c === '>' || c === '<') {
      this.redirect();
    } else if (c === '"') {
      this.quoted();
    } else if (c === "'") {
      // cmd passes single quotes on; curl.exe would not strip them. Read leniently as quotes.
      this.singleQuoted();
    } else if (c === '\\') {
      this.backslashes(false);
    } else if (c === '%') {
      this.percent();
    } else {
      this.add(c);
      this.i++;
    }
  }

  private quoted(): void {
    this.i++;
    this.add('');
    // A quote left open ends with its line, as cmd reads it (batch files leave stray quotes).
    while (this.i < this.text.length && this.text[this.i] !== '\n') {
      const c = this.text[this.i]!;
      if (c === '"') {
        if (this.text[this.i + 1] === '"') {
          this.add('"');
          this.i += 2;
          continue;
        }
        this.i++;
        return;
      }
      if (c === '\\') {
        if (this.backslashes(true)) continue;
      } else if (c === '%') {
        this.percent();
      } else {
        this.add(c);
        this.i++;
      }
    }
  }

  /** 2n backslashes + `"` → n backslashes and a quote that ends/starts quoting; 2n+1 → n and a literal `"`. */
  private backslashes(inQuotes: boolean): boolean {
    let count = 0;
    while (this.text[this.i + count] === '\\') count++;
    const followedByQuote = this.text[this.i + count] === '"';
    if (!followedByQuote) {
      this.add('\\'.repeat(count));
      this.i += count;
      return true;
    }
    this.add('\\'.repeat(Math.floor(count / 2)));
    this.i += count;
    if (count % 2 === 1) {
      this.add('"');
      this.i++;
      return true;
    }
    if (!inQuotes) this.quoted();
    return !inQuotes;
  }

  private percent(): void {
    const match = /^%([A-Za-z_][A-Za-z0-9_]*)%/.exec(this.text.slice(this.i));
    // %E2% is more likely percent-encoding than a variable named E2.
    if (match && !/^[0-9A-F]{2}$/i.test(match[1]!)) {
      this.variable(match[1]!);
      this.i += match[0].length;
    } else {
      this.add('%');
      this.i++;
    }
  }
}
