/**
 * Demo data of the consultation feature, after `seedDemo` and once a worker polls `taskQueue`:
 *
 * - 春晖社区 (`chunhui`): the 2026 demo catalogue (domain/consultation/demoCatalogue.ts), drafted by
 *   `director`, approved by `secretary`, published as version 1 (on the disclosure chain); and one
 *   consultation (ENV-01, 垃圾投放点) run through the real workflow to a published outcome, with
 *   two residents' opinions answered. It runs with 100-ms "days" (its own setting, recorded on the
 *   consultation) so that seeding takes seconds; its dates are therefore all on the seeding day.
 * - 演练社区 (`yanlian`, same street): a practice community whose day lasts one second
 *   (`settings.dayMs = 1000`), with `secretary`, `director`, `supervisor`, `resident` and
 *   `representative` holding the same roles as in 春晖. No catalogue: the Playwright journey
 *   imports and publishes one there, and runs a consultation in about a minute.
 *
 * Idempotent: does nothing when 春晖 already has a consultation (and publishes the catalogue only if it
 * is missing). Returns whether it created anything.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { DEMO_CATALOGUE_ITEMS, DEMO_CATALOGUE_YEAR, catalogueItemSchema, type ConsultationPeriods } from '../domain/consultation';
import type { Role } from '../domain/roles';
import {
  consultationCommand,
  consultationReady,
  consultationWorkflowId,
  type StartConsultation,
  type WorkflowCommand,
} from '../workflows/consultation-api';
import type { Sql } from './client.server';
import { answerOpinion, currentItems, itemById, leaveOpinion, publishDraft, saveDraft, submitDraft } from './consultations.server';
import { rolesInCommunity } from './people.server';

export const PRACTICE_COMMUNITY = { slug: 'yanlian', nameZh: '演练社区', nameEn: 'Practice Community (1 day = 1 second)', dayMs: 1000 } as const;
const PRACTICE_ROLES: Record<string, Role> = {
  secretary: 'party_secretary',
  director: 'committee_member',
  supervisor: 'supervisor',
  resident: 'resident',
  representative: 'resident_representative',
};
/** Day length of the seeded 春晖 consultation. */
export const DEMO_CONSULTATION_DAY_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function seedDemoConsultations(opts: {
  sql: Sql;
  client: Client;
  taskQueue: string;
  log?: (line: string) => void;
}): Promise<boolean> {
  const { sql, client, taskQueue } = opts;
  const log = opts.log ?? (() => {});
  const [chunhui] = await sql<{ id: string; streetId: string }[]>`
    select id, street_office_id as "streetId" from communities where slug = 'chunhui'`;
  if (!chunhui) throw new Error('seedDemoConsultations: run seedDemo first (community chunhui is missing)');
  const [done] = await sql`select 1 from consultations where community_id = ${chunhui.id} limit 1`;
  if (done) return false;
  const [catalogueDone] = await sql`select 1 from catalogue_versions where community_id = ${chunhui.id} and year = ${DEMO_CATALOGUE_YEAR}`;
  const users = await sql<{ id: string; username: string }[]>`
    select id, username from users where username in ('secretary', 'director', 'supervisor', 'resident', 'representative')`;
  const id = (u: string) => {
    const found = users.find((x) => x.username === u);
    if (!found) throw new Error(`seedDemoConsultations: demo user ${u} is missing`);
    return found.id;
  };
  const actor = async (u: string) => ({ id: id(u), roles: await rolesInCommunity(sql, id(u), chunhui.id) });
  const demo: Demo = { sql, communityId: chunhui.id, id, actor };

  await seedPracticeCommunity(demo, chunhui.streetId);
  if (!catalogueDone) log(`✓ 协商事项目录 demo catalogue ${DEMO_CATALOGUE_YEAR} v${await seedDemoCatalogue(demo)}`);
  await runDemoConsultation(demo, client, taskQueue);
  log('✓ 协商 demo consultation run to its published outcome');
  return true;
}

type Demo = {
  sql: Sql;
  communityId: string;
  /** A demo user's id by username. */
  id: (username: string) => string;
  /** A demo user as the workflow's actor, with their roles in 春晖. */
  actor: (username: string) => Promise<{ id: string; roles: Role[] }>;
};

