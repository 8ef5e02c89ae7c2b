import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { DateRange } from './range';
import type { Buyer, Me, Site } from './types';

/** What every signed-in page can reach: the API, who is signed in, and the shared filters. */
export type Dashboard = {
  api: Api;
  me: Me;
  sites: Site[];
  /** The account's buyers as the key may read them: all for the network, its own for a buyer key, none for a publisher. */
  buyers: Pick<Buyer, 'id' | 'name'>[];
  /** Loads the sites again (after one is added in Settings). */
  reloadSites: () => void;
  /** The chosen site's id, or '' for all sites. */
  siteId: string;
  setSiteId: (id: string) => void;
  range: DateRange;
  setRange: (range: DateRange) => void;
  /** The range as ISO instants in the report zone and the chosen site, ready for any endpoint. */
  scope: { from: string; to: string; site?: string };
  /** The time zone days are counted in. */
  zone: string;
  signOut: () => void;
};

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const value = useContext(DashboardContext);
  if (!value) throw new Error('useDashboard outside a signed-in dashboard');
  return value;
}

export const canWrite = (me: Me) => me.role === 'admin';

/** Whether the pay-per-call money (buyer revenue, margin) is worth columns: the network's view of an account with buyers. */
export const showsBuyerMoney = (d: Pick<Dashboard, 'me' | 'buyers'>) => (d.me.role === 'admin' || d.me.role === 'viewer') && d.buyers.length > 0;

/**
 * The currency the account reports in: every total, cost and payout in a report. A
 * collector from before accounts had one sends none; its amounts are the API's default, USD.
 */
export const reportCurrency = (me: Me): string => me.account?.currency ?? 'USD';

/** The zone a call's times are read in: its site's, else the zone the reports use. */
export function callZone(d: Pick<Dashboard, 'sites' | 'zone'>, siteId: string | null): string {
  return d.sites.find((s) => s.id === siteId)?.timezone ?? d.zone;
}
