import { createClient } from '@libsql/client';
const c = createClient({ url: 'file:' + process.argv[2] });
const r = await c.execute(`SELECT name, SUM(pgsize)/1048576.0 AS mb FROM dbstat GROUP BY name ORDER BY mb DESC`).catch(e => ({ rows: [{ name: String(e.message) }] }));
console.log(r.rows);
