/**
 * Demo motions for 春晖社区 (`npm start`, first run): one closed with its results disclosed, one with
 * the representatives' online vote open, one in deliberation with residents' opinions, one draft.
 * Everything goes through app/motions.server.ts against a running worker, as the web would do it.
 *
 * The closed one runs with fast per-motion settings (a "day" of 600 ms) so that it finishes within
 * seconds of the first start; the others keep real days, their meetings' notices recorded as posted
 * on the notice board days before (so the vote can be open today).
 *
 * Needs DATABASE_URL (or `sql`, used for everything here) and TEMPORAL_ADDRESS for the Temporal
 * client, and a worker polling `taskQueue` (default: the app's task queue). The steps themselves are
 * db/seed-motions-kit.server.ts's.
 */
import * as motions from '../app/motions.server';
import { REAL_DAY_MS } from '../domain/calendar';
import { earliestMeetingDay } from '../domain/motion/deadlines';
import { finalReportSchema, progressEntrySchema } from '../domain/motion/schemas';
import { resolveMotionSettings, type MotionSettingsInput } from '../domain/motion/settings';
import type { MotionState } from '../domain/motion/stages';
import { DemoMotions, k, today, type SeedOptions } from './seed-motions-kit.server';

export async function seedDemoMotions(o: SeedOptions): Promise<{ created: boolean; motions: { id: string; title: string; state: MotionState }[] }> {
  const [existing] = await o.sql`select 1 from motions where community_id = ${o.communityId} limit 1`;
  if (existing) return { created: false, motions: [] };
  const m = await DemoMotions.open(o);
  motions.useMotionsDatabase(o.sql);
  try {
    await lift(m);
    await parking(m);
    await waste(m);
    await fitness(m);
    const result = [];
    for (const c of m.created) result.push({ ...c, state: await m.stateOf(c.id) });
    return { created: true, motions: result };
  } finally {
    motions.useMotionsDatabase(undefined);
  }
}

