// The HTTP contract against the Node entry (collector/node.ts over a libSQL file).
import { startTestServer } from '../helpers/server';
import { CONTRACT_ENV, contractSuite } from './suite';

contractSuite('Node (libSQL file)', () => startTestServer({ ...CONTRACT_ENV }));
