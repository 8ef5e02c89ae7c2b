import { useEffect, useState } from 'preact/hooks';

type Call = {
  id: string;
  started_at: string;
  tracking_number: string;
  caller: string | null;
  duration_s: number | null;
  qualified: boolean;
  attribution: { source: string | null; campaign: string | null; keyword: string | null; confidence: string };
};

const KEY_STORAGE = 'dni.key';

export function App() {
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY_STORAGE));
  const [calls, setCalls] = useState<Call[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!key) return;
    fetch('/v1/calls?limit=100', { headers: { authorization: `Bearer ${key}` } })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
        setCalls(body.calls);
      })
      .catch((e: Error) => setError(e.message));
  }, [key]);

  if (!key) {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('key')?.toString().trim();
          if (value) {
            sessionStorage.setItem(KEY_STORAGE, value);
            setKey(value);
          }
        }}
      >
        <label>
          API key <input name="key" type="password" autoComplete="off" />
        </label>
        <button type="submit">Sign in</button>
      </form>
    );
  }
  if (error) return <p role="alert">{error}</p>;
  if (!calls) return <p>Loading…</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Time</th>
          <th>Number</th>
          <th>Caller</th>
          <th>Source</th>
          <th>Campaign</th>
          <th>Keyword</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => (
          <tr key={c.id} data-call={c.id}>
            <td>{new Date(c.started_at).toLocaleString()}</td>
            <td>{c.tracking_number}</td>
            <td>{c.caller}</td>
            <td>{c.attribution.source}</td>
            <td>{c.attribution.campaign}</td>
            <td>{c.attribution.keyword}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
