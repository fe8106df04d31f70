/**
 * postgres.js 3.4.9 (the newest release) throws from a `setImmediate` when a connection's server
 * goes away with a small write still buffered (porsager/postgres#1154, #1208; the guard of PR #1209
 * is not released): nothing can catch it, and it ends the process. The connection is gone and the
 * pool opens a new one on the next query, so the web server, the worker and the drills survive
 * exactly that error; every other uncaught error still ends the process (npm start restarts it).
 */
export function isPostgresJsWriteCrash(e: unknown): boolean {
  return e instanceof TypeError && /reading 'write'/.test(e.message) && /nextWrite/.test(e.stack ?? '');
}

export function surviveLostPostgresWrites(onCaught: (e: Error) => void = () => {}): void {
  process.on('uncaughtException', (e) => {
    if (isPostgresJsWriteCrash(e)) return onCaught(e);
    console.error(e);
    process.exit(1);
  });
}
