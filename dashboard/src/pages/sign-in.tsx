import { ApiError, whoIs } from '../lib/api';
import { forgetKey, storeKey } from '../lib/session';
import type { Me } from '../lib/types';
import { useSubmit } from '../lib/use-submit';

/**
 * Asks for an API key and checks it with the server. The key is kept from the moment
 * it is sent, so a reload during the check resumes it; a key the server refuses is
 * dropped again.
 */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (key: string, me: Me) => void; notice?: string | null }) {
  const { busy, error, run, fail } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    const key = String(new FormData(e.currentTarget as HTMLFormElement).get('key') ?? '').trim();
    if (!key) return fail('Paste an API key to sign in.');
    storeKey(key);
    void run(async () => {
      try {
        onSignedIn(key, await whoIs(key));
      } catch (err) {
        forgetKey();
        throw err instanceof ApiError && err.status === 401 ? new Error('That key was not accepted. Check it and try again.') : err;
      }
      return null;
    });
  };
  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
        <div class="brand brand-large">
          <span class="brand-mark" aria-hidden="true">
            ☎
          </span>
          <span>Call tracking</span>
        </div>
        <h1>Sign in</h1>
        <p class="muted">Use an API key from your account: admin, viewer or publisher. It stays in this tab only.</p>
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label class="field">
          <span>API key</span>
          <input name="key" type="password" autoComplete="off" spellcheck={false} required autoFocus aria-invalid={error ? true : undefined} />
        </label>
        {error && (
          <p id="signin-error" class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
