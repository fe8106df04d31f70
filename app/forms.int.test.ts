/**
 * Form bodies at the routes, against the real database and Temporal (issue 9 items 8 and 11): the role
 * is checked before a byte of the body is read, an oversized body is refused with 413 and changes
 * nothing, malformed ids in URLs answer 404 (never 500), and a tally-sheet scan is checked by content.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/roles';
import { communityWithElection, cookieJar, statusOf } from '../scripts/test-setup/route-fixture';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { createMotion } from './motions.server';
import { closeTemporal } from './temporal.server';
import * as catalogue from './routes/c.$communityId.catalogue._index';
import * as consultationPage from './routes/c.$communityId.consultations.$consultationId';
import * as electionPage from './routes/c.$communityId.elections.$electionId._index';
import * as candidates from './routes/c.$communityId.elections.$electionId.candidates';
import * as objections from './routes/c.$communityId.elections.$electionId.objections';
import * as polling from './routes/c.$communityId.elections.$electionId.polling';
import * as importPage from './routes/c.$communityId.elections.$electionId.register.imports.$importId';
import * as register from './routes/c.$communityId.elections.$electionId.register._index';
import * as communityFile from './routes/c.$communityId.files.$fileId';
import * as motionAction from './routes/c.$communityId.motions.$motionId.do.$action';
import * as newMotion from './routes/c.$communityId.motions.new';
import * as publicConsultation from './routes/p.$communityId.consultations.$consultationId';
import * as publicDisclosure from './routes/p.$communityId.d.$disclosureId';
import * as publicElection from './routes/p.$communityId.elections.$electionId._index';
import * as publicVote from './routes/p.$communityId.elections.$electionId.vote';
import * as publicFile from './routes/p.$communityId.files.$fileId';

const sql = testSql();
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let slug: string;
let communityId: string;
let electionId: string;
let people: Record<Role, { id: string; username: string }>;

beforeAll(async () => {
  worker = await startTestWorker(sql);
  ({ slug, communityId, electionId, people } = await communityWithElection(sql, worker.taskQueue, '表单测试选举'));
});
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await sql.end();
});

const cookieOf = cookieJar(() => people);

/** A request body that records whether the route read any of it. */
function watchedBody(text: string) {
  const seen = { pulled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulled = true;
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, seen };
}

const MULTIPART = 'multipart/form-data; boundary=----minyi';
const multipartText = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `------minyi\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('') + '------minyi--\r\n';

function post(path: string, body: BodyInit, headers: Record<string, string>) {
  return new Request(`http://minyi.test${path}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('the role is checked before the body is read', () => {
  it('refuses a resident at the polling station without reading the tally sheet upload', async () => {
    const { body, seen } = watchedBody(multipartText({ intent: 'enterPaper', box: '1', issued: '10' }));
    const request = post(`/c/${slug}/elections/${electionId}/polling`, body, { Cookie: await cookieOf('resident'), 'Content-Type': MULTIPART });
    expect(await statusOf(polling.action({ request, params: { communityId: slug, electionId }, context: {} }))).toBe(403);
    expect(seen.pulled).toBe(false);
  });

  it('refuses a supervisor a multipart body at the polling station (only the committee sends scans)', async () => {
    const { body, seen } = watchedBody(multipartText({ intent: 'confirmPaper', boxId: '1' }));
    const request = post(`/c/${slug}/elections/${electionId}/polling`, body, { Cookie: await cookieOf('supervisor'), 'Content-Type': MULTIPART });
    expect(await statusOf(polling.action({ request, params: { communityId: slug, electionId }, context: {} }))).toBe(403);
    expect(seen.pulled).toBe(false);
  });

  it('refuses a resident a catalogue import without reading the file', async () => {
    const { body, seen } = watchedBody(multipartText({ intent: 'import', year: '2026' }));
    const request = post(`/c/${slug}/catalogue`, body, { Cookie: await cookieOf('resident'), 'Content-Type': MULTIPART });
    expect(await statusOf(catalogue.action({ request, params: { communityId: slug }, context: {} }))).toBe(403);
    expect(seen.pulled).toBe(false);
  });

  it('refuses the public and non-members on intent pages without reading the form', async () => {
    const cases: [string, (r: Request) => Promise<unknown>, string | undefined][] = [
      [`/c/${slug}/elections/${electionId}/candidates`, (request) => candidates.action({ request, params: { communityId: slug, electionId }, context: {} }), await cookieOf('resident')],
      [`/c/${slug}/elections/${electionId}`, (request) => electionPage.action({ request, params: { communityId: slug, electionId }, context: {} }), undefined],
      [`/c/${slug}/elections/${electionId}/objections`, (request) => objections.action({ request, params: { communityId: slug, electionId }, context: {} }), await cookieOf('platform_admin')],
      [`/c/${slug}/elections/${electionId}/register`, (request) => register.action({ request, params: { communityId: slug, electionId }, context: {} }), await cookieOf('party_secretary')],
      [`/c/${slug}/consultations/${randomUUID()}`, (request) => consultationPage.action({ request, params: { communityId: slug, consultationId: request.url.split('/').pop() }, context: {} }), await cookieOf('group_leader')],
    ];
    for (const [path, run, cookie] of cases) {
      const { body, seen } = watchedBody('intent=raise&body=x');
      const request = post(path, body, { ...(cookie ? { Cookie: cookie } : {}), 'Content-Type': 'application/x-www-form-urlencoded' });
      const status = await statusOf(run(request));
      expect({ path, refused: status === 403 || status === 302, read: seen.pulled }).toEqual({ path, refused: true, read: false });
    }
  });
});

