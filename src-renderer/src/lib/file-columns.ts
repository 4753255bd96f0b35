/** How much of a file is read to find its columns: a header row, or the first NDJSON records. */
const HEAD_BYTES = 256 * 1024;
const NDJSON_SAMPLE_LINES = 200;

export interface FileColumns {
  format: 'csv' | 'ndjson';
  columns: string[];
}

/** Decides CSV or NDJSON as main does: the name first, then the first non-blank character. */
export function guessFormat(name: string, head: string): 'csv' | 'ndjson' {
  if (/\.(ndjson|jsonl|json)$/i.test(name)) return 'ndjson';
  if (/\.csv$/i.test(name)) return 'csv';
  return head.trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

/** One CSV record's cells (RFC 4180 quoting), enough for a header row. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** The header row of a CSV text (BOM dropped), or the keys of the first NDJSON records in order. */
export function columnsOfText(name: string, text: string, format?: 'csv' | 'ndjson'): FileColumns {
  const head = text.replace(/^\uFEFF/, '');
  const chosen = format ?? guessFormat(name, head);
  if (chosen === 'csv') {
    const first = head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
    return { format: 'csv', columns: csvCells(first).filter((c) => c !== '') };
  }
  const keys = new Set<string>();
  for (const line of head.split(/\r?\n/).slice(0, NDJSON_SAMPLE_LINES)) {
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value))
        for (const key of Object.keys(value)) keys.add(key);
    } catch {
      // A bad or cut-off line: main reports it by number during the import.
    }
  }
  return { format: 'ndjson', columns: [...keys] };
}

export async function readFileColumns(file: File, format?: 'csv' | 'ndjson'): Promise<FileColumns> {
  return columnsOfText(file.name, await file.slice(0, HEAD_BYTES).text(), format);
}
