import {
  ELECTION_PHASES,
  countingOpen,
  isRunning,
  nominationOpen,
  phaseSteps,
  phaseTone,
  proxiesPhase,
  registrationOpen,
  resultPublished,
  resultsUnderObjection,
  votingCodesPhase,
  votingOpen,
  type ElectionPhase,
} from './phases';

const where = (f: (p: ElectionPhase) => boolean) => ELECTION_PHASES.filter(f);

describe('election phases', () => {
  it('answers each page question for exactly the phases the rules name', () => {
    expect(where(registrationOpen)).toEqual(['registration']);
    expect(where(nominationOpen)).toEqual(['nomination']);
    expect(where(votingOpen)).toEqual(['voting']);
    expect(where(countingOpen)).toEqual(['voting', 'counting']);
    expect(where(proxiesPhase)).toEqual(['register_published', 'nomination', 'candidates_published']);
    expect(where(votingCodesPhase)).toEqual(['candidates_published', 'voting', 'awaiting_round']);
    expect(where(resultPublished)).toEqual(['results', 'closed']);
    expect(where(resultsUnderObjection)).toEqual(['results']);
    expect(where((p) => !isRunning(p))).toEqual(['results', 'closed', 'void']);
    expect(ELECTION_PHASES.map(phaseTone)).toEqual(['live', 'live', 'live', 'live', 'live', 'live', 'live', 'live', 'good', 'over', 'over']);
  });

  it('lists the overview steps: another round counts as voting, void is no step', () => {
    const states = (p: ElectionPhase) => Object.fromEntries(phaseSteps(p).map((s) => [s.phase, s.state]));
    expect(phaseSteps('preparation').map((s) => s.phase)).toEqual(['preparation', 'registration', 'register_published', 'nomination', 'candidates_published', 'voting', 'counting', 'results', 'closed']);
    expect(states('preparation')).toMatchObject({ preparation: 'current', registration: 'upcoming', closed: 'upcoming' });
    expect(states('awaiting_round')).toMatchObject({ candidates_published: 'done', voting: 'current', counting: 'upcoming' });
    expect(states('closed')).toMatchObject({ results: 'done', closed: 'done' });
    const voided = phaseSteps('void');
    expect(voided.map((s) => s.phase)).not.toContain('closed');
    expect(voided.every((s) => s.state === 'done')).toBe(true);
  });
});
