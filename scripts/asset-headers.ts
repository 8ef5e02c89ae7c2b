// Writes dist/_headers: Cloudflare serves the dashboard's files from its asset store
// without running the Worker, so their security headers come from this file. The Node
// entry never serves it (it serves only /dni.js and /dashboard/).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assetHeadersFile } from '../collector/http/security-headers';

writeFileSync(resolve(import.meta.dirname, '../dist/_headers'), assetHeadersFile());
