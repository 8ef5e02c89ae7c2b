import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema';

// libSQL (Node) and D1 (Workers) are both async SQLite with an atomic `batch`; the
// core speaks only that common surface (select/insert/update/delete/batch), typed
// once here. The Workers entry adapts its D1 database to this type.
export type Db = Omit<LibSQLDatabase<typeof schema>, '$client'>;
