/**
 * Shared by the motion integration tests and scripts/record-histories.ts: a community with one
 * person per office, form inputs parsed by the same zod schemas the routes use, and drivers that
 * take a motion through its stages with app/motions.server.ts commands (real Temporal + PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { Sql } from '../db/client.server';
import { earliestMeetingDay, openingAfterRefusal } from '../domain/motion/deadlines';
import type { MeetingBody } from '../domain/motion/meetings';
import {
  approveDisclosureSchema,
  castVoteSchema,
  conveneMeetingSchema,
  draftMotionSchema,
  finalReportSchema,
  jointMeetingSchema,
  partyCommitteeDecisionSchema,
  partyMeetingSchema,
  progressEntrySchema,
  withdrawSchema,
} from '../domain/motion/schemas';
import { resolveMotionSettings, type MotionSettings, type MotionSettingsInput } from '../domain/motion/settings';
import type { MotionState } from '../domain/motion/stages';
import type { Role } from '../domain/roles';
import * as motions from '../app/motions.server';
import type { Caller, CommandResult } from '../app/motions.server';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { sleep, until } from '../scripts/test-setup/wait';

export const key = () => randomUUID().replace(/-/g, '');
export { sleep };

/** Fast periods: one "day" per `dayMs`; shortest notices the settings allow. */
export function fastSettings(dayMs: number, over: MotionSettingsInput = {}): MotionSettingsInput {
  return {
    dayMs,
    noticeDays: { joint_meeting: 1, party_members_meeting: 3, representatives_meeting: 3, residents_meeting: 3 },
    votingWindowDays: 3,
    ...over,
  };
}

type Person = { id: string; username?: string; caller: Caller };

export type TestCommunity = {
  id: string;
  slug: string;
  streetId: string;
  secretary: Person;
  partyCommittee: Person[];
  director: Person;
  committee: Person[];
  representatives: Person[];
  partyMembers: Person[];
  resident: Person;
  supervisor: Person;
  street: Person;
  /** Everyone on the representatives' meeting roster (committee + representatives). */
  voters: Person[];
};

async function person(
  sql: Sql,
  c: { id: string; streetId: string },
  grants: { role: Role; attrs?: Record<string, unknown> }[],
  name: string,
): Promise<Person> {
  const u = await createUser(
    sql,
    grants.map((g) => ({ ...g, communityId: c.id, streetOfficeId: c.streetId })),
    name,
  );
  return { id: u.id, username: u.username, caller: { userId: u.id, displayName: name, roles: grants.map((g) => g.role).sort(), communityId: c.id } };
}

/**
 * A community with: a party secretary (also a full party member), 2 party committee members, a
 * director and 2 committee members, 3 representatives, 2 more full party members, a resident, a
 * supervisor and a street-office admin. Party committee = 3, joint meeting = 6, representatives'
 * meeting = 6, party members = 3.
 */
export async function setupCommunity(sql: Sql): Promise<TestCommunity> {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const secretary = await person(sql, c, [{ role: 'party_secretary' }, { role: 'party_member', attrs: { full_member: true } }], '王书记');
  const partyCommittee = [
    await person(sql, c, [{ role: 'party_committee_member' }, { role: 'party_member', attrs: { full_member: true } }], '李委员'),
    await person(sql, c, [{ role: 'party_committee_member' }, { role: 'party_member', attrs: { full_member: true } }], '赵委员'),
  ];
  const director = await person(sql, c, [{ role: 'committee_member', attrs: { office: 'director' } }], '张主任');
  const committee = [
    await person(sql, c, [{ role: 'committee_member', attrs: { office: 'member' } }], '刘委员'),
    await person(sql, c, [{ role: 'committee_member', attrs: { office: 'member' } }], '陈委员'),
  ];
  const representatives = [
    await person(sql, c, [{ role: 'resident_representative' }, { role: 'resident' }], '周代表'),
    await person(sql, c, [{ role: 'resident_representative' }, { role: 'resident' }], '吴代表'),
    await person(sql, c, [{ role: 'resident_representative' }, { role: 'resident' }], '郑代表'),
  ];
  const resident = await person(sql, c, [{ role: 'resident' }], '孙居民');
  const supervisor = await person(sql, c, [{ role: 'supervisor', attrs: { is_chair: true } }, { role: 'resident' }], '钱监督');
  const street_ = await person(sql, c, [{ role: 'street_office_admin' }], '街道孙');
  return {
    id: c.id,
    slug: c.slug,
    streetId: c.streetId,
    secretary,
    partyCommittee,
    director,
    committee,
    representatives,
    partyMembers: [secretary, ...partyCommittee],
    resident,
    supervisor,
    street: street_,
    voters: [director, ...committee, ...representatives],
  };
}

