// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { DataTable, type Column } from '../../dashboard/src/components/data-table';
import { mount, text } from './dashboard-helpers';

type Row = { name: string; calls: number; rate: number | null };
const rows: Row[] = [
  { name: 'bing', calls: 3, rate: 0.5 },
  { name: 'google', calls: 10, rate: null },
  { name: 'direct', calls: 1, rate: 0.25 },
];
const columns: Column<Row>[] = [
  { key: 'name', label: 'Source', sortValue: (r) => r.name, render: (r) => r.name, total: 'Total' },
  { key: 'calls', label: 'Calls', numeric: true, sortValue: (r) => r.calls, render: (r) => String(r.calls), total: '14' },
  { key: 'rate', label: 'Rate', numeric: true, sortValue: (r) => r.rate, render: (r) => String(r.rate) },
  { key: 'plain', label: 'Note', render: () => 'x' },
];

afterEach(() => document.body.replaceChildren());

const names = (el: HTMLElement) => [...el.querySelectorAll('tbody tr td:first-child')].map(text);
const header = (el: HTMLElement, label: string) => [...el.querySelectorAll('th')].find((th) => text(th).startsWith(label))!;

describe('DataTable', () => {
  it("keeps the server's order until a header is clicked", () => {
    const el = mount(<DataTable caption="Sources" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    expect(names(el)).toEqual(['bing', 'google', 'direct']);
    expect(el.querySelector('caption')?.textContent).toBe('Sources');
  });

  it('sorts a number column high to low first, then flips, and says so with aria-sort', () => {
    const el = mount(<DataTable caption="Sources" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    act(() => header(el, 'Calls').querySelector('button')!.click());
    expect(names(el)).toEqual(['google', 'bing', 'direct']);
    expect(header(el, 'Calls').getAttribute('aria-sort')).toBe('descending');
    act(() => header(el, 'Calls').querySelector('button')!.click());
    expect(names(el)).toEqual(['direct', 'bing', 'google']);
    expect(header(el, 'Calls').getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts text A to Z first and puts missing values last either way', () => {
    const el = mount(<DataTable caption="Sources" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    act(() => header(el, 'Source').querySelector('button')!.click());
    expect(names(el)).toEqual(['bing', 'direct', 'google']);
    act(() => header(el, 'Rate').querySelector('button')!.click());
    expect(names(el)).toEqual(['bing', 'direct', 'google']);
    act(() => header(el, 'Rate').querySelector('button')!.click());
    expect(names(el)).toEqual(['direct', 'bing', 'google']);
  });

  it('leaves a column without a sort value as a plain header, and shows totals in the footer', () => {
    const el = mount(<DataTable caption="Sources" columns={columns} rows={rows} rowKey={(r) => r.name} footer />);
    expect(header(el, 'Note').querySelector('button')).toBeNull();
    expect([...el.querySelectorAll('tfoot td')].map(text)).toEqual(['Total', '14', '', '']);
  });
});
