/**
 * The web process: `node --import tsx server.ts [build/index.js]` (started by `npm start`; run more
 * of them to scale out). Remix's Express handler inside app/web-server.server.ts, which adds the
 * security headers, the cross-site write check and the client address (decision 023).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import { installGlobals, type ServerBuild } from '@remix-run/node';
import { createWebApp } from './app/web-server.server';
import { assertProductionConfig } from './app/production.server';
import { surviveLostPostgresWrites } from './db/postgres-crash';

installGlobals({ nativeFetch: true });
// Commands answer within 5 s while Temporal or PostgreSQL is down (app/temporal.server.ts, db/client.server.ts).
process.env.MINYI_COMMAND_DEADLINE_MS ??= '4500';
process.env.MINYI_DB_CONNECT_TIMEOUT_S ??= '4';
assertProductionConfig();
surviveLostPostgresWrites((e) => console.error(`postgres.js lost a write to a closed connection (survived): ${e.message}`));

const buildPath = resolve(process.argv[2] ?? 'build/index.js');
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const app = createWebApp({
  publicUrl: process.env.MINYI_PUBLIC_URL || undefined,
  trustProxy: Number(process.env.MINYI_TRUST_PROXY ?? 0) || 0,
  statics: [
    { prefix: build.publicPath, dir: build.assetsBuildDirectory, immutable: true },
    { prefix: '/', dir: 'public' },
  ],
  handler: createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? req.socket.remoteAddress, cspNonce: res.locals.cspNonce as string }),
  }),
});

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.on('listening', () => console.log(`[web] http://localhost:${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
