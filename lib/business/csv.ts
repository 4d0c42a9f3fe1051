import { PinlabInputError } from '../errors';

/** One CSV record and the file line it starts on (for error messages). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * Splits RFC 4180 CSV text into records of raw cells. Quoted cells may hold commas, doubled
 * quotes and line breaks, which the fact tables need for prose. `file` only names the source in
 * errors. A trailing newline does not produce an empty record.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let record: string[] = [];
  let recordLine = 1;
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  // After a closing quote only a delimiter may follow; cellStarted tracks whether `"` may open one.
  let cellStarted = false;
  let afterQuote = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
    cellStarted = false;
    afterQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === ',') {
      endCell();
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endCell();
      records.push({ cells: record, line: recordLine });
      record = [];
      line++;
      recordLine = line;
    } else if (afterQuote) {
      throw new PinlabInputError(file, `line ${line}: unexpected character after a closing quote`);
    } else if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
      quoteLine = line;
    } else if (c === '"') {
      throw new PinlabInputError(file, `line ${line}: quote inside an unquoted cell`);
    } else {
      cell += c;
      cellStarted = true;
    }
  }
  if (quoted) throw new PinlabInputError(file, `line ${quoteLine}: quoted cell is never closed`);
  if (cellStarted || record.length > 0) {
    endCell();
    records.push({ cells: record, line: recordLine });
  }
  return records;
}
