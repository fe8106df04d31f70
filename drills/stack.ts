/**
 * The stack `npm run drills` owns (nobody else uses it, so a drill may stop any part of it):
 * embedded PostgreSQL and a Temporal server — the dev server with its history in a file, or, with
 * MINYI_TEMPORAL=server, the production server on the same PostgreSQL (decision 057) — each of
 * which can be stopped and started again on the same port with its data kept.
 */
import { join } from 'node:path';
import { connect } from '../db/client.server';
import { migrate } from '../db/migrate.server';
import { startEmbeddedPostgres, type RunningPostgres } from '../scripts/lib/postgres';
import { freePort } from '../scripts/lib/procs';
import { temporalKind } from '../scripts/lib/stack';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../scripts/lib/temporal-server';
import { ensureTemporalServer, startTemporalServerPg, TEMPORAL_SERVER_VERSION } from '../scripts/lib/temporal-server-pg';

export class DrillStack {
  private pg: RunningPostgres | undefined;
  private temporal: RunningTemporal | undefined;
  databaseUrl = '';
  temporalAddress = '';
  private pgPort = 0;
  private temporalPort = 0;
  constructor(
    readonly dir: string,
    readonly kind: 'dev' | 'server' = temporalKind(),
  ) {}

  /** What runs, for the report. */
  get label(): string {
    return this.kind === 'server' ? `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL` : 'Temporal dev server (SQLite history file)';
  }

  async start(log: (line: string) => void): Promise<void> {
    this.pgPort = await freePort();
    this.temporalPort = await freePort();
    await this.startPostgres();
    const sql = connect(this.databaseUrl, 2);
    try {
      await migrate(sql);
    } finally {
      await sql.end();
    }
    await this.startTemporal(log);
  }

  async startPostgres(): Promise<void> {
    // persistent: a stop keeps the cluster, so the drill can start it again (the directory is removed at the end)
    this.pg = await startEmbeddedPostgres({ dir: this.dir, port: this.pgPort, database: 'minyi', persistent: true });
    this.databaseUrl = this.pg.url;
  }

  async stopPostgres(): Promise<void> {
    await this.pg?.stop();
    this.pg = undefined;
  }

  async startTemporal(log: (line: string) => void = () => {}): Promise<void> {
    if (this.kind === 'server') {
      const build = await ensureTemporalServer(log);
      this.temporal = await startTemporalServerPg({ build, databaseUrl: this.databaseUrl, port: this.temporalPort, dir: this.dir });
    } else {
      const cli = await ensureTemporalCli(log);
      this.temporal = await startTemporalDevServer({ cli, port: this.temporalPort, dbFile: join(this.dir, 'temporal.db') });
    }
    this.temporalAddress = this.temporal.address;
  }

  async stopTemporal(): Promise<void> {
    await this.temporal?.stop();
    this.temporal = undefined;
  }

  async stop(): Promise<void> {
    await this.stopTemporal().catch(() => {});
    await this.stopPostgres().catch(() => {});
  }
}
