// A site's configuration as the snippet's hot path reads it (the site with its pools,
// the account's publisher codes) changes rarely and is read on every new session, so
// each database keeps it in memory for CONFIG_TTL_MS. A change made through this
// process's API forgets it at once (`forgetConfig`); one made elsewhere (another Workers
// isolate, whose memory is its own, or another Node process on the same database) is
// seen within CONFIG_TTL_MS. Nothing about leases is kept here: every claim reads the
// database.
import type { Db } from './client';

export const CONFIG_TTL_MS = 5_000;
// Publisher lookups are keyed by what visitors send (utm_source), so the cache is bounded.
const MAX_ENTRIES = 1_000;

// The load's promise is kept, so that concurrent requests for a cold key share one query.
type Entry = { at: number; value: Promise<unknown> };
const stores = new WeakMap<Db, Map<string, Entry>>();

function storeOf(db: Db): Map<string, Entry> {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new Map()));
  return store;
}

/**
 * The value kept for `key` when it was loaded less than CONFIG_TTL_MS before `now`,
 * else `load()`'s. A load that fails, or answers what `keep` refuses, is not kept.
 */
export function cachedConfig<T>(db: Db, key: string, now: number, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
  const store = storeOf(db);
  const hit = store.get(key);
  // A clock that went back (tests move it freely) makes the entry stale rather than fresh for longer.
  if (hit && now >= hit.at && now - hit.at < CONFIG_TTL_MS) return hit.value as Promise<T>;
  store.delete(key);
  if (store.size >= MAX_ENTRIES) store.delete(store.keys().next().value!);
  const value = load();
  const entry = { at: now, value };
  store.set(key, entry);
  const drop = () => {
    if (store.get(key) === entry) store.delete(key);
  };
  value.then((v) => {
    if (!keep(v)) drop();
  }, drop);
  return value;
}

/** Forgets every configuration kept for `db`: called after an API write that changes one. */
export function forgetConfig(db: Db): void {
  stores.get(db)?.clear();
}
