/** Shared set-up of the consultation procedure's tests: a one-second day, the actors, a catalogue item, and snapshots at each stage. */
import { DomainError } from '../errors';
import type { Actor } from './catalogue';
import { applyConsultationCommand, dayStart, proposeTopic, type ConsultationClock, type ConsultationCommand, type ConsultationSnapshot } from './procedure';
import { catalogueItemSchema, type ConsultationPeriods } from './schemas';

// A day lasts one second here, so a whole consultation runs in "seconds".
export const D = 1000;
/** 00:00 (scaled Asia/Shanghai) of day 0. */
const T0 = dayStart(1_000_000, D);
export const at = (day: number, ms = 0) => T0 + day * D + ms;
export const clock = (now: number, periods?: Partial<ConsultationPeriods>): ConsultationClock => ({
  now,
  dayMs: D,
  periods,
});

export const secretary: Actor = { id: 'sec', roles: ['party_secretary', 'party_member'] };
export const member: Actor = { id: 'mem', roles: ['committee_member'] };
export const resident: Actor = { id: 'res-1', roles: ['resident'] };
export const representative: Actor = { id: 'rep-1', roles: ['resident', 'resident_representative'] };
export const supervisor: Actor = { id: 'sup', roles: ['supervisor'] };
export const street: Actor = { id: 'street', roles: ['street_office_admin'] };

export const sortingItem = catalogueItemSchema.parse({
  code: 'ENV-01',
  title: '垃圾分类投放点设置',
  category: 'environment',
  scope: 'groups',
  parties: ['affected_residents', 'property_company'],
  forms: ['building_consultation', 'dialogue'],
  mandatory: true,
});

export function open(item = sortingItem, proposer: Actor = secretary): ConsultationSnapshot {
  return proposeTopic({
    id: 'k1',
    communityId: 'c1',
    proposer,
    title: '3号楼垃圾投放点搬迁',
    description: '投放点离住户窗户太近，拟搬到自行车棚旁。',
    item,
    catalogueVersion: 1,
    motionId: 'm1',
    now: at(0, 100),
  });
}

/** Applies commands in order, each at its own time. */
export function run(
  s: ConsultationSnapshot,
  steps: [Actor, ConsultationCommand, number][],
  periods?: Partial<ConsultationPeriods>,
) {
  return steps.reduce(
    (acc, [actor, cmd, now]) => applyConsultationCommand(acc, actor, cmd, clock(now, periods)),
    s,
  );
}

export const parties: ConsultationCommand = {
  action: 'fixParties',
  parties: [
    { type: 'affected_residents', name: '3号楼居民' },
    { type: 'property_company', name: '安居物业公司' },
  ],
};

/** Topic published at day 0 +200 ms, collecting from day 0 +300 ms. */
export function collecting(item = sortingItem) {
  return run(open(item), [
    [member, parties, at(0, 150)],
    [member, { action: 'publishTopic' }, at(0, 200)],
    [member, { action: 'openCollection' }, at(0, 300)],
  ]);
}

export function expectRefusal(fn: () => unknown, key: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).key).toBe(key);
    return e as DomainError;
  }
  throw new Error(`expected refusal ${key}`);
}


export function heldMeeting(): ConsultationSnapshot {
  return run(collecting(), [
    [
      member,
      { action: 'scheduleMeeting', meetingAt: at(9), form: 'building_consultation', place: '3号楼前' },
      at(8),
    ],
    [
      member,
      { action: 'recordMeeting', attendees: 12, positions: [{ party: '3号楼居民', position: '同意' }] },
      at(9, 100),
    ],
  ]);
}
