import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { consultationActionFormSchema } from './forms';

const post = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return parseWithZod(f, { schema: consultationActionFormSchema });
};
/** The field errors of a refused form (an accepted one has none). */
const errorsOf = (entries: [string, string][]) => {
  const s = post(entries);
  return s.status === 'error' ? s.error : null;
};

describe('consultation page forms → commands', () => {
  it('fixParties keeps the parties that were named and drops the empty ones', () => {
    const s = post([
      ['action', 'fixParties'],
      ['parties[0].type', 'affected_residents'],
      ['parties[0].name', ' 3号楼居民 '],
      ['parties[1].type', 'property_company'],
      ['parties[1].name', ''],
    ]);
    expect(s.status).toBe('success');
    expect(s.status === 'success' && s.value).toEqual({ action: 'fixParties', parties: [{ type: 'affected_residents', name: '3号楼居民' }] });
  });

  it('fixParties with no name at all is refused on the parties field; an over-long name on its own field', () => {
    const none = errorsOf([['action', 'fixParties'], ['parties[0].type', 'affected_residents'], ['parties[0].name', '']]);
    expect(none).not.toBeNull();
    expect(none?.parties).toEqual(['consultation.errors.partiesRequired']);
    const long = errorsOf([['action', 'fixParties'], ['parties[0].type', 'affected_residents'], ['parties[0].name', '长'.repeat(81)]]);
    expect(long?.['parties[0].name']).toEqual(['consultation.errors.textTooLong']);
  });

  it('scheduleMeeting reads the datetime-local value as Asia/Shanghai time', () => {
    const s = post([['action', 'scheduleMeeting'], ['meetingAt', '2027-03-01T19:30'], ['form', 'consultation_meeting'], ['place', '活动室']]);
    expect(s.status === 'success' && s.value).toEqual({ action: 'scheduleMeeting', meetingAt: Date.UTC(2027, 2, 1, 11, 30), form: 'consultation_meeting', place: '活动室' });
    const bad = errorsOf([['action', 'scheduleMeeting'], ['meetingAt', '2027-02-30T19:30'], ['form', 'consultation_meeting'], ['place', '活动室']]);
    expect(bad?.meetingAt).toEqual(['consultation.errors.meetingTimeRequired']);
  });

  it('recordMeeting: positions left empty are dropped; three empty straw-poll boxes mean no straw poll', () => {
    const s = post([
      ['action', 'recordMeeting'],
      ['attendees', '18'],
      ['positions[0].party', '3号楼居民'],
      ['positions[0].position', '同意'],
      ['positions[1].party', '春晖物业'],
      ['positions[1].position', ''],
      ['strawPoll.yes', ''],
      ['strawPoll.no', ''],
      ['strawPoll.abstain', ''],
    ]);
    expect(s.status === 'success' && s.value).toEqual({
      action: 'recordMeeting',
      attendees: 18,
      positions: [{ party: '3号楼居民', position: '同意' }],
      agreements: '',
      disagreements: '',
    });
    const poll = errorsOf([['action', 'recordMeeting'], ['attendees', '18'], ['positions[0].party', 'A'], ['positions[0].position', 'x'], ['strawPoll.yes', '3'], ['strawPoll.no', '-1'], ['strawPoll.abstain', '0']]);
    expect(poll?.['strawPoll.no']).toEqual(['consultation.errors.strawPollInvalid']);
    const nobody = errorsOf([['action', 'recordMeeting'], ['attendees', '0'], ['positions[0].party', 'A'], ['positions[0].position', '']]);
    expect(nobody?.attendees).toEqual(['consultation.errors.attendeesInvalid']);
    expect(nobody?.positions).toEqual(['consultation.errors.positionsRequired']);
  });

  it('reportFeedback reads the checkbox; an unknown action is refused', () => {
    const s = post([['action', 'reportFeedback'], ['text', '已完成'], ['final', 'on']]);
    expect(s.status === 'success' && s.value).toEqual({ action: 'reportFeedback', text: '已完成', final: true });
    expect(post([['action', 'dropTables']]).status).toBe('error');
  });
});
