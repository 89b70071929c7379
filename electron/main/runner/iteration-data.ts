/**
 * A run's data file (newman's --iteration-data): one iteration per row, its columns as variables.
 * CSV with a header row (RFC 4180: quoted fields, "" inside quotes, commas and line breaks inside
 * quotes, CRLF or LF) or a JSON array of objects. Values are text, as variables are. A file that is
 * neither gets an IterationDataError with a sentence saying what is wrong where.
 */

export class IterationDataError extends Error {}

export type DataRow = Record<string, string>;

export function parseIterationData(text: string, fileName: string): DataRow[] {
  const content = text.replace(/^\uFEFF/, '');
  const trimmed = content.trim();
  if (trimmed === '')
    throw new IterationDataError(
      `The data file ${fileName} is empty: give a CSV file with a header row, or a JSON array of objects.`,
    );
  if (/\.json$/i.test(fileName) || trimmed.startsWith('[') || trimmed.startsWith('{'))
    return jsonRows(trimmed, fileName);
  return csvRows(content, fileName);
}

function jsonRows(text: string, fileName: string): DataRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IterationDataError(`The data file ${fileName} is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(value))
    throw new IterationDataError(
      `The data file ${fileName} is JSON but not an array: give an array of objects, one per iteration.`,
    );
  return value.map((row, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new IterationDataError(
        `Row ${index + 1} of the data file ${fileName} is not an object: each element names its variables, e.g. {"title": "Flat"}.`,
      );
    }
    const out: DataRow = Object.create(null) as DataRow;
    for (const [key, cell] of Object.entries(row))
      out[key] = typeof cell === 'string' ? cell : (JSON.stringify(cell) ?? '');
    return out;
  });
}

/** The records of a CSV text, each a list of fields. */
function csvRecords(text: string, fileName: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    // A blank line (one empty field) is no record.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      if (c === '\n') line++;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
    } else field += c;
    i++;
  }
  if (quoted)
    throw new IterationDataError(
      `The data file ${fileName} has a quoted field that is never closed (from line ${line} or before): close it with ".`,
    );
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

function csvRows(text: string, fileName: string): DataRow[] {
  const [header, ...records] = csvRecords(text, fileName);
  if (!header) throw new IterationDataError(`The data file ${fileName} has no header row naming its columns.`);
  const names = header.map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new IterationDataError(
      `The header row of the data file ${fileName} has an empty column name: name every column.`,
    );
  return records.map((fields, index) => {
    if (fields.length > names.length) {
      throw new IterationDataError(
        `Row ${index + 2} of the data file ${fileName} has ${fields.length} fields, more than the ${names.length} columns of its header row.`,
      );
    }
    const row: DataRow = Object.create(null) as DataRow;
    names.forEach((name, column) => (row[name] = fields[column] ?? ''));
    return row;
  });
}

/**
 * One data row per iteration: the data file's rows (the last repeated when more iterations are
 * asked for), or that many empty rows without a file (one by default).
 */
export function iterationRows(data: { rows: DataRow[]; fileName: string } | null, iterations?: number): DataRow[] {
  if (data && data.rows.length === 0)
    throw new IterationDataError(`The data file ${data.fileName} has no rows after its header.`);
  const count = iterations ?? data?.rows.length ?? 1;
  return Array.from({ length: count }, (_, i) => (data ? data.rows[Math.min(i, data.rows.length - 1)]! : {}));
}
