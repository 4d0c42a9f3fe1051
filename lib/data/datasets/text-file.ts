import * as fs from 'node:fs';
import { PinlabInputError } from '../../errors';

/**
 * A data file's lines. `lines[k]` is line `firstLine + k` of the file (1-based), so errors can
 * name the line a researcher sees in an editor.
 */
export interface TextLines {
  readonly file: string;
  readonly lines: readonly string[];
  readonly firstLine: number;
}

/** Throws the typed error for bad content at a line of a data file. */
export function failAt(file: string, line: number | undefined, field: string, reason: string): never {
  throw new PinlabInputError(field, reason, undefined, { file, line });
}

/**
 * Splits text into lines. CRLF and a missing final newline are harmless variants of the same data;
 * every other line is kept, blank ones included, because in line-per-node formats a blank line is
 * data (a node without features). With `header`, leading `#` lines are a comment header.
 */
export function splitLines(text: string, file: string, header: boolean): TextLines {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  let skip = 0;
  while (header && skip < lines.length && lines[skip].startsWith('#')) skip++;
  return { file, lines: lines.slice(skip), firstLine: skip + 1 };
}

/** Reads a data file, naming it in the typed error when it is missing or unreadable. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PinlabInputError(
      'file',
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      undefined,
      { file },
    );
  }
}

/**
 * Parses a decimal integer token in [min, max], or throws naming the file, line and what the token
 * is; a comma inside the token means the wrong separator and says so.
 */
export function intToken(tok: string, min: number, max: number, file: string, line: number, what: string): number {
  if (/^-?\d+$/.test(tok)) {
    const v = Number(tok);
    if (v >= min && v <= max) return v;
    failAt(file, line, what, `${tok} is outside [${min}, ${max}]`);
  }
  if (tok.includes(',')) failAt(file, line, what, `'${tok}' holds a comma; the format separates values by spaces`);
  return failAt(file, line, what, `'${tok}' is not an integer`);
}

/** The space- (or tab-) separated tokens of a line; none for a blank line. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/[ \t]+/);
}
