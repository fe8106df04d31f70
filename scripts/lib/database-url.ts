/** The database a command-line tool talks to: DATABASE_URL, else the embedded one `npm start` runs. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataRoot } from './paths';

export function commandLineDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const pwFile = join(dataRoot(), 'postgres-password');
  if (!existsSync(pwFile)) {
    throw new Error('找不到数据库 no database: start Minyi first (`npm start`) or set DATABASE_URL');
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  const port = Number(process.env.MINYI_PG_PORT ?? 54329);
  return `postgres://minyi:${encodeURIComponent(password)}@127.0.0.1:${port}/minyi`;
}
