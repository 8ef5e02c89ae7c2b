// The per-address defences (test/contract/abuse.ts) on the Node entry.
import { startTestServer } from '../helpers/server';
import { ABUSE_ENV, abuseSuite } from './abuse';

abuseSuite('Node (libSQL file)', () => startTestServer({ ...ABUSE_ENV }));
