import {
  checkResolutionBody,
  hasAtMostTwoDecimals,
  isBudgetOverrun,
  isMajorSpending,
  reservedMatter,
  resolutionBodyFor,
  yuanToFen,
} from './matters';

describe("matters reserved to the residents' meeting (§2, edge #23)", () => {
  it('reserves the residents’ convention, recall/by-election and undelegated Art. 16 fund-raising', () => {
    expect(reservedMatter({ majorReasons: ['residents_convention'] })).toBe('residents_convention');
    expect(reservedMatter({ majorReasons: ['public_project'], recallOrByElection: true })).toBe(
      'recall_or_by_election',
    );
    expect(reservedMatter({ majorReasons: ['fund_raising'] })).toBe('fund_raising');
    expect(reservedMatter({ majorReasons: ['fund_raising'], fundRaisingDelegationRef: '  ' })).toBe('fund_raising');
    expect(reservedMatter({ majorReasons: ['fund_raising'], fundRaisingDelegationRef: '决议1号' })).toBeNull();
    expect(reservedMatter({ majorReasons: ['public_project', 'spending_above_threshold'] })).toBeNull();
  });

  it("forces the residents' meeting and refuses the representatives' meeting for them", () => {
    const convention = { majorReasons: ['residents_convention'] as const };
    expect(resolutionBodyFor(convention, 'representatives_meeting')).toBe('residents_meeting');
    expect(checkResolutionBody(convention, 'representatives_meeting')).toEqual({
      ok: false,
      key: 'motion.errors.reservedToResidentsMeeting',
      params: { matter: 'residents_convention' },
    });
    expect(checkResolutionBody(convention, 'residents_meeting').ok).toBe(true);
    expect(resolutionBodyFor({ majorReasons: ['relief_plan'] })).toBe('representatives_meeting');
  });
});

describe('money in fen', () => {
  it('converts yuan with up to two decimals exactly', () => {
    expect(yuanToFen(19_999.99)).toBe(1_999_999);
    expect(yuanToFen(0.07)).toBe(7);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(() => yuanToFen(1.005)).toThrow(RangeError);
    expect(hasAtMostTwoDecimals(1.5)).toBe(true);
    expect(hasAtMostTwoDecimals(1.555)).toBe(false);
  });

  it('treats spending above the threshold as major, at the threshold not', () => {
    expect(isMajorSpending(yuanToFen(20_000), 20_000)).toBe(false);
    expect(isMajorSpending(yuanToFen(20_000.01), 20_000)).toBe(true);
  });

  it('calls an overrun only beyond the allowed percentage (edge #14)', () => {
    expect(isBudgetOverrun(yuanToFen(50_000), yuanToFen(55_000), 10)).toBe(false);
    expect(isBudgetOverrun(yuanToFen(50_000), yuanToFen(55_000.01), 10)).toBe(true);
    expect(isBudgetOverrun(yuanToFen(50_000), yuanToFen(50_000.01), 0)).toBe(true);
  });
});
