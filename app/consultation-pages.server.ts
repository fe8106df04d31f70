/** What the consultation pages read: the list, a consultation's page for its organizers, the public pages. */
import * as q from '../db/consultations.server';
import { db } from '../db/client.server';
import { CONSULTATION_TRANSITIONS, mayReadAttributedOpinions, nextActions, publicOpinions, rolesFor, type ConsultationSnapshot } from '../domain/consultation';
import { hasAnyRole } from '../domain/roles';
import { type Caller } from './consultation-access.server';

// ─── Pages ────────────────────────────────────────────────────────────────────────────────────

export async function consultationList(communityId: string) {
  const rows = await q.consultationsOf(db(), communityId);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    itemCode: r.snapshot.item?.code ?? null,
    motionId: r.motionId,
    isPublic: r.snapshot.topicPublishedAt !== null,
    createdAt: new Date(r.createdAt).getTime(),
    outcomePublishedAt: r.outcomePublishedAt ? new Date(r.outcomePublishedAt).getTime() : null,
  }));
}

/** The internal page: the snapshot with opinions (attributed only for those who may read them) and next actions. */
export async function consultationPage(caller: Caller, consultationId: string) {
  const sql = db();
  const row = await q.consultationById(sql, caller.communityId, consultationId);
  if (!row) return undefined;
  const [opinions, events, codes] = await Promise.all([
    q.opinionsOf(sql, row.id),
    q.eventsOf(sql, row.id),
    q.accessCodeCounts(sql, row.id),
  ]);
  const snapshot: ConsultationSnapshot = { ...row.snapshot, opinions };
  const clock = { now: Date.now(), dayMs: row.dayMs, periods: row.periods };
  const attributed = mayReadAttributedOpinions([...caller.roles]);
  const mine = opinions.filter((o) => o.authorId === caller.userId);
  return {
    row: { ...row, createdAt: new Date(row.createdAt).getTime() },
    snapshot: { ...row.snapshot },
    actions: nextActions(snapshot, [...caller.roles], clock),
    opinionsOpen:
      row.state === 'collecting' &&
      row.opinionsCloseAt !== null &&
      new Date(row.opinionsCloseAt).getTime() > Date.now(),
    opinionsCloseAt: row.opinionsCloseAt ? new Date(row.opinionsCloseAt).getTime() : null,
    mayLeaveOpinion: hasAnyRole(caller.roles, rolesFor('residents', null)),
    mayAnswer: hasAnyRole(caller.roles, rolesFor('committee', row.snapshot.item)) &&
      (CONSULTATION_TRANSITIONS.answerOpinion.from as readonly string[]).includes(row.state),
    mayIssueCodes: hasAnyRole(caller.roles, rolesFor('organizer', row.snapshot.item)) && q.CODE_STATES.includes(row.state),
    opinions: attributed
      ? opinions.map((o) => ({ ...o, authorName: o.viaCode ? null : o.authorName }))
      : null,
    publicOpinions: publicOpinions(opinions, row.dayMs),
    myOpinions: mine.map((o) => ({ id: o.id, text: o.text, submittedAt: o.submittedAt, answer: o.answer?.text ?? null })),
    events: events.map((e) => ({ ...e, at: new Date(e.at).getTime() })),
    codes,
    dayMs: row.dayMs,
    periods: row.periods,
  };
}

/** The public page: topic, parties, meeting summary, anonymous opinions with answers, outcome. */
export async function publicConsultation(communityId: string, consultationId: string) {
  const sql = db();
  const row = await q.consultationById(sql, communityId, consultationId);
  // The public sees a consultation once its topic is published (§5.2 step 3).
  if (!row || row.snapshot.topicPublishedAt === null) return undefined;
  const opinions = await q.opinionsOf(sql, row.id);
  const s = row.snapshot;
  const outcome = s.outcomePublishedAt !== null ? s.outcomeDrafts[s.outcomeDrafts.length - 1] : undefined;
  return {
    id: row.id,
    number: row.number,
    title: s.title,
    description: s.description,
    origin: s.origin,
    state: s.state,
    item: s.item ? { code: s.item.code, title: s.item.title, category: s.item.category } : null,
    catalogueVersion: s.catalogueVersion,
    parties: s.parties,
    topicPublishedAt: s.topicPublishedAt,
    opinionsOpenAt: row.opinionsOpenAt ? new Date(row.opinionsOpenAt).getTime() : null,
    opinionsCloseAt: row.opinionsCloseAt ? new Date(row.opinionsCloseAt).getTime() : null,
    opinionsOpen:
      row.state === 'collecting' && row.opinionsCloseAt !== null && new Date(row.opinionsCloseAt).getTime() > Date.now(),
    meeting: s.meeting ? { at: s.meeting.at, form: s.meeting.form, place: s.meeting.place } : null,
    meetingRecord: s.meetingRecord
      ? {
          attendees: s.meetingRecord.attendees,
          positions: s.meetingRecord.positions,
          agreements: s.meetingRecord.agreements,
          disagreements: s.meetingRecord.disagreements,
          strawPoll: s.meetingRecord.strawPoll ?? null,
        }
      : null,
    outcome: outcome ? { text: outcome.text, publishedAt: s.outcomePublishedAt!, reviewed: s.outcomeReviewed === true } : null,
    feedback: s.outcomePublishedAt !== null ? s.feedback.map((f) => ({ text: f.text, final: f.final, reportedAt: f.reportedAt })) : [],
    opinions: publicOpinions(opinions, row.dayMs),
    closedAt: s.closedAt,
    cancelledAt: s.cancelledAt,
    cancelReason: s.cancelReason,
  };
}

/** Consultations the public may see (topic published), newest first. */
export async function publicConsultationList(communityId: string) {
  return (await consultationList(communityId)).filter((c) => c.isPublic);
}
