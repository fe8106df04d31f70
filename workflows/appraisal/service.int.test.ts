/**
 * The service appraisal on the real Temporal server and PostgreSQL (DOMAIN.md §9.3), one-second
 * days: three utilities, household ratings by account (a second rating replaces the first; two
 * people of one household count once) and by one-time code, moderated comments, results with n
 * and satisfaction published, a reply from the unit below 60 % published beside its result;
 * refusals write nothing; every command is refused to every role but the committee's.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import {
  issueServiceCodes,
  moderateComment,
  rateServices,
  rateServicesWithCode,
  sendServiceCommand,
  startServiceAppraisal,
  type Caller,
} from '../../app/appraisal.server';
import { closeTemporal, temporal } from '../../app/temporal.server';
import { commentsOf } from '../../db/appraisal-service.server';
import { closeDb } from '../../db/client.server';
import type { Grade, ServiceState } from '../../domain/appraisal';
import { ROLES, type Role } from '../../domain/roles';
import { createCommunity, createStreet, createUser } from '../../scripts/test-setup/fixtures';
import { until } from '../../scripts/test-setup/wait';
import { fileWorker, testSql } from '../../scripts/test-setup/services';
import { SERVICE_ACTIONS, serviceAppraisalWorkflowId, type ServiceWebCommand } from './api';

const DAY = 1000;
const sql = testSql();
const historiesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '__histories__');
const record = process.env.MINYI_RECORD_HISTORIES === '1' || !readdirSync(historiesDir).some((f) => f.startsWith('service-appraisal-'));
const worker = fileWorker(sql, async () => {
  await closeTemporal();
  await closeDb();
});
beforeAll(() => {
  process.env.MINYI_TASK_QUEUE = worker.taskQueue;
});


async function world(households: number) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const as = (id: string, roles: Role[]): Caller => ({ userId: id, roles, communityId: c.id });
  const committee = as((await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '居委会')).id, ['committee_member']);
  const residents: Caller[] = [];
  for (let i = 0; i < households; i++) {
    const u = await createUser(sql, [{ role: 'resident', communityId: c.id }], `居民${i}`);
    await sql`insert into people (community_id, user_id, name, building, unit) values (${c.id}, ${u.id}, ${`居民${i}`}, ${`${1 + (i % 3)}号楼`}, ${`${100 + i}`})`;
    residents.push(as(u.id, ['resident']));
  }
  return { c, committee, residents, as };
}
const stateOf = async (planId: string) =>
  (await sql<{ stage: string; step: number; snapshot: ServiceState }[]>`select stage, step, snapshot from appraisal_plans where id = ${planId}`)[0]!;
const UTILITIES = [{ name: '自来水公司', kind: 'utility' }, { name: '供电公司', kind: 'utility' }, { name: '燃气公司', kind: 'utility' }];

describe('a service appraisal of three utilities', () => {
  it('gathers household ratings, publishes n and satisfaction, and publishes the reply of the one below 60 %', async () => {
    const w = await world(12);
    const started = await startServiceAppraisal(w.committee, { year: 2026, title: '2026年度服务单位民主评议', surveyDays: 7, subjects: UTILITIES }, { dayMs: DAY });
    expect(started.ok).toBe(true);
    const planId = (started as { id: string }).id;
    const subjects = (await stateOf(planId)).snapshot.subjects.map((s) => s.id) as [string, string, string];
    // Water: all satisfied; power: 5 of 12 poor (58 %: a reply is asked); gas: rated by 9 only (too few).
    for (const [i, r] of w.residents.entries()) {
      const ratings = [
        { subjectId: subjects[0], grade: 'good' as Grade },
        { subjectId: subjects[1], grade: (i < 5 ? 'poor' : 'fair') as Grade, ...(i === 0 ? { comment: '停电前没有通知' } : {}) },
        ...(i < 9 ? [{ subjectId: subjects[2], grade: 'good' as Grade }] : []),
      ];
      expect(await rateServices(r, planId, ratings), `resident ${i}`).toEqual({ ok: true });
    }
    // A resident rates again: the household's later rating replaces the earlier one.
    expect(await rateServices(w.residents[11]!, planId, [{ subjectId: subjects[1], grade: 'poor' }])).toEqual({ ok: true });
    expect(await rateServices(w.residents[11]!, planId, [{ subjectId: subjects[1], grade: 'fair' }])).toEqual({ ok: true });
    // A second person of household 0 counts once for the household.
    const sameHome = await createUser(sql, [{ role: 'resident', communityId: w.c.id }], '同户');
    await sql`insert into people (community_id, user_id, name, building, unit) values (${w.c.id}, ${sameHome.id}, '同户', '1号楼', '100')`;
    expect(await rateServices(w.as(sameHome.id, ['resident']), planId, [{ subjectId: subjects[2], grade: 'good' }])).toEqual({ ok: true });
    // One-time codes: a household without an account; a code works once.
    const issued = await issueServiceCodes(w.committee, planId, 2);
    const [code] = (issued as { codes: string[] }).codes;
    expect(await rateServicesWithCode(w.c.id, planId, code!, [{ subjectId: subjects[2], grade: 'good', comment: '服务很好，电话 13800000000' }])).toEqual({ ok: true });
    expect(await rateServicesWithCode(w.c.id, planId, code!, [{ subjectId: subjects[2], grade: 'poor' }])).toEqual({ ok: false, key: 'appraisal.errors.codeInvalid' });
    // Comments are moderated: one with a phone number is rejected, the other approved.
    const comments = await commentsOf(sql, planId, 'pending');
    expect(comments).toHaveLength(2);
    for (const c of comments) expect(await moderateComment(w.committee, planId, c.id, !c.body.includes('138'))).toEqual({ ok: true });

    expect(await sendServiceCommand(w.committee, planId, { action: 'closeSurvey' })).toEqual({ ok: true });
    expect(await rateServices(w.residents[0]!, planId, [{ subjectId: subjects[0], grade: 'poor' }])).toEqual({ ok: false, key: 'appraisal.errors.surveyClosed' });
    const closed = await stateOf(planId);
    expect(closed.snapshot.results![subjects[0]]!.result).toEqual({ kind: 'rated', n: 12, satisfactionPermille: 1000, replyRequested: false });
    expect(closed.snapshot.results![subjects[1]]!.result).toEqual({ kind: 'rated', n: 12, satisfactionPermille: 583, replyRequested: true });
    expect(closed.snapshot.results![subjects[2]]!.result).toEqual({ kind: 'rated', n: 10, satisfactionPermille: 1000, replyRequested: false });
    expect(await sendServiceCommand(w.committee, planId, { action: 'recordReply', subjectId: subjects[1], text: '已整改' })).toEqual({ ok: false, key: 'appraisal.errors.wrongStage' });
    expect(await sendServiceCommand(w.committee, planId, { action: 'publishResults' })).toEqual({ ok: true });
    const [result] = await sql<{ body: { subjects: { name: string; result: unknown; comments: string[] }[] } }[]>`
      select body from disclosures where kind = 'service_appraisal_result' and subject_id = ${planId}`;
    expect(result!.body.subjects.map((s) => s.name)).toEqual(['自来水公司', '供电公司', '燃气公司']);
    expect(result!.body.subjects[1]!.comments).toEqual(['停电前没有通知']);
    expect(JSON.stringify(result!.body)).not.toContain('13800000000');
    expect(await sendServiceCommand(w.committee, planId, { action: 'recordReply', subjectId: subjects[0], text: '谢谢' })).toEqual({ ok: false, key: 'appraisal.errors.replyNotRequested' });
    expect(await sendServiceCommand(w.committee, planId, { action: 'recordReply', subjectId: subjects[1], text: '今后停电提前三天在楼道张贴通知。' })).toEqual({ ok: true });
    await until('finished once every reply is in', async () => (await stateOf(planId)).stage === 'finished');
    const [reply] = await sql<{ body: { subject: string; reply: string } }[]>`select body from disclosures where kind = 'service_appraisal_reply' and subject_id = ${planId}`;
    expect(reply!.body).toMatchObject({ subject: '供电公司', reply: '今后停电提前三天在楼道张贴通知。' });
    if (record) {
      const history = await (await temporal()).workflow.getHandle(serviceAppraisalWorkflowId(planId)).fetchHistory();
      const bytes = proto.api.history.v1.History.encode(history).finish();
      writeFileSync(join(historiesDir, 'service-appraisal-full.json'), JSON.stringify({ workflowId: serviceAppraisalWorkflowId(planId), historyBase64: Buffer.from(bytes).toString('base64') }, null, 1) + '\n');
    }
  });

  it('closes by its timer; fewer than ten ratings shows too few; bad set-up and every role but the committee are refused', async () => {
    const w = await world(2);
    const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from appraisal_plans where community_id = ${w.c.id}`)[0]!.n;
    expect(await startServiceAppraisal(w.committee, { year: 2026, title: 't', surveyDays: 6, subjects: UTILITIES }, { dayMs: DAY })).toEqual({ ok: false, key: 'appraisal.errors.surveyDays' });
    expect(await startServiceAppraisal(w.committee, { year: 2026, title: 't', surveyDays: 7, subjects: [] }, { dayMs: DAY })).toEqual({ ok: false, key: 'appraisal.errors.subjectsEmpty' });
    expect(await startServiceAppraisal(w.residents[0]!, { year: 2026, title: 't', surveyDays: 7, subjects: UTILITIES }, { dayMs: DAY })).toEqual({ ok: false, key: 'appraisal.errors.notAllowedCommittee' });
    expect(await count()).toBe(0);
    const planId = ((await startServiceAppraisal(w.committee, { year: 2026, title: '测评', surveyDays: 7, subjects: UTILITIES }, { dayMs: DAY })) as { id: string }).id;
    const subjects = (await stateOf(planId)).snapshot.subjects.map((s) => s.id);
    expect(await rateServices(w.residents[0]!, planId, [{ subjectId: subjects[0]!, grade: 'good' }])).toEqual({ ok: true });
    expect(await rateServices(w.residents[1]!, planId, [{ subjectId: randomUUID(), grade: 'good' }])).toEqual({ ok: false, key: 'appraisal.errors.subjectNotInPlan' });
    const before = await stateOf(planId);
    const samples: Record<(typeof SERVICE_ACTIONS)[number], ServiceWebCommand> = {
      closeSurvey: { action: 'closeSurvey' }, publishResults: { action: 'publishResults' },
      recordReply: { action: 'recordReply', subjectId: subjects[0]!, text: '答复' }, finish: { action: 'finish' },
    };
    for (const role of ROLES.filter((r) => r !== 'committee_member'))
      for (const action of SERVICE_ACTIONS)
        expect(await sendServiceCommand(w.as(w.residents[0]!.userId, [role]), planId, samples[action]), `${role} ${action}`).toEqual({ ok: false, key: 'appraisal.errors.notAllowedCommittee' });
    expect((await stateOf(planId)).step).toBe(before.step);
    await until('closed by the survey timer', async () => (await stateOf(planId)).stage === 'closed', 15_000);
    await until('counted', async () => (await stateOf(planId)).snapshot.results !== null);
    expect((await stateOf(planId)).snapshot.results![subjects[0]!]!.result).toEqual({ kind: 'tooFew', n: 1 });
  });
});
