/**
 * Elections 换届选举 in PostgreSQL, one module per responsibility; this module re-exports them so
 * `db/elections.server` stays the one import path:
 * - election-keys.server.ts: the data key, encrypted ID numbers, keyed hashes, digit codes;
 * - election-rows.server.ts: the election row the workflow writes, its audit, public pages;
 * - election-register.server.ts: the voter register and objections to it;
 * - election-import.server.ts: register imports (CSV / XLSX);
 * - election-ballots.server.ts: proxies, voting codes, the secret ballot, tally-sheet scans.
 */
export * from './election-keys.server';
export * from './election-rows.server';
export * from './election-register.server';
export * from './election-import.server';
export * from './election-ballots.server';
