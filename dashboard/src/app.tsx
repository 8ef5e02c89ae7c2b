import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { Loading, ErrorNotice } from './components/states';
import { createApi, whoIs, ApiError } from './lib/api';
import { DashboardContext, type Dashboard } from './lib/context';
import { effectiveRange, loadRange, rangeInstants, saveRange, type DateRange } from './lib/range';
import { forgetKey, storedKey } from './lib/session';
import type { Me, Site } from './lib/types';
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

function SignedIn({ apiKey, me, signOut }: Signed & { signOut: (message?: string | null) => void }) {
  const api = useMemo(() => createApi(apiKey, () => signOut('Your key was revoked or is no longer valid. Sign in again.')), [apiKey, signOut]);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [siteId, setSiteId] = useState('');
  const [range, setRangeState] = useState<DateRange>(loadRange);

  const loadSites = useCallback(() => {
    setError(null);
    api.get<{ sites: Site[] }>('/v1/sites').then((r) => setSites(r.sites), setError);
  }, [api]);
  useEffect(loadSites, [loadSites]);

  const value = useMemo<Dashboard | null>(() => {
    if (!sites) return null;
    // Days are counted in the chosen site's zone, else the first site's: the server's rule.
    const zone = (sites.find((s) => s.id === siteId) ?? sites[0])?.timezone ?? 'UTC';
    const shown = effectiveRange(range, zone);
    return {
      api,
      me,
      sites,
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
  }, [api, me, sites, siteId, range, signOut, loadSites]);

  if (error && !sites) return <ErrorNotice error={error} retry={loadSites} />;
  if (!value) return <Loading />;
  return (
    <DashboardContext.Provider value={value}>
      <Pages />
    </DashboardContext.Provider>
  );
}
