import { ScrollBox } from './scroll-box';
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

export type Column<R> = {
  key: string;
  label: string;
  /** What the cell shows. */
  render: (row: R) => ComponentChildren;
  /** What the column sorts by; a column without it does not sort. */
  sortValue?: (row: R) => string | number | null;
  numeric?: boolean;
  /** The footer cell (totals). */
  total?: ComponentChildren;
};

type Sort = { key: string; dir: 'asc' | 'desc' };

function compare(a: string | number | null, b: string | number | null): number {
  // Missing values sort last whichever way the column runs.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/**
 * A table with sortable headers (buttons, so the keyboard reaches them; aria-sort says
 * the order) and an optional totals footer. Rows keep the server's order until sorted.
 */
export function DataTable<R>({
  columns,
  rows,
  rowKey,
  caption,
  rowProps,
  footer = false,
  sticky = false,
}: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  caption: string;
  rowProps?: (row: R) => Record<string, string>;
  footer?: boolean;
  /** Keeps the first column in view while a wide table scrolls sideways. */
  sticky?: boolean;
}) {
  const [sort, setSort] = useState<Sort | null>(null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sortValue) return rows;
    const value = col.sortValue;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) return compare(va, vb);
      return sort!.dir === 'asc' ? compare(va, vb) : compare(vb, va);
    });
  }, [rows, sort, columns]);

  const toggle = (key: string, numeric: boolean | undefined) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: numeric ? 'desc' : 'asc' }));

  return (
    <ScrollBox>
      <table class={sticky ? 'table table-sticky' : 'table'}>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                class={c.numeric ? 'num' : undefined}
                aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.sortValue ? (
                  <button type="button" class="sort" onClick={() => toggle(c.key, c.numeric)}>
                    {c.label}
                    <span class="sort-mark" aria-hidden="true">
                      {sort?.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} {...(rowProps?.(row) ?? {})}>
              {columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && (
          <tfoot>
            <tr>
              {columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : undefined}>
                  {c.total}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </ScrollBox>
  );
}