/** 1号楼加装电梯: the whole process, fast days, closed with results disclosed. */
async function lift(m: DemoMotions) {
  const name = 'lift';
  // A day of 600 ms: the seven-day vote is 4 s, long enough for every vote on a busy two-core machine.
  const fast: MotionSettingsInput = {
    dayMs: 600,
    noticeDays: { joint_meeting: 1, party_members_meeting: 3, representatives_meeting: 3, residents_meeting: 3 },
    votingWindowDays: 7,
  };
  const settings = resolveMotionSettings(fast);
  const id = await m.create(
    name,
    {
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
    },
    fast,
  );
  await m.propose(name, id);
  const joint = await m.convene(name, id, 'joint_meeting', earliestMeetingDay('joint_meeting', Date.now() + 200, settings));
  await m.opinion(name, id, 'resident', '支持加装电梯，老人上下楼太难了。希望施工期间保证楼道通行。', '施工期间会保留一侧楼道通行，并安排专人引导。');
  await m.opinion(name, id, 'group-leader', '低层住户的采光补偿要写清楚。', '补偿标准已写入方案，将在表决前公示。');
  await m.waitUntil(joint.opensAt);
  await m.recordJoint(name, id);
  const party = await m.convene(name, id, 'party_members_meeting', earliestMeetingDay('party_members_meeting', Date.now() + 200, settings));
  await m.waitUntil(party.opensAt);
  await m.recordParty(name, id);
  const v = await m.convene(name, id, 'representatives_meeting', earliestMeetingDay('representatives_meeting', Date.now() + 200, settings));
  await m.waitUntil(v.opensAt);
  for (const [i, userId] of m.bodies.voters.entries()) await m.vote(name, id, v.meetingId, userId, i === 1 ? 'abstain' : i === 2 ? 'disagree' : 'agree');
  await m.approveDisclosure(name, id, 'resolution', '表决程序和公开内容经核对无误。');
  await m.until(id, 'implementing');
  m.must(
    await motions.recordProgress(
      m.director,
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
  m.must(
    await motions.reportCompletion(
      m.director,
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
  await m.approveDisclosure(name, id, 'result');
  await m.until(id, 'closed');
}

/** 小区停车改造: real days, the representatives' online vote open now. */
async function parking(m: DemoMotions) {
  const name = 'parking';
  const id = await m.create(name, {
    title: '小区停车改造',
    category: 'property_services',
    majorReasons: ['public_project', 'spending_above_threshold'],
    background: '小区现有车位180个，登记车辆260辆，消防通道常被占用。物业和业委会多次反映，居民意见集中。',
    proposalText: '将小区西侧闲置绿地改造为生态停车位42个，重新划定消防通道并安装智能道闸；车位实行登记轮换，收费标准另行公示。',
    estimatedCostYuan: 380_000,
    fundingSource: '社区公益金18万元，停车收费收益预支20万元',
    scope: 'community',
  });
  await m.propose(name, id);
  // The notices were posted on the notice board days before (recorded afterwards).
  // Far enough ahead that the meeting is still to come when a busy worker takes the notice.
  const soon = () => Date.now() + 4_000;
  let at = soon();
  await m.convene(name, id, 'joint_meeting', at, at - 3 * REAL_DAY_MS);
  await m.opinion(name, id, 'resident', '希望优先保障老人和残疾人车位。', '方案中预留了4个无障碍车位。');
  await m.waitUntil(at);
  await m.recordJoint(name, id);
  at = soon();
  await m.convene(name, id, 'party_members_meeting', at, at - 4 * REAL_DAY_MS);
  await m.waitUntil(at);
  await m.recordParty(name, id);
  at = soon();
  const v = await m.convene(name, id, 'representatives_meeting', at, at - 4 * REAL_DAY_MS);
  await m.waitUntil(at);
  // Some have voted; the demo `representative` and `director` logins still can.
  const others = m.bodies.voters.filter((u) => u !== m.idOf('representative') && u !== m.idOf('director'));
  for (const [i, userId] of others.slice(0, 5).entries()) await m.vote(name, id, v.meetingId, userId, i === 3 ? 'disagree' : 'agree');
}

/** 垃圾分类投放点设置: deliberating, the joint meeting noticed, residents giving opinions. */
async function waste(m: DemoMotions) {
  const name = 'waste';
  const id = await m.create(name, {
    title: '垃圾分类投放点设置',
    category: 'environment',
    majorReasons: ['public_project'],
    background: '按照全市生活垃圾分类要求，小区需将现有12个散落垃圾桶点位调整为4个定时定点投放点。',
    proposalText: '在小区东门、西门、中心花园北侧、8号楼南侧设置4个分类投放亭，每日7:00—9:00、18:00—20:00定时投放，其余时间设督导员。',
    estimatedCostYuan: 86_000,
    fundingSource: '街道垃圾分类专项资金',
    scope: 'community',
  });
  await m.propose(name, id);
  await m.convene(name, id, 'joint_meeting', earliestMeetingDay('joint_meeting', Date.now() + 1_000, resolveMotionSettings()));
  await m.opinion(name, id, 'resident', '8号楼南侧离住户窗户太近，夏天会有异味，建议往南移20米。', '已请物业实地测量，联席会议上一并研究。');
  await m.opinion(name, id, 'representative', '定时投放对上夜班的居民不方便，能否设一个24小时投放点？');
  await m.opinion(name, id, 'group-leader', '建议每个投放点配洗手池。');
  await m.opinion(name, id, 'party-member', '支持定时定点，建议党员先带头当督导员。');
}

/** 健身器材更新: a draft being prepared. */
async function fitness(m: DemoMotions) {
  await m.create('fitness', {
    title: '健身器材更新',
    category: 'facilities',
    majorReasons: ['public_project'],
    background: '中心花园健身器材已使用9年，部分锈蚀松动，去年发生过一起轻微摔伤。',
    proposalText: '拆除老化器材11件，更新适老化健身器材8件并铺设防滑地垫。',
    estimatedCostYuan: 45_000,
    fundingSource: '社区惠民资金',
    scope: 'community',
  });
}
