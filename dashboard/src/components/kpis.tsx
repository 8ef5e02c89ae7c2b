import type { ComponentChildren } from 'preact';

export type Kpi = { label: string; value: string; hint?: ComponentChildren; tone?: 'good' | 'bad' };

export function KpiGrid({ items }: { items: Kpi[] }) {
  return (
    <dl class="kpis">
      {items.map((k) => (
        <div class="kpi" key={k.label}>
          <dt>{k.label}</dt>
          <dd class={k.tone ? `kpi-value tone-${k.tone}` : 'kpi-value'}>{k.value}</dd>
          {k.hint && <dd class="kpi-hint">{k.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}
