import type { ComponentChildren } from 'preact';
import type { Resource } from '../lib/use-resource';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children && <p class="muted">{children}</p>}
    </div>
  );
}

export function ErrorNotice({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <span>{error.message}</span>
      {retry && (
        <button type="button" class="button button-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows loading, error or the content, keeping old content visible (dimmed) while reloading. */
export function Async<T>({ data, error, loading, reload, children }: Resource<T> & { children: (data: T) => ComponentChildren }) {
  if (error && data === undefined) return <ErrorNotice error={error} retry={reload} />;
  if (data === undefined) return <Loading />;
  return (
    <div class={loading ? 'reloading' : undefined} aria-busy={loading}>
      {error && <ErrorNotice error={error} retry={reload} />}
      {children(data)}
    </div>
  );
}
