import { cadreBallotOf, carriedFields, commentField, gradeField, rateFormOf, serviceRatingsOf, subjectComplete } from './rating';

const A = '7b0c1d2e-0000-4000-8000-00000000000a';
const B = '7b0c1d2e-0000-4000-8000-00000000000b';
const cadre = { subjectIds: [A, B], criteria: 2 };
const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};

it('reads the grades of a cadre form, ignores subjects, criteria and grades not on this plan, and builds the ballot', () => {
  const r = rateFormOf(
    form([
      [gradeField(A, 0), 'good'], [gradeField(A, 1), 'poor'], [gradeField(A, 'o'), 'fair'],
      [gradeField(A, 2), 'good'], // no third criterion
      [gradeField(B, 0), 'excellent'], // not a grade
      [gradeField('someone-else', 'o'), 'poor'],
      ['intent', 'submit'], ['step', '2'],
    ]),
    cadre,
  );
  expect(r.intent).toBe('submit');
  expect(r.grades[A]).toEqual({ overall: 'fair', criteria: ['good', 'poor'] });
  expect(r.grades[B]).toEqual({ overall: undefined, criteria: [undefined, undefined] });
  expect(Object.keys(r.grades)).toEqual([A, B]);
  expect(subjectComplete(r.grades[A])).toBe(true);
  expect(subjectComplete(r.grades[B])).toBe(false);
  expect(cadreBallotOf(r, cadre).complete).toBe(false);
  // What the next screen carries: exactly the grades read, in field form.
  expect(carriedFields(r.grades)).toEqual([[gradeField(A, 0), 'good'], [gradeField(A, 1), 'poor'], [gradeField(A, 'o'), 'fair']]);
  expect(carriedFields(r.grades, A)).toEqual([]);
});

it('a complete cadre form is a complete ballot in screen order', () => {
  const fields: [string, string][] = [];
  for (const id of [B, A]) fields.push([gradeField(id, 0), 'good'], [gradeField(id, 1), 'good'], [gradeField(id, 'o'), id === A ? 'poor' : 'good']);
  const { ballot, complete } = cadreBallotOf(rateFormOf(form(fields), cadre), cadre);
  expect(complete).toBe(true);
  expect(ballot.subjects.map((s) => [s.subjectId, s.overall])).toEqual([[A, 'poor'], [B, 'good']]);
});

it('junk in the button, step or code keeps every grade; the step stays within the screens', () => {
  const r = rateFormOf(form([['intent', 'drop-table'], ['step', '9999'], ['code', 'x'.repeat(5000)], [gradeField(A, 'o'), 'good'], ['g.a..b', 'good'], ['__proto__.x', '1']]), cadre);
  expect(r.intent).toBeUndefined();
  expect(r.step).toBe(0);
  expect(r.code).toBe('');
  expect(r.grades[A]!.overall).toBe('good');
  expect(rateFormOf(form([['step', '7']]), cadre).step).toBe(2); // past the last subject: the confirmation
});

it('a household rates only the units it graded; a comment travels trimmed and is kept for the domain to judge', () => {
  const units = { subjectIds: [A, B], criteria: 0 };
  const long = '很'.repeat(400);
  const r = rateFormOf(form([[gradeField(A, 'o'), 'good'], [commentField(A), '  物业很好  '], [commentField(B), '没评等次'], ['code', 'ABCD-EFGH']]), units);
  expect(r.code).toBe('ABCD-EFGH');
  expect(serviceRatingsOf(r, units)).toEqual([{ subjectId: A, grade: 'good', comment: '物业很好' }]);
  // Too long for a rating (300): kept, so the domain schema refuses it with its message rather than the comment vanishing.
  const tooLong = rateFormOf(form([[gradeField(B, 'o'), 'fair'], [commentField(B), long]]), units);
  expect(serviceRatingsOf(tooLong, units)).toEqual([{ subjectId: B, grade: 'fair', comment: long }]);
  expect(carriedFields(r.grades)).toContainEqual([commentField(A), '物业很好']);
});