export const partyCommitteeOf = (c: TestCommunity) => [c.secretary, ...c.partyCommittee];
export const jointOf = (c: TestCommunity) => [c.secretary, ...c.partyCommittee, c.director, ...c.committee];

/** A draft as the form would submit it. */
export function draftInput(over: Record<string, unknown> = {}) {
  return draftMotionSchema.parse({
    idempotencyKey: key(),
    title: '3号楼加装电梯',
    category: 'facilities',
    majorReasons: ['public_project', 'spending_above_threshold'],
    background: '3号楼住户多为老年人，上下楼困难，已征求本楼住户意见。',
    proposalText: '在3号楼东侧加装一部电梯，费用由政府补贴和住户分摊。',
    estimatedCostYuan: 600_000,
    fundingSource: '区财政补贴与住户分摊',
    scope: 'buildings',
    scopeDetail: '3号楼',
    consultOptIn: false,
    resolutionBody: 'representatives_meeting',
    ...over,
  });
}

export function expectOk<T>(r: CommandResult<T>): asserts r is { ok: true } & T {
  if (!r.ok) throw new Error(`refused: ${r.key} ${JSON.stringify(r.params ?? {})}`);
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`): scripts/test-setup/wait.ts's `until`. */
export const waitFor = <T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> => until(what, fn, timeoutMs);

export async function stateOf(sql: Sql, motionId: string): Promise<MotionState> {
  const [r] = await sql<{ state: MotionState }[]>`select state from motions where id = ${motionId}`;
  return r!.state;
}

export const waitForState = (sql: Sql, motionId: string, state: MotionState, timeoutMs = 30_000) =>
  waitFor(async () => (await stateOf(sql, motionId)) === state, timeoutMs, `state ${state}`);

/** The earliest meeting time the notice rules allow for a notice given a little after now. */
export function earliestOpening(body: MeetingBody, settings: MotionSettings, marginMs = 300): number {
  return earliestMeetingDay(body, Date.now() + marginMs, settings);
}

export class MotionDriver {
  readonly settings: MotionSettings;
  motionId = '';
  /** Convene with a notice recorded as posted long ago, so meetings open at once (tests that are not about notices). */
  quickNotices = false;
  constructor(
    readonly sql: Sql,
    readonly c: TestCommunity,
    readonly taskQueue: string,
    readonly settingsInput: MotionSettingsInput,
    readonly historyLimit?: number,
  ) {
    this.settings = resolveMotionSettings(settingsInput);
  }

  async create(over: Record<string, unknown> = {}): Promise<string> {
    const r = await motions.createMotion(this.c.secretary.caller, draftInput(over), {
      taskQueue: this.taskQueue,
      settings: this.settingsInput,
      ...(this.historyLimit ? { historyLimit: this.historyLimit } : {}),
    });
    expectOk(r);
    this.motionId = r.motionId;
    return r.motionId;
  }

  async propose(agree = 3) {
    const pc = partyCommitteeOf(this.c);
    const r = await motions.recordPartyCommitteeDecision(
      this.c.secretary.caller,
      this.motionId,
      partyCommitteeDecisionSchema.parse({
        idempotencyKey: key(),
        heldOn: '2026-11-20',
        attendeeIds: pc.map((p) => p.id),
        votes: pc.map((p, i) => ({ personId: p.id, choice: i < agree ? 'agree' : 'disagree' })),
        minutes: '党组织委员会讨论同意提出本议题。',
      }),
    );
    expectOk(r);
    return r;
  }

  /** Convenes a meeting at the earliest allowed time (or `opensAt`), returns the receipt and time. */
  async convene(body: MeetingBody, o: { online?: boolean; opensAt?: number; noticeAt?: number; as?: Caller } = {}) {
    const first = await this.conveneOnce(body, o);
    // On a busy machine a "day" may end between choosing the date and the workflow receiving the
    // notice; a secretary then takes the earliest date the refusal offers, and so does the test.
    const later = o.opensAt === undefined && o.noticeAt === undefined ? openingAfterRefusal(first.r, first.opensAt, this.settings.dayMs) : undefined;
    return later === undefined ? first : this.conveneOnce(body, { ...o, opensAt: later });
  }

  private async conveneOnce(body: MeetingBody, o: { online?: boolean; opensAt?: number; noticeAt?: number; as?: Caller }) {
    const quick = this.quickNotices && o.opensAt === undefined && o.noticeAt === undefined;
    const opensAt = o.opensAt ?? (quick ? Date.now() + 400 : earliestOpening(body, this.settings));
    if (quick) o = { ...o, noticeAt: Date.now() - 12 * this.settings.dayMs };
    const form = conveneMeetingSchema.parse({
      idempotencyKey: key(),
      body,
      opensAt: '2026-11-25T10:00',
      online: o.online ?? false,
      ...(o.online ? {} : { location: '社区议事厅' }),
      agenda: '审议加装电梯方案',
      channels: ['notice_board', 'app'],
      ...(body === 'party_members_meeting' ? { materialsRef: 'DY-2026-01' } : {}),
      ...(body === 'residents_meeting' ? { mode: 'households' } : {}),
    });
    const caller =
      o.as ?? (body === 'representatives_meeting' || body === 'residents_meeting' ? this.c.director.caller : this.c.secretary.caller);
    const r = await motions.conveneMeeting(caller, this.motionId, {
      ...form,
      opensAt,
      ...(o.noticeAt !== undefined ? { noticeAt: o.noticeAt } : {}),
    });
    return { r, opensAt };
  }

  async untilOpen(opensAt: number) {
    const wait = opensAt - Date.now() + 20;
    if (wait > 0) await sleep(wait);
  }

  jointMinutes(conclusion: 'agree' | 'revise' | 'reject', amendments?: string) {
    const people = jointOf(this.c);
    return jointMeetingSchema.parse({
      idempotencyKey: key(),
      heldOn: '2026-11-25',
      attendeeIds: people.map((p) => p.id),
      votes: people.map((p) => ({ personId: p.id, choice: conclusion === 'agree' ? 'agree' : 'disagree' })),
      minutes: '两委联席会议讨论。',
      opinions: '多数成员认为方案可行，个别成员担心噪音。',
      ...(amendments ? { amendments } : {}),
      conclusion,
    });
  }

  async holdJoint(conclusion: 'agree' | 'revise' | 'reject' = 'agree') {
    const { r, opensAt } = await this.convene('joint_meeting');
    expectOk(r);
    await this.untilOpen(opensAt);
    const rec = await motions.recordJointMeeting(this.c.secretary.caller, this.motionId, this.jointMinutes(conclusion));
    expectOk(rec);
    return r.meetingId;
  }

  partyMinutes(yes = 3) {
    return partyMeetingSchema.parse({
      idempotencyKey: key(),
      heldOn: '2026-11-28',
      fullMembers: 3,
      present: 3,
      yes,
      no: 3 - yes,
      abstain: 0,
      minutes: '党员大会审议。',
      scanRef: 'scan-001',
    });
  }

  async holdPartyMeeting(yes = 3) {
    const { r, opensAt } = await this.convene('party_members_meeting');
    expectOk(r);
    await this.untilOpen(opensAt);
    const rec = await motions.recordPartyMeeting(this.c.secretary.caller, this.motionId, this.partyMinutes(yes));
    expectOk(rec);
    return r.meetingId;
  }

  /** Schedules the representatives' online vote; returns the question id and the window. */
  async scheduleVote(o: { noticeAt?: number; opensAt?: number } = {}) {
    const { r, opensAt } = await this.convene('representatives_meeting', { online: true, ...o });
    expectOk(r);
    return { questionId: r.meetingId, opensAt, closesAt: opensAt + this.settings.votingWindowDays * this.settings.dayMs };
  }

  vote(p: Person, questionId: string, choice: 'agree' | 'disagree' | 'abstain' = 'agree', idempotencyKey = key()) {
    return motions.castVote(p.caller, this.motionId, castVoteSchema.parse({ idempotencyKey, questionId, choice, confirmed: true }));
  }

  progress(amountYuan: number, idempotencyKey = key()) {
    return motions.recordProgress(
      this.c.committee[0]!.caller,
      this.motionId,
      progressEntrySchema.parse({
        idempotencyKey,
        date: '2026-12-10',
        work: '电梯井道施工完成',
        amountYuan,
        contractorOrganization: '某某电梯工程有限公司',
      }),
    );
  }

  complete(lines: { item: string; amountYuan: number }[]) {
    return motions.reportCompletion(
      this.c.director.caller,
      this.motionId,
      finalReportSchema.parse({
        idempotencyKey: key(),
        completedOn: '2027-01-15',
        summary: '电梯安装完成并通过验收，投入使用。',
        acceptanceRecord: '特种设备检验合格，居民代表参加验收。',
        lines,
      }),
    );
  }

  withdraw(reason = '情况变化，暂缓实施') {
    return motions.withdraw(
      this.c.secretary.caller,
      this.motionId,
      withdrawSchema.parse({ idempotencyKey: key(), reason, partyCommitteeDecisionRef: 'DW-2026-07' }),
    );
  }

  /** The review status of the disclosure waiting for publication, as the read model has it. */
  async reviewStatus(): Promise<string | undefined> {
    const [r] = await this.sql<{ status: string | null }[]>`
      select snapshot->'disclosure'->'review'->>'status' as status from motions where id = ${this.motionId}`;
    return r?.status ?? undefined;
  }

  /**
   * A supervisor approves the disclosure waiting for review (§3.7.3, decision 074), once the motion
   * has entered a disclosure state; the system then publishes it.
   */
  async approveDisclosure(remark?: string) {
    await waitFor(async () => (await this.reviewStatus()) === 'pending', 30_000, 'disclosure awaiting review');
    const r = await motions.approveDisclosure(
      this.c.supervisor.caller,
      this.motionId,
      approveDisclosureSchema.parse({ idempotencyKey: key(), ...(remark ? { remark } : {}) }),
    );
    expectOk(r);
    return r;
  }

  /** draft → resolving: party committee, joint meeting (agree), party members' meeting. */
  async toResolving() {
    await this.propose();
    await this.holdJoint('agree');
    await this.holdPartyMeeting();
    await waitForState(this.sql, this.motionId, 'resolving');
  }
}

// ─── Recorded histories (workflows/__histories__) ───────────────────────────────────────────────
// Canonical proto3 JSON, as Temporal's CLI and UI read and write it. The SDK's own historyToJSON /
// historyFromJSON fail in this install (two copies of protobufjs: "type must be a Type"), so the
// conversion uses the protobufjs copy that @temporalio/proto itself loads.

const requireHere = createRequire(import.meta.url);
function historyType() {
  const protoRequire = createRequire(requireHere.resolve('@temporalio/proto'));
  const protojson = protoRequire('protobufjs/ext/protojson') as {
    fromJson: (type: unknown, json: unknown, opts?: unknown) => unknown;
    toJson: (type: unknown, message: unknown) => unknown;
  };
  const { patchProtobufRoot } = requireHere('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot: (root: unknown) => { lookupType: (name: string) => { fromObject: (o: unknown) => unknown } };
  };
  const type = patchProtobufRoot(requireHere('@temporalio/proto')).lookupType('temporal.api.history.v1.History');
  return { type, ...protojson };
}

/** A fetched history as canonical JSON. */
export function historyToJson(history: unknown): unknown {
  const { type, toJson } = historyType();
  return toJson(type, type.fromObject(history));
}

/** A JSON history file as the History object `Worker.runReplayHistories` takes. */
export function historyFromJson(json: unknown): History {
  const { type, fromJson } = historyType();
  return fromJson(type, json, { ignoreUnknownFields: true }) as History;
}
