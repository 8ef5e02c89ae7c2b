import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../lib/context';
import type { Role } from '../lib/types';
import { RangePicker } from './range-picker';
import { SitePicker } from './site-picker';

type Section = { id: string; label: string; roles: Role[]; icon: string };

// Publishers see their own calls and numbers; the advertiser's plumbing stays hidden.
export const sections: Section[] = [
  { id: 'overview', label: 'Overview', roles: ['admin', 'viewer', 'publisher'], icon: 'M3 12h4l3-8 4 16 3-8h4' },
  { id: 'attribution', label: 'Attribution', roles: ['admin', 'viewer', 'publisher'], icon: 'M4 5h16M7 12h10M10 19h4' },
  { id: 'calls', label: 'Calls', roles: ['admin', 'viewer', 'publisher'], icon: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2' },
  { id: 'publishers', label: 'Publishers', roles: ['admin', 'viewer'], icon: 'M16 11a4 4 0 1 0-8 0M4 20a8 6 0 0 1 16 0' },
  { id: 'buyers', label: 'Buyers', roles: ['admin', 'viewer'], icon: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16' },
  { id: 'flows', label: 'Flows', roles: ['admin', 'viewer'], icon: 'M6 3v6a4 4 0 0 0 4 4h8M15 10l3 3-3 3M6 21v-5' },
  { id: 'live', label: 'Live calls', roles: ['admin', 'viewer'], icon: 'M12 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM7.5 7.5a6.5 6.5 0 0 0 0 9M16.5 7.5a6.5 6.5 0 0 1 0 9' },
  { id: 'numbers', label: 'Numbers', roles: ['admin', 'viewer'], icon: 'M5 9h14M5 15h14M10 3 8 21M16 3l-2 18' },
  { id: 'install', label: 'Install', roles: ['admin', 'viewer'], icon: 'M8 8l-5 4 5 4M16 8l5 4-5 4M14 4l-4 16' },
  { id: 'settings', label: 'Settings', roles: ['admin'], icon: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM4 12h2M18 12h2M12 4v2M12 18v2' },
];

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
      <path d={d} />
    </svg>
  );
}

const roleLabel: Record<Role, string> = { admin: 'Admin', viewer: 'Viewer', publisher: 'Publisher', integration: 'Integration' };

/** The frame around every page: navigation, the shared filters and who is signed in. */
export function Shell({
  current,
  title,
  children,
  filters = true,
  back,
}: {
  current: string;
  title: string;
  children: ComponentChildren;
  filters?: boolean;
  /** A link back to the list a detail page belongs to, shown above the title. */
  back?: { href: string; label: string };
}) {
  const { me, sites, siteId, setSiteId, range, setRange, zone, signOut } = useDashboard();
  const visible = sections.filter((s) => s.roles.includes(me.role));
  // On a phone the sections are a row that scrolls sideways: the current one is brought into view, not left cut off.
  useEffect(() => {
    for (const active of document.querySelectorAll('.sidebar nav [aria-current="page"], .tabs a.active')) {
      const row = active.closest('nav, .tabs') as HTMLElement;
      const [a, r] = [active.getBoundingClientRect(), row.getBoundingClientRect()];
      if (a.left < r.left || a.right > r.right) row.scrollLeft += a.left - r.left - (r.width - a.width) / 2;
    }
  });
  return (
    <div class="layout">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <aside class="sidebar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ☎
          </span>
          <span>Call tracking</span>
        </div>
        <nav aria-label="Sections">
          <ul class="nav">
            {visible.map((s) => (
              <li key={s.id}>
                <a href={`#/${s.id}`} class={s.id === current ? 'nav-link active' : 'nav-link'} aria-current={s.id === current ? 'page' : undefined}>
                  <Icon d={s.icon} />
                  <span>{s.label}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="whoami">
          <div class="whoami-name">{me.publisher ? me.publisher.name : (me.account?.name ?? 'Account')}</div>
          <div class="muted small">
            {roleLabel[me.role]}
            {me.key?.name ? ` · ${me.key.name}` : ''}
          </div>
          <button type="button" class="button button-ghost button-small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <div class="content">
        <header class="topbar">
          <div>
            {back && (
              <a class="back small" href={back.href}>
                ← {back.label}
              </a>
            )}
            <h1>{title}</h1>
          </div>
          {filters && (
            <div class="filters">
              {sites.length > 1 && <SitePicker value={siteId} onChange={setSiteId} all hideLabel />}
              <RangePicker range={range} zone={zone} onChange={setRange} />
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
