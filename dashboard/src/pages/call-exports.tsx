import { useState } from 'preact/hooks';
import type { Query } from '../lib/api';
import { useDashboard } from '../lib/context';
import { FormMessages, useSubmit } from '../lib/use-submit';

/**
 * Downloads of the calls: the list on screen (range, site and the page's `filters`, so
 * the file holds the rows the list shows), and the range's Google Ads conversions file.
 */
export function CallExports({ filters }: { filters: Query }) {
  const d = useDashboard();
  const exporting = useSubmit();
  // Which download is being prepared, so only its button says so.
  const [what, setWhat] = useState<'calls' | 'ads'>('calls');
  const busy = exporting.busy ? what : null;
  const [name, setName] = useState('Qualified call');
  const run = (which: 'calls' | 'ads', action: () => Promise<void>) => {
    setWhat(which);
    return exporting.run(async () => {
      await action();
      return null;
    });
  };
  return (
    <details class="card exports">
      <summary>Export</summary>
      <div class="exports-body">
        <div>
          <p>{Object.keys(filters).length ? 'The calls listed below, filtered as they are, as CSV.' : 'Every call in the range, as CSV.'}</p>
          <button
            type="button"
            class="button"
            disabled={busy !== null}
            onClick={() => run('calls', () => d.api.download('/v1/exports/calls.csv', { ...d.scope, ...filters, order: 'desc' }, `calls-${d.range.from}-${d.range.to}.csv`))}
          >
            {busy === 'calls' ? 'Preparing…' : 'Download calls CSV'}
          </button>
        </div>
        {d.me.role !== 'buyer' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run('ads', () => d.api.download('/v1/exports/google-ads.csv', { ...d.scope, conversion_name: name }, `google-ads-${d.range.from}-${d.range.to}.csv`));
            }}
          >
            <p>Qualified calls from Google Ads clicks in the range{Object.keys(filters).length ? ' (the filters above do not apply)' : ''}, ready to upload as offline conversions.</p>
            <div class="inline-form">
              <label class="field">
                <span>Conversion name in Google Ads</span>
                <input value={name} required maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
              </label>
              <button type="submit" class="button" disabled={busy !== null}>
                {busy === 'ads' ? 'Preparing…' : 'Download Google Ads CSV'}
              </button>
            </div>
          </form>
        )}
      </div>
      <FormMessages error={exporting.error} done={null} />
    </details>
  );
}
