import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { Loading, ErrorNotice } from './components/states';
import { createApi, whoIs, ApiError } from './lib/api';
import { DashboardContext, type Dashboard } from './lib/context';
import { effectiveRange, loadRange, rangeInstants, saveRange, type DateRange } from './lib/range';
import { forgetKey, storedKey } from './lib/session';
import type { Api } from './lib/api';
import type { Buyer, Me, Site } from './lib/types';
import { Pages } from './pages';
import { SignIn } from './pages/sign-in';

type Signed = { apiKey: string; me: Me };

/** Signs in (or resumes the tab's key), then shows the dashboard. */
export function App() {
  const [signed, setSigned] = useState<Signed | null>(null);
  const [resuming, setResuming] = useState(() => storedKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    whoIs(key)
      .then((me) => setSigned({ apiKey: key, me }))
      .catch((err: Error) => {
        const refused = err instanceof ApiError && err.status === 401;
        if (refused) forgetKey();
        setNotice(refused ? 'That key no longer works. Sign in again.' : err.message);
      })
      .finally(() => setResuming(false));
  }, []);

  const signOut = useCallback((message: string | null = null) => {
    forgetKey();
    setSigned(null);
    setNotice(message);
  }, []);

  if (resuming) return <Loading label="Signing in…" />;
  if (!signed) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key, me) => {
          setNotice(null);
          setSigned({ apiKey: key, me });
        }}
      />
    );
  }
  return <SignedIn {...signed} signOut={signOut} />;
}

/** The sites and buyers a key may read. A buyer key reads neither list (403): its only buyer is itself. */
async function accountLists(api: Api, me: Me): Promise<{ sites: Site[]; buyers: Pick<Buyer, 'id' | 'name'>[] }> {
  if (me.role === 'buyer') return { sites: [], buyers: me.buyer ? [me.buyer] : [] };
  const [sites, buyers] = await Promise.all([
    api.get<{ sites: Site[] }>('/v1/sites'),
    me.role === 'publisher' ? { buyers: [] } : api.get<{ buyers: Buyer[] }>('/v1/buyers'),
  ]);
  return { sites: sites.sites, buyers: buyers.buyers };
}

function SignedIn({ apiKey, me, signOut }: Signed & { signOut: (message?: string | null) => void }) {
  const api = useMemo(() => createApi(apiKey, () => signOut('Your key was revoked or is no longer valid. Sign in again.')), [apiKey, signOut]);
  const [lists, setLists] = useState<{ sites: Site[]; buyers: Pick<Buyer, 'id' | 'name'>[] } | null>(null);
  const sites = lists?.sites ?? null;
  const [error, setError] = useState<Error | null>(null);
  const [siteId, setSiteId] = useState('');
  const [range, setRangeState] = useState<DateRange>(loadRange);

  const loadSites = useCallback(() => {
    setError(null);
    accountLists(api, me).then(setLists, setError);
  }, [api, me]);
  useEffect(loadSites, [loadSites]);

  const value = useMemo<Dashboard | null>(() => {
    if (!lists || !sites) return null;
    // Days are counted in the chosen site's zone, else the first site's: the server's rule.
    const zone = (sites.find((s) => s.id === siteId) ?? sites[0])?.timezone ?? 'UTC';
    const shown = effectiveRange(range, zone);
    return {
      api,
      me,
      sites,
      buyers: lists.buyers,
      siteId,
      setSiteId,
      range: shown,
      setRange: (r) => {
        saveRange(r);
        setRangeState(r);
      },
      scope: { ...rangeInstants(shown, zone), site: siteId || undefined },
      zone,
      signOut: () => signOut(null),
      reloadSites: loadSites,
    };
  }, [api, me, lists, sites, siteId, range, signOut, loadSites]);

  if (error && !sites) return <ErrorNotice error={error} retry={loadSites} />;
  if (!value) return <Loading />;
  return (
    <DashboardContext.Provider value={value}>
      <Pages />
    </DashboardContext.Provider>
  );
}
