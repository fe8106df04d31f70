/** The command a consultation form posts, and the Asia/Shanghai `datetime-local` reader it uses. */
import type { WorkflowCommand } from '../workflows/consultation-api';

/** A `datetime-local` value (seconds optional), read as Asia/Shanghai wall-clock time. */
export function parseShanghaiLocal(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - 8 * 3_600_000;
}

const num = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? Number.NaN : Number(v));

/**
 * The command a consultation form posts. Only shapes the fields; the content is checked by the
 * domain (Update validator), which answers with the i18n key of the first problem.
 */
export function commandFromForm(form: FormData): WorkflowCommand | null {
  const s = (k: string) => String(form.get(k) ?? '');
  switch (s('action')) {
    case 'fixParties': {
      const parties = [...form.entries()]
        .filter(([k, v]) => k.startsWith('party.') && String(v).trim() !== '')
        .map(([k, v]) => ({ type: k.slice(6) as never, name: String(v).trim() }));
      return { action: 'fixParties', parties };
    }
    case 'publishTopic':
    case 'openCollection':
    case 'publishOutcome':
    case 'startFeedback':
    case 'close':
      return { action: s('action') as 'publishTopic' };
    case 'scheduleMeeting':
      return { action: 'scheduleMeeting', meetingAt: parseShanghaiLocal(s('meetingAt')), form: s('form') as never, place: s('place') };
    case 'recordMeeting': {
      const positions: { party: string; position: string }[] = [];
      for (let i = 0; form.has(`positions.${i}.party`); i++) {
        const position = String(form.get(`positions.${i}.position`) ?? '').trim();
        if (position) positions.push({ party: String(form.get(`positions.${i}.party`)), position });
      }
      const straw = ['yes', 'no', 'abstain'].map((k) => String(form.get(`straw.${k}`) ?? '').trim());
      return {
        action: 'recordMeeting',
        attendees: num(form.get('attendees')),
        positions,
        agreements: s('agreements'),
        disagreements: s('disagreements'),
        ...(straw.some((x) => x !== '')
          ? { strawPoll: { yes: num(straw[0]!), no: num(straw[1]!), abstain: num(straw[2]!) } }
          : {}),
      };
    }
    case 'draftOutcome':
      return { action: 'draftOutcome', text: s('text') };
    case 'reviewOutcome':
      return { action: 'reviewOutcome', verdict: s('verdict') as 'approved', note: s('note') };
    case 'reportFeedback':
      return { action: 'reportFeedback', text: s('text'), final: form.get('final') === 'on' || form.get('final') === 'true' };
    case 'cancel':
      return { action: 'cancel', reason: s('reason') };
    default:
      return null;
  }
}
