/** Brings up PostgreSQL and Temporal for `npm start` (persistent) or `npm test` (throw-away). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../db/client.server';
import { migrate } from '../../db/migrate.server';
import { checkDatabaseUrl, startEmbeddedPostgres } from './postgres';
import { reapOrphan } from './pidfile';
import { freePort, portInUse, type Service } from './procs';
import { ensureTemporalCli } from './temporal-cli';
import { checkTemporalAddress, startTemporalDevServer } from './temporal-server';
import { ensureTemporalServer, startTemporalServerPg } from './temporal-server-pg';

/** `MINYI_TEMPORAL=server`: the production Temporal server on this PostgreSQL instead of the dev server (decision 057). */
export const temporalKind = (): 'dev' | 'server' => (process.env.MINYI_TEMPORAL === 'server' ? 'server' : 'dev');

export type Stack = {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
};

export async function bringUpStack(opts: {
  dir: string;
  persistent: boolean;
  pgPort?: number;
  temporalPort?: number;
  temporalUiPort?: number;
  useEnv: boolean; // honour DATABASE_URL / TEMPORAL_ADDRESS
  temporal?: 'dev' | 'server'; // default temporalKind()
  log: (line: string) => void;
  /** Each service is added here as soon as it runs, so a Ctrl-C during start-up stops it. */
  services: Service[];
}): Promise<Stack> {
  const { services } = opts;
  mkdirSync(opts.dir, { recursive: true });
  try {
    let databaseUrl = opts.useEnv ? process.env.DATABASE_URL : undefined;
    if (databaseUrl) {
      await checkDatabaseUrl(databaseUrl);
      opts.log('✓ PostgreSQL (DATABASE_URL)');
    } else {
      const port = opts.pgPort ?? (await freePort());
      if (await portInUse(port)) throw new Error(`端口 port ${port} is in use: set MINYI_PG_PORT to another port`);
      const pg = await startEmbeddedPostgres({ dir: opts.dir, port, database: 'minyi', persistent: opts.persistent });
      services.push({ name: 'postgres', stop: pg.stop });
      databaseUrl = pg.url;
      opts.log(`✓ PostgreSQL (embedded, port ${port}, data in ${join(opts.dir, 'postgres')})`);
    }

    let temporalAddress = opts.useEnv ? process.env.TEMPORAL_ADDRESS : undefined;
    let temporalUiUrl: string | undefined;
    if (temporalAddress) {
      await checkTemporalAddress(temporalAddress);
      opts.log(`✓ Temporal (TEMPORAL_ADDRESS ${temporalAddress})`);
    } else if ((opts.temporal ?? temporalKind()) === 'server') {
      const build = await ensureTemporalServer(opts.log);
      const pidFile = join(opts.dir, 'temporal-server.pid');
      await reapOrphan(pidFile, 'temporal-server', 'Temporal server');
      const port = opts.temporalPort ?? (await freePort());
      if (await portInUse(port)) throw new Error(`端口 port ${port} is in use: set MINYI_TEMPORAL_PORT to another port`);
      const t = await startTemporalServerPg({ build, databaseUrl, port, dir: opts.dir, pidFile });
      services.push({ name: 'temporal', stop: t.stop });
      temporalAddress = t.address;
      opts.log(`✓ Temporal server on PostgreSQL (${build.server}, ${temporalAddress}, history in databases temporal, temporal_visibility)`);
    } else {
      const cli = await ensureTemporalCli(opts.log);
      const pidFile = join(opts.dir, 'temporal.pid');
      await reapOrphan(pidFile, 'start-dev', 'Temporal dev server');
      const port = opts.temporalPort ?? (await freePort());
      if (await portInUse(port)) throw new Error(`端口 port ${port} is in use: set MINYI_TEMPORAL_PORT to another port`);
      if (opts.temporalUiPort && (await portInUse(opts.temporalUiPort))) {
        throw new Error(`端口 port ${opts.temporalUiPort} is in use: set MINYI_TEMPORAL_UI_PORT to another port`);
      }
      const t = await startTemporalDevServer({
        cli,
        port,
        uiPort: opts.temporalUiPort,
        dbFile: opts.persistent ? join(opts.dir, 'temporal.db') : undefined,
        pidFile,
      });
      services.push({ name: 'temporal', stop: t.stop });
      temporalAddress = t.address;
      temporalUiUrl = t.uiUrl;
      opts.log(`✓ Temporal dev server (${cli}, ${temporalAddress}${opts.persistent ? ', history in temporal.db' : ', in memory'})`);
    }

    const sql = connect(databaseUrl, 2); // one for the advisory lock, one for the migrations
    try {
      await migrate(sql, opts.log);
    } finally {
      await sql.end();
    }
    opts.log('✓ 数据库迁移完成 migrations applied');
    return { databaseUrl, temporalAddress, temporalUiUrl };
  } catch (e) {
    await stopAll(services);
    services.length = 0;
    throw e;
  }
}

export async function stopAll(services: Service[]): Promise<void> {
  for (const s of [...services].reverse()) {
    await s.stop().catch((e) => console.error(`! stopping ${s.name}: ${(e as Error).message}`));
  }
}