/** The practice community (练习社区), where the demo people hold the roles a newcomer tries things with. */
async function seedPracticeCommunity({ sql, id }: Demo, streetId: string) {
  await sql.begin(async (tx) => {
    const [c] = await tx<{ id: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en, settings)
      values (${streetId}, ${PRACTICE_COMMUNITY.slug}, ${PRACTICE_COMMUNITY.nameZh}, ${PRACTICE_COMMUNITY.nameEn},
              ${tx.json({ dayMs: PRACTICE_COMMUNITY.dayMs, motion: { dayMs: PRACTICE_COMMUNITY.dayMs } })})
      on conflict (slug) do update set slug = excluded.slug returning id`;
    for (const [username, role] of Object.entries(PRACTICE_ROLES))
      await tx`insert into memberships (user_id, role, community_id) values (${id(username)}, ${role}, ${c!.id}) on conflict do nothing`;
  });
}

/** 春晖's 2026 catalogue, version 1: saved, submitted, published. Returns its version. */
async function seedDemoCatalogue({ sql, communityId, id, actor }: Demo): Promise<number | undefined> {
  await saveDraft(sql, {
    communityId,
    year: DEMO_CATALOGUE_YEAR,
    items: DEMO_CATALOGUE_ITEMS.map((i) => catalogueItemSchema.parse(i)),
    changeNote: '2026年度协商事项目录首次发布',
    userId: id('director'),
  });
  await submitDraft(sql, communityId, DEMO_CATALOGUE_YEAR, id('director'));
  const published = await publishDraft(sql, {
    communityId,
    year: DEMO_CATALOGUE_YEAR,
    approver: await actor('secretary'),
    now: new Date(),
  });
  if (!published.ok) throw new Error(`seedDemoConsultations: catalogue refused (${published.key})`);
  return published.version;
}

/** One consultation on ENV-01, run to its published outcome through the workflow. */
async function runDemoConsultation({ sql, communityId, id, actor }: Demo, client: Client, taskQueue: string) {
  const env01 = (await currentItems(sql, communityId, DEMO_CATALOGUE_YEAR)).find((i) => i.code === 'ENV-01')!;
  const found = (await itemById(sql, env01.id))!;
  // A fresh id: a Temporal server kept from an earlier database must not attach us to an old run.
  const consultationId = randomUUID();
  const secretary = await actor('secretary');
  const director = await actor('director');
  const start: StartConsultation = {
    consultationId,
    communityId,
    proposer: secretary,
    title: '3号楼垃圾分类投放点搬迁',
    description:
      '3号楼北侧的垃圾分类投放点离一楼住户窗户不到5米，夏天气味大。居委会拟把投放点搬到自行车棚东侧空地，并加装遮雨棚和洗手池。请大家提意见。',
    origin: 'committee',
    item: found.item,
    catalogueItemId: env01.id,
    catalogueYear: DEMO_CATALOGUE_YEAR,
    catalogueVersion: found.version,
    motionId: null,
    dayMs: DEMO_CONSULTATION_DAY_MS,
    periods: {} satisfies Partial<ConsultationPeriods>,
  };
  const handle = await client.workflow.start('consultation', {
    args: [start],
    taskQueue,
    workflowId: consultationWorkflowId(consultationId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await handle.executeUpdate(consultationReady, { args: [] });
  const send = async (who: { id: string; roles: Role[] }, make: WorkflowCommand | (() => WorkflowCommand)) => {
    for (let i = 0; ; i++) {
      const command = typeof make === 'function' ? make() : make;
      try {
        return await handle.executeUpdate(consultationCommand, { args: [{ actor: who, command }], updateId: `seed-${command.action}` });
      } catch (e) {
        // A period is still running: wait one scaled day and try again (bounded).
        if (i > 50) throw e;
        await sleep(DEMO_CONSULTATION_DAY_MS);
      }
    }
  };
  await send(director, {
    action: 'fixParties',
    parties: [
      { type: 'affected_residents', name: '3号楼、5号楼居民' },
      { type: 'residents_groups', name: '第一居民小组' },
      { type: 'property_company', name: '春晖物业服务有限公司' },
    ],
  });
  await send(secretary, { action: 'publishTopic' });
  await send(director, { action: 'openCollection' });
  const o1 = randomUUID();
  const o2 = randomUUID();
  await leaveOpinion(sql, {
    communityId,
    consultationId,
    opinionId: o1,
    userId: id('resident'),
    role: 'resident',
    text: '同意搬迁。希望新投放点晚上有灯，老人倒垃圾看得清。',
  });
  await leaveOpinion(sql, {
    communityId,
    consultationId,
    opinionId: o2,
    userId: id('representative'),
    role: 'resident_representative',
    text: '车棚东侧离5号楼也近，请物业每天清运两次，并定期消毒。',
  });
  const [row] = await sql<{ closes: Date }[]>`select opinions_close_at as closes from consultations where id = ${consultationId}`;
  await sleep(Math.max(0, new Date(row!.closes).getTime() - Date.now()) + 50);
  const view = await send(director, () => ({
    action: 'scheduleMeeting',
    meetingAt: Date.now() + 1000,
    form: 'dialogue',
    place: '社区党群服务中心二楼活动室',
  }));
  await sleep(Math.max(0, (view.snapshot.meeting?.at ?? Date.now()) - Date.now()) + 50);
  await send(director, {
    action: 'recordMeeting',
    attendees: 26,
    positions: [
      { party: '3号楼、5号楼居民', position: '多数同意搬到车棚东侧，要求加装照明和遮雨棚；两户担心气味。' },
      { party: '第一居民小组', position: '同意，建议设置投放时间提示牌。' },
      { party: '春晖物业服务有限公司', position: '同意，承诺每天清运两次、每周消毒一次。' },
    ],
    agreements: '投放点搬到自行车棚东侧，加装照明、遮雨棚和洗手池；物业每天清运两次。',
    disagreements: '5号楼两户担心气味，约定一个月后回访。',
    strawPoll: { yes: 22, no: 2, abstain: 2 },
  });
  for (const o of [o1, o2])
    await answerOpinion(sql, {
      communityId,
      consultationId,
      opinionId: o,
      text: '已在协商会上讨论并采纳，见协商结果。',
      userId: id('director'),
    });
  await send(director, {
    action: 'draftOutcome',
    text: '一、投放点搬到自行车棚东侧空地，加装照明、遮雨棚和洗手池。\n二、物业每天清运两次，每周消毒一次。\n三、一个月后回访5号楼住户，根据气味情况调整。',
  });
  await send(await actor('supervisor'), { action: 'reviewOutcome', verdict: 'approved', note: '' });
  await send(secretary, { action: 'publishOutcome' });
}
