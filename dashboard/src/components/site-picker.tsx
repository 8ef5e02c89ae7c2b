import { useDashboard } from '../lib/context';

/** Chooses one of the account's sites; with `all`, also "All sites" (the value ''). */
export function SitePicker({ value, onChange, all = false, hideLabel = false }: { value: string; onChange: (id: string) => void; all?: boolean; hideLabel?: boolean }) {
  const { sites } = useDashboard();
  return (
    <label class="field-inline">
      <span class={hideLabel ? 'sr-only' : undefined}>Site</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {all && <option value="">All sites</option>}
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
