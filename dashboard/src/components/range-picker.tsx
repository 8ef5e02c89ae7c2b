import { useState } from 'preact/hooks';
import { presetRange, presets, type DateRange, type Preset } from '../lib/range';

/** The shared date range: a preset, or two dates of one's own. */
export function RangePicker({ range, zone, onChange }: { range: DateRange; zone: string; onChange: (r: DateRange) => void }) {
  const [draft, setDraft] = useState({ from: range.from, to: range.to });
  const pick = (preset: Preset) => {
    if (preset !== 'custom') return onChange(presetRange(preset, zone));
    // Custom starts from the range on screen, to be narrowed from there.
    setDraft({ from: range.from, to: range.to });
    onChange({ preset, from: range.from, to: range.to });
  };
  return (
    <div class="range">
      <label class="field-inline">
        <span class="sr-only">Date range</span>
        <select value={range.preset} onChange={(e) => pick(e.currentTarget.value as Preset)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </select>
      </label>
      {range.preset === 'custom' && (
        <form
          class="range-custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.from && draft.to && draft.from <= draft.to) onChange({ preset: 'custom', ...draft });
          }}
        >
          <label class="field-inline">
            <span class="sr-only">From</span>
            <input type="date" value={draft.from} max={draft.to} required onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
          </label>
          <span aria-hidden="true">–</span>
          <label class="field-inline">
            <span class="sr-only">To</span>
            <input type="date" value={draft.to} min={draft.from} required onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
          </label>
          <button type="submit" class="button button-small">
            Apply
          </button>
        </form>
      )}
    </div>
  );
}
