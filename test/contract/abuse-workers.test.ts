// The per-address defences (test/contract/abuse.ts) on workerd with a local D1.
import { startTestWorker } from '../helpers/worker';
import { ABUSE_ENV, abuseSuite } from './abuse';

abuseSuite('Workers (workerd + local D1)', () => startTestWorker({ vars: { ...ABUSE_ENV } }));
