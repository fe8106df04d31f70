/**
 * Demo motions for 春晖社区 (`npm start`, first run): one closed with its results disclosed, one with
 * the representatives' online vote open, one in deliberation with residents' opinions, one draft.
 * Everything goes through app/motions.server.ts against a running worker, as the web would do it.
 *
 * The closed one runs with fast per-motion settings (a "day" of 250 ms) so that it finishes within
 * seconds of the first start; the others keep real days, their meetings' notices recorded as posted
 * on the notice board days before (so the vote can be open today).
 *
 * Needs DATABASE_URL (or `sql`, used for everything here) and TEMPORAL_ADDRESS for the Temporal
 * client, and a worker polling `taskQueue` (default: the app's task queue).
 */
import { createHash } from 'node:crypto';
import * as motions from '../app/motions.server';
import type { Caller } from '../app/motions.server';
import { REAL_DAY_MS } from '../domain/calendar';
import { earliestMeetingDay } from '../domain/motion/deadlines';
import {
  castVoteSchema,
  conveneMeetingSchema,
  draftMotionSchema,
  finalReportSchema,
  jointMeetingSchema,
  opinionAnswerSchema,
  partyCommitteeDecisionSchema,
  partyMeetingSchema,
  progressEntrySchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { resolveMotionSettings, type MotionSettingsInput } from '../domain/motion/settings';
import type { MotionState } from '../domain/motion/stages';
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';
import { rolesInCommunity } from './people.server';
import { DEMO_PASSWORD } from './seed.server';

/** The people the demo motions need besides the one-per-role demo accounts. */
export const EXTRA_DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; attrs: Record<string, unknown>; alsoParty?: boolean }[] = [
  { username: 'rep2', displayName: '黄秀兰', role: 'resident_representative', attrs: { constituency: '第二居民小组' } },
  { username: 'rep3', displayName: '林国强', role: 'resident_representative', attrs: { constituency: '第三居民小组' } },
  { username: 'rep4', displayName: '何玉梅', role: 'resident_representative', attrs: { constituency: '第四居民小组' } },
  { username: 'rep5', displayName: '马建华', role: 'resident_representative', attrs: { constituency: '第五居民小组' } },
  { username: 'rep6', displayName: '罗淑珍', role: 'resident_representative', attrs: { constituency: '第六居民小组' } },
  { username: 'rep7', displayName: '高志明', role: 'resident_representative', attrs: { constituency: '第七居民小组' } },
  { username: 'committee2', displayName: '徐丽华', role: 'committee_member', attrs: { office: 'deputy_director' } },
  { username: 'committee3', displayName: '胡军', role: 'committee_member', attrs: { office: 'member' } },
  { username: 'party-committee2', displayName: '郭红梅', role: 'party_committee_member', attrs: {}, alsoParty: true },
  { username: 'party-committee3', displayName: '朱文斌', role: 'party_committee_member', attrs: {}, alsoParty: true },
  { username: 'party-member2', displayName: '孙建平', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member3', displayName: '杨桂芳', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member4', displayName: '曹德胜', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member5', displayName: '邓淑英', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member6', displayName: '许志远', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member7', displayName: '韩美玲', role: 'party_member', attrs: { full_member: true } },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fixed idempotency keys: a repeated seed command is answered, not applied twice. */
const k = (name: string) => 'seed-' + createHash('sha256').update(name).digest('hex').slice(0, 24);

export async function seedDemoMotions(o: {
  sql: Sql;
  communityId: string;
  hashPassword: (p: string) => Promise<string>;
  /** Demo user ids by username; looked up when absent. */
  users?: Record<string, string>;
  taskQueue?: string;
  log?: (line: string) => void;
}): Promise<{ created: boolean; motions: { id: string; title: string; state: MotionState }[] }> {
  const { sql, communityId } = o;
  const log = o.log ?? (() => {});
  const [existing] = await sql`select 1 from motions where community_id = ${communityId} limit 1`;
  if (existing) return { created: false, motions: [] };

  // ── People ──
  const passwordHash = await o.hashPassword(DEMO_PASSWORD);
  for (const a of EXTRA_DEMO_ACCOUNTS) {
    const [row] = await sql<{ id: string }[]>`
      insert into users (id, username, display_name, password_hash)
      values (${crypto.randomUUID()}, ${a.username}, ${a.displayName}, ${passwordHash})
      on conflict (username) do nothing returning id`;
    if (!row) continue;
    const grants: { role: Role; attrs: Record<string, unknown> }[] = [{ role: a.role, attrs: a.attrs }];
    if (a.role === 'resident_representative') grants.push({ role: 'resident', attrs: {} });
    if (a.alsoParty) grants.push({ role: 'party_member', attrs: { full_member: true } });
    for (const g of grants) {
      await sql`insert into memberships (user_id, role, community_id, attrs)
                values (${row.id}, ${g.role}, ${communityId}, ${sql.json(g.attrs as never)})`;
    }
  }
  const ids = new Map<string, string>(Object.entries(o.users ?? {}));
  const rows = await sql<{ id: string; username: string; displayName: string }[]>`
    select id, username, display_name as "displayName" from users`;
  for (const r of rows) if (!ids.has(r.username)) ids.set(r.username, r.id);
  const names = new Map(rows.map((r) => [r.id, r.displayName]));
  const caller = async (username: string): Promise<Caller> => {
    const userId = ids.get(username);
    if (!userId) throw new Error(`demo user ${username} is missing`);
    return { userId, displayName: names.get(userId) ?? username, roles: await rolesInCommunity(sql, userId, communityId), communityId };
  };
  const secretary = await caller('secretary');
  const director = await caller('director');

  // Everyone on each body, from memberships (the workflow freezes the same rosters).
  const holders = async (roles: Role[], fullOnly = false) =>
    (
      await sql<{ id: string }[]>`
        select distinct m.user_id as id from memberships m
        where m.community_id = ${communityId} and m.role = any(${roles})
          and (${!fullOnly} or coalesce((m.attrs->>'full_member')::boolean, false))
          and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
        order by 1`
    ).map((r) => r.id);
  const partyCommittee = await holders(['party_secretary', 'party_committee_member']);
  const joint = await holders(['party_secretary', 'party_committee_member', 'committee_member']);
  const fullPartyMembers = await holders(['party_member'], true);
  const voters = await holders(['committee_member', 'resident_representative']);

  motions.useMotionsDatabase(sql);
  try {
    return await seedMotions();
  } finally {
    motions.useMotionsDatabase(undefined);
  }

  async function seedMotions() {
    const opts = (settings?: MotionSettingsInput) => ({ ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}), ...(settings ? { settings } : {}) });
    const must = <T>(r: motions.CommandResult<T>, what: string): { ok: true } & T => {
      if (!r.ok) throw new Error(`demo motion: ${what} refused (${r.key})`);
      return r;
    };
    const stateOf = async (id: string) => (await sql<{ state: MotionState }[]>`select state from motions where id = ${id}`)[0]!.state;
    const until = async (id: string, state: MotionState, timeoutMs = 60_000) => {
      const end = Date.now() + timeoutMs;
      while ((await stateOf(id)) !== state) {
        if (Date.now() > end) throw new Error(`demo motion ${id} did not reach ${state}`);
        await sleep(100);
      }
    };
    const waitUntil = async (at: number) => {
      if (at > Date.now()) await sleep(at - Date.now() + 20);
    };

    const draft = (name: string, d: Record<string, unknown>) =>
      draftMotionSchema.parse({ idempotencyKey: k(`${name}-create`), consultOptIn: false, resolutionBody: 'representatives_meeting', ...d });
    const propose = async (name: string, id: string) =>
      must(
        await motions.recordPartyCommitteeDecision(
          secretary,
          id,
          partyCommitteeDecisionSchema.parse({
            idempotencyKey: k(`${name}-pc`),
            heldOn: today(),
            attendeeIds: partyCommittee,
            votes: partyCommittee.map((personId) => ({ personId, choice: 'agree' })),
            minutes: '社区党委会研究认为，此事关系居民切身利益，同意按“四议两公开”提出议题。',
          }),
        ),
        'party committee',
      );
    type Body = 'joint_meeting' | 'party_members_meeting' | 'representatives_meeting';
    const conveneOnce = async (name: string, id: string, body: Body, opensAt: number, noticeAt: number | undefined, attempt: number) =>
      await motions.conveneMeeting(body === 'representatives_meeting' ? director : secretary, id, {
        ...conveneMeetingSchema.parse({
          idempotencyKey: k(`${name}-convene-${body}${attempt ? `-${attempt}` : ''}`),
          body,
          opensAt: '2026-01-01T09:00',
          online: body === 'representatives_meeting',
          ...(body === 'representatives_meeting' ? {} : { location: '春晖社区党群服务中心二楼会议室' }),
          agenda: body === 'joint_meeting' ? '商议议题方案' : body === 'party_members_meeting' ? '审议议题方案' : '表决议题方案',
          channels: ['notice_board', 'app', 'group_chat'],
          ...(body === 'party_members_meeting' ? { materialsRef: `春晖党支〔2026〕${name}号` } : {}),
        }),
        opensAt,
        ...(noticeAt !== undefined ? { noticeAt } : {}),
      });
    // On a busy machine a drill "day" may end between choosing the date and the workflow receiving
    // the notice: then the earliest date the refusal names (and as much again) is taken. Returns the
    // meeting's real opening time.
    const convene = async (name: string, id: string, body: Body, opensAt: number, noticeAt?: number) => {
      let at = opensAt;
      let r = await conveneOnce(name, id, body, at, noticeAt, 0);
      for (let attempt = 1; !r.ok && r.key === 'motion.errors.noticeTooShort' && noticeAt === undefined && attempt <= 2; attempt++) {
        const earliest = Number((r.params as { earliest?: number } | undefined)?.earliest ?? at);
        at = earliest + Math.max(earliest - at, 1_000);
        r = await conveneOnce(name, id, body, at, noticeAt, attempt);
      }
      return { ...must(r, `convene ${body}`), opensAt: at };
    };
    const recordJoint = async (name: string, id: string) =>
      must(
        await motions.recordJointMeeting(
          secretary,
          id,
          jointMeetingSchema.parse({
            idempotencyKey: k(`${name}-joint`),
            heldOn: today(),
            attendeeIds: joint,
            votes: joint.map((personId, i) => ({ personId, choice: i === joint.length - 1 ? 'abstain' : 'agree' })),
            minutes: '两委联席会议逐项讨论了方案，与会人员充分发表意见。',
            opinions: '多数意见认为方案可行；有委员提出施工期间要做好安全防护和噪音管理。',
            amendments: '增加“施工期间每日18时后停止产生噪音的作业”。',
            supervisorRemarks: '监督委员会将全程监督资金使用。',
            conclusion: 'agree',
          }),
        ),
        'joint meeting',
      );
    const recordParty = async (name: string, id: string) => {
      const n = fullPartyMembers.length;
      return must(
        await motions.recordPartyMeeting(
          secretary,
          id,
          partyMeetingSchema.parse({
            idempotencyKey: k(`${name}-party`),
            heldOn: today(),
            fullMembers: n,
            present: n - 1,
            probationaryPresent: 0,
            yes: n - 2,
            no: 0,
            abstain: 1,
            minutes: '党员大会审议通过，同意提交居民代表会议表决。',
            scanRef: `签到表-${name}`,
          }),
        ),
        'party members meeting',
      );
    };
    const vote = async (name: string, id: string, questionId: string, username: string | undefined, userId: string, choice: 'agree' | 'disagree' | 'abstain') => {
      const who = username ? await caller(username) : await callerById(userId);
      must(await motions.castVote(who, id, castVoteSchema.parse({ idempotencyKey: k(`${name}-vote-${userId}`), questionId, choice, confirmed: true })), 'vote');
    };
    const callerById = async (userId: string): Promise<Caller> => ({
      userId,
      displayName: names.get(userId) ?? '',
      roles: await rolesInCommunity(sql, userId, communityId),
      communityId,
    });
    const opinion = async (name: string, id: string, username: string, text: string, answer?: string) => {
      const r = must(
        await motions.submitOpinion(await caller(username), id, residentOpinionSchema.parse({ idempotencyKey: k(`${name}-op-${username}`), text })),
        'opinion',
      );
      if (answer) {
        must(
          await motions.answerOpinion(director, id, opinionAnswerSchema.parse({ idempotencyKey: k(`${name}-ans-${username}`), opinionId: r.opinionId, text: answer })),
          'answer',
        );
      }
    };

    const created: { id: string; title: string }[] = [];

    // ── 1. 1号楼加装电梯: the whole process, fast days, closed with results disclosed ──
    {
      const name = 'lift';
      // A day of 600 ms: the seven-day vote is 4 s, long enough for every vote on a busy two-core machine.
      const fast: MotionSettingsInput = {
        dayMs: 600,
        noticeDays: { joint_meeting: 1, party_members_meeting: 3, representatives_meeting: 3, residents_meeting: 3 },
        votingWindowDays: 7,
      };
      const settings = resolveMotionSettings(fast);
      const r = must(
        await motions.createMotion(
          secretary,
          draft(name, {
            title: '1号楼加装电梯',
            category: 'facilities',
            majorReasons: ['public_project', 'spending_above_threshold'],
            background:
              '1号楼建于1995年，共6层24户，60岁以上居民占一半以上。经入户走访，22户同意加装电梯，2户对采光有顾虑，已协商提出补偿方案。',
            proposalText:
              '在1号楼北侧加装一部电梯，平层入户。总投资约62万元，其中申请市级既有住宅加装电梯补贴20万元，其余由本楼住户按楼层分摊。施工单位通过公开比选确定。',
            estimatedCostYuan: 620_000,
            fundingSource: '市级加装电梯补贴20万元，住户按楼层分摊42万元',
            scope: 'buildings',
            scopeDetail: '1号楼',
          }),
          opts(fast),
        ),
        'create',
      );
      const id = r.motionId;
      created.push({ id, title: '1号楼加装电梯' });
      log('  · 1号楼加装电梯');
      await propose(name, id);
      const jointAt = earliestMeetingDay('joint_meeting', Date.now() + 200, settings);
      const joint = await convene(name, id, 'joint_meeting', jointAt);
      await opinion(name, id, 'resident', '支持加装电梯，老人上下楼太难了。希望施工期间保证楼道通行。', '施工期间会保留一侧楼道通行，并安排专人引导。');
      await opinion(name, id, 'group-leader', '低层住户的采光补偿要写清楚。', '补偿标准已写入方案，将在表决前公示。');
      await waitUntil(joint.opensAt);
      await recordJoint(name, id);
      const partyAt = earliestMeetingDay('party_members_meeting', Date.now() + 200, settings);
      const party = await convene(name, id, 'party_members_meeting', partyAt);
      await waitUntil(party.opensAt);
      await recordParty(name, id);
      const voteAt = earliestMeetingDay('representatives_meeting', Date.now() + 200, settings);
      const v = await convene(name, id, 'representatives_meeting', voteAt);
      await waitUntil(v.opensAt);
      for (const [i, userId] of voters.entries()) {
        await vote(name, id, v.meetingId, undefined, userId, i === 1 ? 'abstain' : i === 2 ? 'disagree' : 'agree');
      }
      await until(id, 'implementing');
      must(
        await motions.recordProgress(
          director,
          id,
          progressEntrySchema.parse({
            idempotencyKey: k(`${name}-progress-1`),
            date: today(),
            work: '完成电梯井道土建和基础施工',
            amountYuan: 210_000,
            contractorOrganization: '春城电梯工程有限公司',
          }),
        ),
        'progress',
      );
      must(
        await motions.reportCompletion(
          director,
          id,
          finalReportSchema.parse({
            idempotencyKey: k(`${name}-complete`),
            completedOn: today(),
            summary: '电梯安装完成，经特种设备检验机构检验合格，已投入使用。',
            acceptanceRecord: '区特种设备检验所出具检验合格报告；居民代表、监督委员会参加竣工验收。',
            lines: [
              { item: '电梯设备采购', amountYuan: 285_000 },
              { item: '井道土建及基础', amountYuan: 210_000 },
              { item: '安装调试及检验', amountYuan: 98_500 },
              { item: '低层住户采光补偿', amountYuan: 16_000 },
            ],
          }),
        ),
        'completion',
      );
      await until(id, 'closed');
    }

    // ── 2. 小区停车改造: real days, the representatives' online vote open now ──
    {
      const name = 'parking';
      const r = must(
        await motions.createMotion(
          secretary,
          draft(name, {
            title: '小区停车改造',
            category: 'property_services',
            majorReasons: ['public_project', 'spending_above_threshold'],
            background: '小区现有车位180个，登记车辆260辆，消防通道常被占用。物业和业委会多次反映，居民意见集中。',
            proposalText:
              '将小区西侧闲置绿地改造为生态停车位42个，重新划定消防通道并安装智能道闸；车位实行登记轮换，收费标准另行公示。',
            estimatedCostYuan: 380_000,
            fundingSource: '社区公益金18万元，停车收费收益预支20万元',
            scope: 'community',
          }),
          opts(),
        ),
        'create',
      );
      const id = r.motionId;
      created.push({ id, title: '小区停车改造' });
      log('  · 小区停车改造');
      await propose(name, id);
      // The notices were posted on the notice board days before (recorded afterwards).
      // Far enough ahead that the meeting is still to come when a busy worker takes the notice.
      const soon = () => Date.now() + 4_000;
      let at = soon();
      await convene(name, id, 'joint_meeting', at, at - 3 * REAL_DAY_MS);
      await opinion(name, id, 'resident', '希望优先保障老人和残疾人车位。', '方案中预留了4个无障碍车位。');
      await waitUntil(at);
      await recordJoint(name, id);
      at = soon();
      await convene(name, id, 'party_members_meeting', at, at - 4 * REAL_DAY_MS);
      await waitUntil(at);
      await recordParty(name, id);
      at = soon();
      const v = await convene(name, id, 'representatives_meeting', at, at - 4 * REAL_DAY_MS);
      await waitUntil(at);
      // Some have voted; the demo `representative` and `director` logins still can.
      const others = voters.filter((u) => u !== ids.get('representative') && u !== ids.get('director'));
      for (const [i, userId] of others.slice(0, 5).entries()) await vote(name, id, v.meetingId, undefined, userId, i === 3 ? 'disagree' : 'agree');
    }

    // ── 3. 垃圾分类投放点设置: deliberating, the joint meeting noticed, residents giving opinions ──
    {
      const name = 'waste';
      const r = must(
        await motions.createMotion(
          secretary,
          draft(name, {
            title: '垃圾分类投放点设置',
            category: 'environment',
            majorReasons: ['public_project'],
            background: '按照全市生活垃圾分类要求，小区需将现有12个散落垃圾桶点位调整为4个定时定点投放点。',
            proposalText: '在小区东门、西门、中心花园北侧、8号楼南侧设置4个分类投放亭，每日7:00—9:00、18:00—20:00定时投放，其余时间设督导员。',
            estimatedCostYuan: 86_000,
            fundingSource: '街道垃圾分类专项资金',
            scope: 'community',
          }),
          opts(),
        ),
        'create',
      );
      const id = r.motionId;
      created.push({ id, title: '垃圾分类投放点设置' });
      log('  · 垃圾分类投放点设置');
      await propose(name, id);
      await convene(name, id, 'joint_meeting', earliestMeetingDay('joint_meeting', Date.now() + 1_000, resolveMotionSettings()));
      await opinion(name, id, 'resident', '8号楼南侧离住户窗户太近，夏天会有异味，建议往南移20米。', '已请物业实地测量，联席会议上一并研究。');
      await opinion(name, id, 'representative', '定时投放对上夜班的居民不方便，能否设一个24小时投放点？');
      await opinion(name, id, 'group-leader', '建议每个投放点配洗手池。');
      await opinion(name, id, 'party-member', '支持定时定点，建议党员先带头当督导员。');
    }

    // ── 4. 健身器材更新: a draft being prepared ──
    {
      const name = 'fitness';
      const r = must(
        await motions.createMotion(
          secretary,
          draft(name, {
            title: '健身器材更新',
            category: 'facilities',
            majorReasons: ['public_project'],
            background: '中心花园健身器材已使用9年，部分锈蚀松动，去年发生过一起轻微摔伤。',
            proposalText: '拆除老化器材11件，更新适老化健身器材8件并铺设防滑地垫。',
            estimatedCostYuan: 45_000,
            fundingSource: '社区惠民资金',
            scope: 'community',
          }),
          opts(),
        ),
        'create',
      );
      created.push({ id: r.motionId, title: '健身器材更新' });
      log('  · 健身器材更新');
    }

    const result = [];
    for (const m of created) result.push({ ...m, state: await stateOf(m.id) });
    return { created: true, motions: result };
  }
}

function today(): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return d.toISOString().slice(0, 10);
}
