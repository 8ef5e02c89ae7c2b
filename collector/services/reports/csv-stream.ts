import { csvLine, type CsvToken, type CsvValue } from '../../domain/csv';

export type CsvRecord = readonly (CsvValue | CsvToken)[];

/**
 * A CSV body written page by page as the client reads it, so an export of a year of
 * calls never sits in memory whole. `preamble` lines go before the header as they are;
 * `byteOrderMark` starts the file with one, without which Excel reads UTF-8 as the
 * system's legacy code page and garbles every accented city, keyword and title.
 */
export function csvStream(
  header: readonly string[],
  pages: AsyncIterable<CsvRecord[]>,
  { preamble = [], byteOrderMark = false }: { preamble?: readonly string[]; byteOrderMark?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode((byteOrderMark ? '\uFEFF' : '') + preamble.map((l) => `${l}\r\n`).join('') + csvLine(header)));
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(csvLine).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