describe('every body is capped', () => {
  const motionsOf = async () => (await sql`select count(*)::int as n from motions where community_id = ${communityId}`)[0]!.n as number;

  it('refuses a new motion whose body is declared too large, reading none of it, and stores nothing', async () => {
    const before = await motionsOf();
    const { body, seen } = watchedBody('x');
    const request = post(`/c/${slug}/motions/new`, body, {
      Cookie: await cookieOf('party_secretary'),
      'Content-Type': MULTIPART,
      'Content-Length': String(500 * 1024 * 1024),
    });
    expect(await statusOf(newMotion.action({ request, params: { communityId: slug }, context: {} }))).toBe(413);
    expect(seen.pulled).toBe(false);
    expect(await motionsOf()).toBe(before);
  });

  it('refuses an urlencoded motion of 300 KB sent without a length, and stores nothing', async () => {
    const before = await motionsOf();
    const fields = new URLSearchParams({ idempotencyKey: randomUUID(), title: '超长', category: 'facilities', background: 'x'.repeat(300 * 1024) });
    const { body } = watchedBody(fields.toString());
    const request = post(`/c/${slug}/motions/new`, body, { Cookie: await cookieOf('party_secretary'), 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(await statusOf(newMotion.action({ request, params: { communityId: slug }, context: {} }))).toBe(413);
    expect(await motionsOf()).toBe(before);
  });

  it('refuses a malformed idempotency key with 400 before anything is sent', async () => {
    const request = post(`/c/${slug}/elections/${electionId}/candidates`, new URLSearchParams({ intent: 'finalize', key: "x'; drop table elections; --" }), {
      Cookie: await cookieOf('election_committee'),
    });
    expect(await statusOf(candidates.action({ request, params: { communityId: slug, electionId }, context: {} }))).toBe(400);
  });
});

describe('malformed ids in URLs', () => {
  it('answer 404, never 500', async () => {
    const bad = ['abc', '-'.repeat(36), 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'];
    const cookie = await cookieOf('election_committee');
    const get = (path: string) => new Request(`http://minyi.test${path}`, { headers: { Cookie: cookie } });
    for (const id of bad) {
      const cases: [string, () => Promise<unknown>][] = [
        ['election page', () => electionPage.loader({ request: get(`/c/${slug}/elections/${id}`), params: { communityId: slug, electionId: id }, context: {} })],
        ['polling', () => polling.loader({ request: get(`/c/${slug}/elections/${id}/polling`), params: { communityId: slug, electionId: id }, context: {} })],
        [
          'import',
          () => importPage.loader({ request: get(`/c/${slug}/elections/${electionId}/register/imports/${id}`), params: { communityId: slug, electionId, importId: id }, context: {} }),
        ],
        ['consultation', () => consultationPage.loader({ request: get(`/c/${slug}/consultations/${id}`), params: { communityId: slug, consultationId: id }, context: {} })],
        ['file', () => communityFile.loader({ request: get(`/c/${slug}/files/${id}`), params: { communityId: slug, fileId: id }, context: {} })],
        ['public election', () => publicElection.loader({ request: get(`/p/${slug}/elections/${id}`), params: { communityId: slug, electionId: id }, context: {} })],
        ['public vote', () => publicVote.loader({ request: get(`/p/${slug}/elections/${id}/vote`), params: { communityId: slug, electionId: id }, context: {} })],
        ['public consultation', () => publicConsultation.loader({ request: get(`/p/${slug}/consultations/${id}`), params: { communityId: slug, consultationId: id }, context: {} })],
        ['public disclosure', () => publicDisclosure.loader({ request: get(`/p/${slug}/d/${id}`), params: { communityId: slug, disclosureId: id }, context: {} })],
        ['public file', () => publicFile.loader({ request: get(`/p/${slug}/files/${id}`), params: { communityId: slug, fileId: id }, context: {} })],
      ];
      for (const [name, run] of cases) expect({ name, id, status: await statusOf(run()) }).toEqual({ name, id, status: 404 });
    }
    // An action name that is an Object property is not an action.
    const request = get(`/c/${slug}/motions/${randomUUID()}/do/toString`);
    expect(await statusOf(motionAction.loader({ request, params: { communityId: slug, motionId: randomUUID(), action: 'toString' }, context: {} }))).toBe(404);
  });
});

describe('a tally-sheet scan is checked by its content', () => {
  it('refuses a web page sent as “sheet.pdf” with a PDF content type, and stores nothing', async () => {
    const attachments = async () => (await sql`select count(*)::int as n from attachments where community_id = ${communityId}`)[0]!.n as number;
    const before = await attachments();
    const form = new FormData();
    form.set('intent', 'enterPaper');
    form.set('key', randomUUID());
    form.set('box', '1');
    form.set('issued', '10');
    form.set('returned', '10');
    form.set('scan', new File(['<html><script>alert(1)</script></html>'], 'sheet.pdf', { type: 'application/pdf' }));
    const request = post(`/c/${slug}/elections/${electionId}/polling`, form, { Cookie: await cookieOf('election_committee') });
    const res = (await polling.action({ request, params: { communityId: slug, electionId }, context: {} })) as unknown as { data: { refusal: { key: string } }; init: { status: number } };
    expect(res.init.status).toBe(400);
    expect(res.data.refusal.key).toBe('forms.errors.scanType');
    expect(await attachments()).toBe(before);
  });
});

describe('election forms are parsed by zod with length caps before anything is sent', () => {
  it('refuses an objection to the result longer than 2,000 characters, and an empty ruling', async () => {
    const objectionsOf = async () => (await sql`select snapshot->'objections' as o from elections where id = ${electionId}`)[0]!.o as unknown;
    const before = await objectionsOf();
    const long = post(`/c/${slug}/elections/${electionId}`, new URLSearchParams({ intent: 'objectToResult', key: randomUUID(), body: '异'.repeat(2001) }), {
      Cookie: await cookieOf('supervisor'),
    });
    const res = (await electionPage.action({ request: long, params: { communityId: slug, electionId }, context: {} })) as unknown as { data: { refusal: { key: string } }; init: { status: number } };
    expect([res.init.status, res.data.refusal.key]).toEqual([400, 'form.tooLong']);
    const ruling = post(`/c/${slug}/elections/${electionId}`, new URLSearchParams({ intent: 'ruleOnObjection', key: randomUUID(), objectionId: randomUUID(), ruling: 'upheld', reasons: '  ' }), {
      Cookie: await cookieOf('street_office_admin'),
    });
    const r2 = (await electionPage.action({ request: ruling, params: { communityId: slug, electionId }, context: {} })) as unknown as { data: { refusal: { key: string } } };
    expect(r2.data.refusal.key).toBe('election.errors.rulingReasonsRequired');
    expect(await objectionsOf()).toEqual(before);
  });

  it('refuses a malformed voter id at the polling station with a key, not a database error', async () => {
    const request = post(`/c/${slug}/elections/${electionId}/polling`, new URLSearchParams({ intent: 'issuePaper', key: randomUUID(), voterId: "1' or '1'='1" }), {
      Cookie: await cookieOf('election_committee'),
    });
    const res = (await polling.action({ request, params: { communityId: slug, electionId }, context: {} })) as unknown as { data: { refusal: { key: string } }; init: { status: number } };
    expect([res.init.status, res.data.refusal.key]).toEqual([400, 'election.errors.voterNotFound']);
  });
});

describe('motion forms post array fields', () => {
  it('records the party committee’s decision from roster[i] rows and the motion is proposed', async () => {
    const created = await createMotion(
      { userId: people.party_secretary.id, displayName: '书记', roles: ['party_secretary'], communityId },
      {
        idempotencyKey: randomUUID(),
        title: '路灯更换',
        category: 'facilities',
        majorReasons: ['public_project'],
        background: '路灯老化。',
        proposalText: '更换 40 盏路灯。',
        estimatedCostYuan: 0,
        scope: 'community',
        consultOptIn: false,
        resolutionBody: 'representatives_meeting',
      },
      { taskQueue: worker.taskQueue },
    );
    if (!created.ok) throw new Error(created.key);
    const motionId = created.motionId;
    const roster = await sql<{ id: string }[]>`
      select distinct m.user_id as id from memberships m
      where m.community_id = ${communityId} and m.role in ('party_secretary', 'party_committee_member')`;
    expect(roster.length).toBeGreaterThanOrEqual(2);
    const form = new URLSearchParams({ idempotencyKey: randomUUID(), heldOn: '2026-11-20', minutes: '同意提出议题。' });
    roster.forEach((p, i) => {
      form.append(`roster[${i}].personId`, p.id);
      form.append(`roster[${i}].choice`, 'agree');
    });
    const request = post(`/c/${slug}/motions/${motionId}/do/recordPartyCommitteeDecision`, form, { Cookie: await cookieOf('party_secretary') });
    const status = await statusOf(motionAction.action({ request, params: { communityId: slug, motionId, action: 'recordPartyCommitteeDecision' }, context: {} }));
    expect(status).toBe(302);
    const [m] = await sql<{ state: string }[]>`select state from motions where id = ${motionId}`;
    expect(m!.state).toBe('proposed');
    const [pc] = await sql`select outcome from motion_meetings where motion_id = ${motionId} and body = 'party_committee'`;
    expect(pc!.outcome).toMatchObject({ kind: 'passed', present: roster.length, yes: roster.length });
  });
});
