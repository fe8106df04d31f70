import { checkConsultationReuse, checkMayEnterPartyReview, motionConsultationGate } from './motionGate';
import { CONSULTATION_STATES, type ConsultationState } from './procedure';
import { catalogueItemSchema } from './schemas';

const mandatory = catalogueItemSchema.parse({
  code: 'FUN-01',
  title: '公益金项目安排',
  category: 'funds_projects',
  parties: ['representatives'],
  forms: ['representatives_meeting'],
  mandatory: true,
});
const optional = catalogueItemSchema.parse({
  code: 'FAC-01',
  title: '楼道照明改造',
  category: 'facilities',
  parties: ['affected_residents'],
  forms: ['online'],
  triggers: { budgetAtLeastCny: 20_000, householdsAffectedOver: 50 },
});

const before: ConsultationState[] = [
  'topic_proposed',
  'topic_published',
  'collecting',
  'meeting_scheduled',
  'meeting_held',
];
const after: ConsultationState[] = ['outcome_published', 'feedback', 'closed'];

describe('motion ↔ consultation gate', () => {
  it('lets a motion without catalogue item, opt-in or trigger go straight to party review', () => {
    expect(motionConsultationGate({ catalogueItem: null, consultationState: null, optedIn: false })).toEqual({
      decision: 'proceed',
      to: 'party_review',
      reason: 'consultation.gate.notRequired',
    });
    expect(
      motionConsultationGate({
        catalogueItem: optional,
        consultationState: null,
        optedIn: false,
        facts: { budgetCny: 5_000 },
      }).decision,
    ).toBe('proceed');
  });

  it('sends a motion on a mandatory item to consulting', () => {
    expect(
      motionConsultationGate({ catalogueItem: mandatory, consultationState: null, optedIn: false }),
    ).toEqual({
      decision: 'consult',
      to: 'consulting',
      reason: 'consultation.gate.mandatoryItem',
    });
  });

  it('sends a motion to consulting when a trigger of its item fires, saying which', () => {
    expect(
      motionConsultationGate({
        catalogueItem: optional,
        consultationState: null,
        optedIn: false,
        facts: { budgetCny: 20_000 },
      }),
    ).toEqual({
      decision: 'consult',
      to: 'consulting',
      reason: 'consultation.gate.triggerBudget',
      params: { threshold: 20_000 },
    });
    expect(
      motionConsultationGate({
        catalogueItem: optional,
        consultationState: null,
        optedIn: false,
        facts: { householdsAffected: 51 },
      }).reason,
    ).toBe('consultation.gate.triggerHouseholds');
  });

  it('sends a motion to consulting when the secretary opted in at proposal', () => {
    expect(motionConsultationGate({ catalogueItem: null, consultationState: null, optedIn: true })).toEqual({
      decision: 'consult',
      to: 'consulting',
      reason: 'consultation.gate.optedIn',
    });
  });

  it.each(before)('holds the motion while the consultation is at %s', (state) => {
    for (const input of [
      { catalogueItem: mandatory, optedIn: false },
      { catalogueItem: null, optedIn: true },
    ]) {
      expect(motionConsultationGate({ ...input, consultationState: state })).toEqual({
        decision: 'hold',
        to: null,
        reason: 'consultation.gate.awaitingOutcome',
        params: { state },
      });
      expect(checkMayEnterPartyReview({ ...input, consultationState: state })).toEqual({
        ok: false,
        key: 'consultation.gate.awaitingOutcome',
        params: { state },
      });
    }
  });

  it.each(after)('releases the motion once the consultation is at %s', (state) => {
    expect(
      motionConsultationGate({ catalogueItem: mandatory, consultationState: state, optedIn: false }),
    ).toEqual({
      decision: 'proceed',
      to: 'party_review',
      reason: 'consultation.gate.outcomePublished',
    });
    expect(
      checkMayEnterPartyReview({ catalogueItem: mandatory, consultationState: state, optedIn: false }).ok,
    ).toBe(true);
  });

  it('holds a required motion whose consultation was cancelled: it cannot skip consultation', () => {
    expect(
      motionConsultationGate({ catalogueItem: mandatory, consultationState: 'cancelled', optedIn: false }),
    ).toEqual({
      decision: 'hold',
      to: null,
      reason: 'consultation.gate.consultationCancelled',
    });
    expect(
      motionConsultationGate({ catalogueItem: null, consultationState: 'cancelled', optedIn: true }).decision,
    ).toBe('hold');
  });

  it('lets a motion whose consultation was not required proceed if that consultation is cancelled', () => {
    expect(
      motionConsultationGate({ catalogueItem: optional, consultationState: 'cancelled', optedIn: false })
        .decision,
    ).toBe('proceed');
  });

  it('awaits a linked consultation under way even where it was not required', () => {
    expect(
      motionConsultationGate({ catalogueItem: optional, consultationState: 'collecting', optedIn: false })
        .decision,
    ).toBe('hold');
  });

  it('releases exactly from outcome_published on, walking the whole procedure', () => {
    const released = CONSULTATION_STATES.filter(
      (state) =>
        motionConsultationGate({ catalogueItem: mandatory, consultationState: state, optedIn: false })
          .decision === 'proceed',
    );
    expect(released).toEqual(after);
  });
});

describe('reusing a closed consultation for a superseding motion', () => {
  const D = 1000;
  const base = {
    consultationState: 'closed' as const,
    closedAt: 0,
    supervisorConfirmedUnchanged: true,
    dayMs: D,
  };

  it('allows it within six months with a supervisor’s confirmation', () => {
    expect(checkConsultationReuse({ ...base, now: 179 * D }).ok).toBe(true);
  });

  it('refuses it after six months, without confirmation, or when not closed', () => {
    expect(checkConsultationReuse({ ...base, now: 180 * D })).toMatchObject({
      key: 'consultation.errors.reuseTooOld',
    });
    expect(checkConsultationReuse({ ...base, now: D, supervisorConfirmedUnchanged: false })).toMatchObject({
      key: 'consultation.errors.reuseNeedsSupervisor',
    });
    expect(checkConsultationReuse({ ...base, now: D, consultationState: 'feedback' as never })).toMatchObject(
      {
        key: 'consultation.errors.reuseNotClosed',
      },
    );
  });
});
