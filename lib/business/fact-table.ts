import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../errors';
import { parseCsv } from './csv';

/** How one column of a fact table is read. Optional columns may be empty and then read as null. */
export type ColumnSpec =
  | { readonly type: 'text'; readonly optional?: boolean; readonly oneOf?: readonly string[] }
  | { readonly type: 'number'; readonly optional?: boolean; readonly min?: number; readonly integer?: boolean };

export type FactSchema = Readonly<Record<string, ColumnSpec>>;

type CellValue<S extends ColumnSpec> =
  | (S extends { readonly type: 'number' } ? number : S extends { readonly oneOf: readonly (infer U)[] } ? U : string)
  | (S extends { readonly optional: true } ? null : never);

/** A validated row: one typed property per schema column, plus the citation every fact carries. */
export type FactRow<S extends FactSchema> = { readonly [K in keyof S]: CellValue<S[K]> } & { readonly source: string };

/** What every row's `source` must look like, so a reader can check each number against its origin. */
export interface Citation {
  readonly pattern: RegExp;
  /** The form, for the error message. */
  readonly expected: string;
}

/** The seed document(s) a row comes from, e.g. `seeds/001` or `seeds/002; seeds/000`. */
export const SEED_CITATION: Citation = {
  pattern: /^seeds\/\d{3}(; seeds\/\d{3})*$/,
  expected: 'seeds/NNN[; seeds/NNN]',
};
/** The address of the public page a row's figure was read from. */
export const URL_CITATION: Citation = { pattern: /^https?:\/\/\S+$/, expected: 'the http(s) address of its page' };

/**
 * A rule across the cells of one row (e.g. "a value needs a unit"). It returns null when the row is
 * fine, or the offending column and why, which the loader turns into an error naming file and line.
 */
export type RowRule<S extends FactSchema> = (row: FactRow<S>) => { column: keyof S & string; reason: string } | null;

/**
 * Parses and validates a fact table held as CSV text. The header must hold exactly the schema's
 * columns plus `source` (any order). Errors name `file:column` and the file line.
 */
export function parseFactTable<S extends FactSchema>(
  text: string,
  file: string,
  schema: S,
  rules: readonly RowRule<S>[] = [],
  citation: Citation = SEED_CITATION,
): FactRow<S>[] {
  const records = parseCsv(text, file);
  if (records.length === 0) throw new PinlabInputError(file, 'is empty: expected a header row');
  const header = records[0].cells.map((h) => h.trim());
  const expected = [...Object.keys(schema), 'source'];
  for (const name of expected) {
    if (!header.includes(name)) throw new PinlabInputError(`${file}:${name}`, 'column is missing from the header');
  }
  header.forEach((name, i) => {
    if (!expected.includes(name))
      throw new PinlabInputError(`${file}:${name}`, `unexpected column ${i + 1} in the header`);
    if (header.indexOf(name) !== i) throw new PinlabInputError(`${file}:${name}`, 'column appears twice in the header');
  });
  if (records.length === 1) throw new PinlabInputError(file, 'has a header but no rows');

  return records.slice(1).map(({ cells, line }) => {
    if (cells.length !== header.length) {
      throw new PinlabInputError(file, `line ${line}: has ${cells.length} cells, the header has ${header.length}`);
    }
    const row: Record<string, string | number | null> = {};
    header.forEach((name, i) => {
      const raw = cells[i].trim();
      const field = `${file}:${name}`;
      if (name === 'source') {
        if (!citation.pattern.test(raw))
          throw new PinlabInputError(field, `line ${line}: must cite ${citation.expected}, got '${raw}'`);
        row[name] = raw;
      } else {
        row[name] = readCell(schema[name], raw, field, line);
      }
    });
    const typed = row as FactRow<S>;
    for (const rule of rules) {
      const broken = rule(typed);
      if (broken) throw new PinlabInputError(`${file}:${broken.column}`, `line ${line}: ${broken.reason}`);
    }
    return typed;
  });
}

function readCell(spec: ColumnSpec, raw: string, field: string, line: number): string | number | null {
  if (raw === '') {
    if (spec.optional) return null;
    throw new PinlabInputError(field, `line ${line}: is required but empty`);
  }
  if (spec.type === 'text') {
    if (spec.oneOf && !spec.oneOf.includes(raw)) {
      throw new PinlabInputError(field, `line ${line}: must be one of ${spec.oneOf.join(' | ')}, got '${raw}'`);
    }
    return raw;
  }
  // Number('') and Number(' ') are 0 and parseFloat accepts '12abc', so check the text shape first.
  const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw new PinlabInputError(field, `line ${line}: must be a number, got '${raw}'`);
  if (spec.integer && !Number.isInteger(value))
    throw new PinlabInputError(field, `line ${line}: must be an integer, got '${raw}'`);
  if (spec.min !== undefined && value < spec.min) {
    throw new PinlabInputError(field, `line ${line}: must be >= ${spec.min}, got '${raw}'`);
  }
  return value;
}

/** Reads and validates a fact table from disk; errors name the file by its base name. */
export function readFactTable<S extends FactSchema>(
  file: string,
  schema: S,
  rules: readonly RowRule<S>[] = [],
  citation: Citation = SEED_CITATION,
): FactRow<S>[] {
  return parseFactTable(fs.readFileSync(file, 'utf8'), path.basename(file), schema, rules, citation);
}
