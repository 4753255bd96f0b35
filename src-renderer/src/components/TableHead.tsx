/** One column header: a plain label, or a label with options. */
export type Column = string | { label: string; numeric?: boolean; hidden?: boolean };

/**
 * The header row of a data table. Numeric columns align right like their cells; a hidden label
 * names a column for screen readers only (a column of buttons, a row-label column).
 */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          const { label, numeric, hidden } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={i} scope="col" className={numeric ? 'num' : undefined}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
