import { ballotFormOf, ballotOf, markField, marksFrom, nextScreen, type BallotScreen } from './ballot';

const screen: BallotScreen = {
  roundNo: 1,
  roundKind: 'main',
  sections: [
    { office: 'director', seats: 1, candidates: [{ id: 'd1', name: '甲' }, { id: 'd2', name: '乙' }] },
    { office: 'member', seats: 2, candidates: [{ id: 'm1', name: '丙' }, { id: 'm2', name: '丁' }, { id: 'm3', name: '戊' }] },
  ],
};

it('reads the marks of every screen, ignores anything not on this ballot, and builds the ballot', () => {
  const f = new FormData();
  f.set(markField('director', 'd1'), 'yes');
  f.set(markField('member', 'm2'), 'no');
  f.set(markField('member', 'x'), 'yes');
  f.set(markField('member', 'm3'), 'maybe');
  const marks = marksFrom(f, screen);
  expect(marks).toEqual({ d1: 'yes', d2: 'abstain', m1: 'abstain', m2: 'no', m3: 'abstain' });
  expect(ballotOf(marks, screen)).toEqual({ director: { marks: { d1: 'yes' }, writeIns: [] }, member: { marks: { m2: 'no' }, writeIns: [] } });
});

it('reads the button, screen and round of a submitted screen; junk in them or in other fields loses no mark', () => {
  const f = new FormData();
  f.set('intent', 'next');
  f.set('step', '1');
  f.set('round', '1');
  f.set(markField('director', 'd2'), 'yes');
  f.set('mark.president.d1', 'yes');
  f.set('mark.member', 'not-an-object');
  expect(ballotFormOf(f, screen)).toEqual({ intent: 'next', step: 1, round: 1, marks: { d1: 'abstain', d2: 'yes', m1: 'abstain', m2: 'abstain', m3: 'abstain' } });
  const junk = new FormData();
  junk.set('intent', 'vote-twice');
  junk.set('step', '-3');
  junk.set('round', 'x'.repeat(50));
  junk.set(markField('member', 'm1'), 'yes');
  expect(ballotFormOf(junk, screen)).toEqual({ intent: undefined, step: 0, round: undefined, marks: { d1: 'abstain', d2: 'abstain', m1: 'yes', m2: 'abstain', m3: 'abstain' } });
});

it('moves screen by screen, keeping a voter with too many "yes" on the screen', () => {
  expect(nextScreen(screen, 0, 'next', { d1: 'yes' })).toEqual({ step: 1, marks: { d1: 'yes' } });
  expect(nextScreen(screen, 0, 'next', { d1: 'yes', d2: 'yes' })).toMatchObject({ step: 0, error: { key: 'election.errors.tooManyChoices', params: { office: 'director', seats: 1, chosen: 2 } } });
  expect(nextScreen(screen, 2, 'back', {})).toMatchObject({ step: 1 });
  expect(nextScreen(screen, 0, 'back', {})).toMatchObject({ step: 0 });
  expect(nextScreen(screen, 9, 'next', {})).toMatchObject({ step: 2 }); // the confirmation screen
});
