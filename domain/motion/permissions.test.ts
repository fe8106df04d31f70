import { SYSTEM_ACTOR, holds, voteVisibility, type Actor } from './permissions';

const a = (roles: Actor['roles'], committeeOffice?: Actor['committeeOffice']): Actor => ({
  roles,
  ...(committeeOffice ? { committeeOffice } : {}),
});

describe('actors', () => {
  it('recognizes the director as a committee member with that office', () => {
    expect(holds(a(['committee_member'], 'director'), 'committee_director')).toBe(true);
    expect(holds(a(['committee_member'], 'deputy_director'), 'committee_director')).toBe(false);
    expect(holds(a(['party_secretary'], 'director'), 'committee_director')).toBe(false);
  });

  it('keeps the workflow apart from every person', () => {
    expect(holds(SYSTEM_ACTOR, 'system')).toBe(true);
    expect(holds(a(['platform_admin']), 'system')).toBe(false);
  });
});

describe('who sees named votes (§3.8)', () => {
  const resident = a(['resident']);
  const supervisor = a(['supervisor']);
  const street = a(['street_office_admin']);
  const partyMember = a(['party_member']);

  it('shows party bodies’ named votes to the party organization and oversight only', () => {
    expect(voteVisibility('party_committee', a(['party_committee_member']))).toBe('named');
    expect(voteVisibility('party_members_meeting', supervisor)).toBe('named');
    expect(voteVisibility('party_members_meeting', street)).toBe('named');
    expect(voteVisibility('party_members_meeting', partyMember)).toBe('tally');
    expect(voteVisibility('party_members_meeting', null)).toBe('tally');
    expect(voteVisibility('party_committee', resident)).toBe('outcome');
    expect(voteVisibility('joint_meeting', a(['committee_member']))).toBe('named');
    expect(voteVisibility('joint_meeting', null)).toBe('outcome');
  });

  it("shows representatives' votes by name to every logged-in resident, not to the public or the operator", () => {
    expect(voteVisibility('representatives_meeting', resident)).toBe('named');
    expect(voteVisibility('representatives_meeting', null)).toBe('tally');
    expect(voteVisibility('representatives_meeting', a(['platform_admin']))).toBe('tally');
  });

  it("never shows residents' meeting choices by name", () => {
    for (const viewer of [resident, supervisor, street, a(['party_secretary']), null]) {
      expect(voteVisibility('residents_meeting', viewer)).toBe('tally');
    }
  });
});
