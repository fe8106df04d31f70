/**
 * Throttling with exponential backoff (decision 022). A bucket counts recent failures for one key
 * (an account, a client address, a code prefix). An attempt is *claimed* before the secret is
 * checked: under a transaction-level advisory lock per key, every bucket is checked and — if none
 * is still waiting — charged one failure, in one transaction. Concurrent attempts therefore cannot
 * both pass a check; a success afterwards takes the charge back (`settleAttempt`).
 *
 * Backoff, not a lock: after `free` failures each further failure makes the next attempt wait
 * base·2^(n−free) seconds, at most `capSeconds`; a bucket with no failure for `forgetSeconds` starts
 * again from zero. Nobody can shut a bucket for good, only slow it to one try per `capSeconds`.
 */
import type { Sql } from './client.server';

export type BucketRule = { free: number; baseSeconds: number; capSeconds: number; forgetSeconds: number };
export type Bucket = { key: string; rule: BucketRule };
export type Claim = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Seconds the next attempt must wait after `failures` failures (the last one just now). */
export function backoffSeconds(rule: BucketRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** Math.min(30, failures - rule.free));
}

const LOCK_SPACE = 727100; // namespaced advisory locks: hashtextextended(key, seed)

export async function claimAttempt(sql: Sql, buckets: readonly Bucket[]): Promise<Claim> {
  const byKey = new Map(buckets.map((b) => [b.key, b.rule]));
  const keys = [...byKey.keys()].sort(); // one lock order, so two claims never deadlock
  return sql.begin(async (tx) => {
    for (const key of keys) await tx`select pg_advisory_xact_lock(hashtextextended(${key}, ${LOCK_SPACE}))`;
    const rows = await tx<{ key: string; failures: number; since: number }[]>`
      select key, failures, extract(epoch from (now() - last_failure_at))::float8 as since
      from throttle_buckets where key = any(${keys})`;
    let wait = 0;
    const current = new Map<string, number>();
    for (const r of rows) {
      const rule = byKey.get(r.key)!;
      const failures = r.since > rule.forgetSeconds ? 0 : r.failures;
      current.set(r.key, failures);
      wait = Math.max(wait, backoffSeconds(rule, failures) - r.since);
    }
    if (wait > 0) return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    for (const key of keys) {
      await tx`insert into throttle_buckets (key, failures, last_failure_at) values (${key}, ${(current.get(key) ?? 0) + 1}, now())
               on conflict (key) do update set failures = excluded.failures, last_failure_at = excluded.last_failure_at`;
    }
    // Old buckets go on write (cheap: the index is on last_failure_at).
    await tx`delete from throttle_buckets where last_failure_at < now() - interval '2 days'`;
    return { ok: true as const };
  });
}

/**
 * After a claimed attempt succeeded: the buckets in `reset` start again from zero (the account
 * whose password was right), those in `refund` get the charge back (the client address).
 */
export async function settleAttempt(sql: Sql, s: { reset?: readonly string[]; refund?: readonly string[] }): Promise<void> {
  if (s.reset?.length) await sql`delete from throttle_buckets where key = any(${[...s.reset]})`;
  if (s.refund?.length) {
    await sql`update throttle_buckets set failures = greatest(failures - 1, 0) where key = any(${[...s.refund]})`;
  }
}

/**
 * One-time codes are throttled per client address and per code prefix (decision 022), never per
 * election: a guesser slows down their own address and the prefixes they guessed, not other voters.
 */
export const CODE_CLIENT_RULE: BucketRule = { free: 10, baseSeconds: 2, capSeconds: 15 * 60, forgetSeconds: 60 * 60 };
export const CODE_PREFIX_RULE: BucketRule = { free: 5, baseSeconds: 2, capSeconds: 60, forgetSeconds: 15 * 60 };

/** The buckets one attempt with `code` is charged to: the client's and the code prefix's. */
export function codeBuckets(scope: string, cleanCode: string, client: string | undefined): Bucket[] {
  return [
    ...(client ? [{ key: `code:client:${client}`, rule: CODE_CLIENT_RULE }] : []),
    { key: `code:prefix:${scope}:${cleanCode.slice(0, 4)}`, rule: CODE_PREFIX_RULE },
  ];
}
