/**
 * Generated bad form bodies at real route actions (issue 9, "Fuzzing"), against the real database and
 * Temporal: whatever a browser (or a script) posts, the action answers without a 500, refuses with a
 * message key present in zh-CN and English, and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Role } from '../domain/roles';
import { communityWithElection, cookieJar } from '../scripts/test-setup/route-fixture';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { resources } from './i18n/resources';
import { closeTemporal } from './temporal.server';
import * as candidates from './routes/c.$communityId.elections.$electionId.candidates';
import * as objections from './routes/c.$communityId.elections.$electionId.objections';
import * as newMotion from './routes/c.$communityId.motions.new';

const RUNS = 25;
const sql = testSql();
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let slug: string;
let electionId: string;
let people: Record<Role, { id: string; username: string }>;

beforeAll(async () => {
  worker = await startTestWorker(sql);
  ({ slug, electionId, people } = await communityWithElection(sql, worker.taskQueue, '模糊测试选举'));
});
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await sql.end();
});

const cookieOf = cookieJar(() => people);

type Tree = { [k: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);
const localized = (key: unknown) =>
  typeof key === 'string' && typeof lookup(resources['zh-CN'].translation, key) === 'string' && typeof lookup(resources.en.translation, key) === 'string';

/** Status and data of what an action returned or threw (a Response, Remix `data()`, or a plain value). */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; data: unknown }> {
  let r: unknown;
  try {
    r = await run();
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    return { status: 500, data: String(e) };
  }
  if (r instanceof Response) return { status: r.status, data: null };
  if (r && typeof r === 'object' && (r as { type?: string }).type === 'DataWithResponseInit') {
    const d = r as { data: unknown; init: { status?: number } | null };
    return { status: d.init?.status ?? 200, data: d.data };
  }
  return { status: 200, data: r };
}

/** The message keys an action's refusal carries (Conform's reply or the election pages' `refusal`). */
function refusalKeys(data: unknown): unknown[] {
  if (!data || typeof data !== 'object') return [];
  const d = data as { refusal?: { key?: unknown }; error?: Record<string, unknown[] | null> | null };
  if (d.refusal) return [d.refusal.key];
  return Object.values(d.error ?? {}).flatMap((v) => v ?? []);
}

const TABLES = ['motions', 'motion_versions', 'motion_events', 'voters', 'voter_objections', 'election_proxies', 'attachments'] as const;
async function rowCounts() {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (await sql`select count(*)::int as n from ${sql(t)}`)[0]!.n as number;
  return out;
}

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', 'on', 'true', 'NaN', '-1', '1e400', '2026-02-30', '2026-13-01T25:61', '__proto__', "'; drop table motions; --"),
  fc.constantFrom('x', '民', '😀', '\u0000').map((c) => c.repeat(5_000)),
);
/** Form fields: the schema's names (often repeated) and stray ones, each with junk. */
const body = (names: readonly string[], fixed: Record<string, fc.Arbitrary<string>>) =>
  fc
    .tuple(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), junk), { maxLength: 12 }), fc.record(fixed))
    .map(([pairs, fixedValues]) => {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(fixedValues)) form.append(k, v);
      for (const [k, v] of pairs) form.append(k, v);
      return form;
    });

const post = (path: string, form: URLSearchParams, cookie: string) =>
  new Request(`http://minyi.test${path}`, { method: 'POST', body: form, headers: { Cookie: cookie } });

async function fuzzAction(form: fc.Arbitrary<URLSearchParams>, role: Role, path: () => string, run: (request: Request) => Promise<unknown>) {
  const cookie = await cookieOf(role);
  await fc.assert(
    fc.asyncProperty(form, async (fields) => {
      const before = await rowCounts();
      const { status, data } = await outcome(() => run(post(path(), fields, cookie)));
      expect(status, JSON.stringify(data)).toBeLessThan(500);
      expect(status).toBeGreaterThanOrEqual(400);
      const keys = refusalKeys(data);
      for (const key of keys) expect(localized(key), `not a zh-CN+en key: ${String(key)}`).toBe(true);
      expect(await rowCounts()).toEqual(before);
    }),
    { numRuns: RUNS },
  );
}

const notOneOf = (valid: readonly string[]) => junk.filter((s) => !valid.includes(s));

describe('generated bad bodies at route actions: never a 500, a localized refusal, nothing written', () => {
  it('drafting a motion (party secretary)', async () => {
    const names = ['title', 'category', 'majorReasons', 'background', 'proposalText', 'estimatedCostYuan', 'fundingSource', 'scope', 'scopeDetail', 'catalogueItemId', 'consultOptIn', 'resolutionBody'];
    await fuzzAction(
      body(names, { idempotencyKey: fc.oneof(fc.constant(randomUUID()), junk) }),
      'party_secretary',
      () => `/c/${slug}/motions/new`,
      (request) => newMotion.action({ request, params: { communityId: slug }, context: {} }),
    );
  });

  it('raising an objection to the voter list (resident)', async () => {
    await fuzzAction(
      body(['kind', 'voterId', 'body'], { intent: fc.constant('raise'), kind: notOneOf(['missing', 'wrongly_listed', 'details_wrong']) }),
      'resident',
      () => `/c/${slug}/elections/${electionId}/objections`,
      (request) => objections.action({ request, params: { communityId: slug, electionId }, context: {} }),
    );
  });

  it('nominating a candidate (election committee)', async () => {
    await fuzzAction(
      body(['key', 'voterId', 'office', 'nominationVotes'], { intent: fc.constant('nominate'), key: fc.oneof(fc.constant(randomUUID()), junk) }),
      'election_committee',
      () => `/c/${slug}/elections/${electionId}/candidates`,
      (request) => candidates.action({ request, params: { communityId: slug, electionId }, context: {} }),
    );
  });
});
