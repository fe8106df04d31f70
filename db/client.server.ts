import postgres from 'postgres';

export type Sql = postgres.Sql;

let shared: Sql | undefined;

/** One connection pool per process, from DATABASE_URL (set by `npm start` / `npm test`). */
export function db(): Sql {
  if (!shared) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    shared = connect(url);
  }
  return shared;
}

export function connect(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    transform: { undefined: null },
    // The web process sets 4 s (server.ts), so a page answers while PostgreSQL is down.
    connect_timeout: Number(process.env.MINYI_DB_CONNECT_TIMEOUT_S ?? 30),
    connection: { application_name: 'minyi', TimeZone: 'Asia/Shanghai' },
  });
}

export async function closeDb(): Promise<void> {
  await shared?.end({ timeout: 5 });
  shared = undefined;
}

/** A pool or a transaction: anything that runs tagged-template queries. */
export type Queryable = Sql | postgres.TransactionSql;
