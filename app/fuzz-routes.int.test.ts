/// <reference types="vite/client" />
/**
 * Every route action, fuzzed (issue 9, "Fuzzing: each action"): a person holding every role of a
 * real community (with an election in set-up run by a real worker) posts generated junk to each
 * action the app has — the route list is read from app/routes, so a new action is fuzzed without
 * anyone remembering to add it. Whatever arrives: never a 500, and a refused request writes nothing
 * to any table. (app/fuzz.int.test.ts goes deeper on three forms, with their own field names.)
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ROLES } from '../domain/roles';
import { communityWithElection } from '../scripts/test-setup/route-fixture';
import { createUser, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { signIn } from './auth.server';
import { closeTemporal } from './temporal.server';

type ActionModule = { action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown> };
const modules = import.meta.glob<ActionModule>('./routes/*.tsx', { eager: true });
const actions = Object.entries(modules).filter(([, m]) => typeof m.action === 'function');

const RUNS = 8;
const sql = testSql();
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let slug: string;
let electionId: string;
let cookie: string;
let tables: string[];

beforeAll(async () => {
  worker = await startTestWorker(sql);
  const c = await communityWithElection(sql, worker.taskQueue, '全部动作模糊测试');
  ({ slug, electionId } = c);
  const [street] = await sql<{ id: string }[]>`select street_office_id as id from communities where id = ${c.communityId}`;
  const everything = await createUser(
    sql,
    ROLES.filter((r) => r !== 'platform_admin').map((role) => ({ role, communityId: c.communityId, streetOfficeId: street!.id })),
    '全能测试员',
  );
  const r = await signIn(everything.username, TEST_PASSWORD);
  if (!r.ok) throw new Error('sign-in failed');
  cookie = r.cookie.split(';')[0]!;
  tables = (await sql<{ t: string }[]>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`).map((x) => x.t);
});
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await sql.end();
});

/**
 * Rows in every table except the sign-in and throttle bookkeeping a request may legitimately touch,
 * and what the fixture's running election writes by itself while the test runs (its timeline
 * publishes disclosures and opens tasks on its own clock).
 */
const NOT_COUNTED = ['sessions', 'login_failures', 'throttle_buckets', 'audit_log', 'disclosures', 'disclosure_checkpoints', 'tasks', 'notify_outbox', 'notify_attempts'];
async function fingerprint(): Promise<Record<string, number>> {
  const counted = tables.filter((t) => !NOT_COUNTED.includes(t));
  const [row] = await sql.unsafe(`select ${counted.map((t) => `(select count(*)::int from "${t}") as "${t}"`).join(', ')}`);
  return row as Record<string, number>;
}

/** Route params from the file name: the fixture's community and election, anything else a fresh id. */
function paramsOf(file: string): { params: Record<string, string>; path: string } {
  const segments = file.replace('./routes/', '').replace(/\.tsx$/, '').split('.');
  const params: Record<string, string> = {};
  const path = segments
    .filter((s) => s !== '_index')
    .map((s) => {
      const name = s.replace(/_$/, '').replace(/^\$/, '');
      if (!s.startsWith('$')) return s.replace(/_$/, '').replace(/\[|\]/g, '');
      params[name] = name === 'communityId' ? slug : name === 'electionId' ? electionId : name === 'format' ? 'csv' : randomUUID();
      return params[name];
    })
    .join('/');
  return { params, path: `/${path}` };
}

const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.constantFrom('', 'on', 'true', '-1', '1e400', '2026-02-30', '__proto__', randomUUID(), "'; drop table motions; --"),
  fc.constantFrom('x', '民').map((c) => c.repeat(3_000)),
);
const NAMES = ['intent', 'id', 'key', 'idempotencyKey', 'title', 'body', 'text', 'reason', 'decision', 'choice', 'code', 'year', 'quarter', 'personId', 'role', 'voterId', 'email', 'phone', 'note', 'date'];
const form = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })), junk), { maxLength: 10 });

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const r = await run();
    if (r instanceof Response) return r.status;
    if (r && typeof r === 'object' && (r as { type?: string }).type === 'DataWithResponseInit') return (r as { init: { status?: number } | null }).init?.status ?? 200;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    return 500;
  }
}

test('the app has actions to fuzz', () => {
  expect(actions.length).toBeGreaterThan(30);
});

describe.each(actions.map(([file, m]) => [file.replace('./routes/', ''), m] as const))('%s', (_file, m) => {
  it('never answers 500 to junk, and a refusal writes nothing', async () => {
    const { params, path } = paramsOf(`./routes/${_file}`);
    await fc.assert(
      fc.asyncProperty(form, async (pairs) => {
        const body = new URLSearchParams();
        for (const [k, v] of pairs) body.append(k, v);
        const before = await fingerprint();
        const request = new Request(`http://minyi.test${path}`, { method: 'POST', body, headers: { Cookie: cookie } });
        const status = await statusOf(() => m.action!({ request, params, context: {} }));
        expect(status, `${path} ${body.toString().slice(0, 300)}`).toBeLessThan(500);
        if (status >= 400) expect(await fingerprint()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
