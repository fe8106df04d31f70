/**
 * The by-election deadline (DOMAIN.md §4.7 "still unfilled", §8 #21: a vacant seat is by-elected
 * within three months) on the real servers: the roles page warns, and the street office gets its
 * reminder by SMS from the outbox — once, however often the page is read; a filled seat cancels it.
 */
import { setPersonContacts } from '../db/notify.server';
import { addDays, shanghaiDateOf } from '../domain/election/dates';
import { byElectionWarning } from './elections.server';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { until } from '../scripts/test-setup/wait';
import { notifyFrame } from '../scripts/test-setup/notify-frame';
import { testSql } from '../scripts/test-setup/services';

const sql = testSql();
const frame = notifyFrame(sql);


describe('the by-election deadline', () => {
  it('a seat vacant for over three months: the warning says overdue and the street office is told once by SMS; a seat filled since is not reminded', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const today = shanghaiDateOf(Date.now());
    const so = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: street.id }], '街道孙');
    const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const email = `so-${c.id.slice(0, 8)}@example.org`;
    await setPersonContacts(sql, { communityId: c.id, userId: so.id, name: '街道孙', phone, email });
    const members = [];
    for (let i = 0; i < 5; i++) members.push(await createUser(sql, [], `委员${i}`));
    for (const [i, m] of members.entries())
      await sql`insert into memberships (user_id, role, community_id, attrs, starts_on) values (${m.id}, 'committee_member', ${c.id}, ${sql.json({ office: i === 0 ? 'director' : 'member' })}, '2024-01-01')`;
    // One member resigned 100 days ago (the seat is vacant from the next day).
    const lastDay = addDays(today, -100);
    await sql`update memberships set ends_on = ${lastDay}, ended_at = now(), ended_by = ${so.id}, end_reason = '辞职'
              where user_id = ${members[4]!.id} and community_id = ${c.id}`;

    const deadline = await byElectionWarning(c.id);
    expect(deadline).toMatchObject({ since: addDays(lastDay, 1), status: 'overdue' });
    await byElectionWarning(c.id); // read again: nothing written twice
    const rows = await sql<{ kind: string; channel: string }[]>`select kind, channel from notify_outbox where community_id = ${c.id} order by kind, channel`;
    expect(rows.map((r) => `${r.kind}:${r.channel}`)).toEqual(['byElectionDueSoon:email', 'byElectionDueSoon:sms', 'byElectionOverdue:email', 'byElectionOverdue:sms']);
    // Email goes at once (the SMS waits out the quiet hours when the test runs at night).
    const mails = await until('the reminder emails', async () => {
      const got = frame.servers.smtp.received.filter((m) => m.to.includes(email));
      return got.length >= 2 ? got : undefined;
    });
    expect(mails.map((m) => m.subject.split('：')[0]).sort()).toEqual(['补选已逾期', '补选期限将到'].sort());
    expect(JSON.stringify(mails.map((m) => m.text))).not.toMatch(/委员\d|辞职/); // no one's name or reason
    void phone;

    // A second community whose vacancy was by-elected: no deadline, no reminder.
    const c2 = await createCommunity(sql, street.id);
    await sql`insert into memberships (user_id, role, community_id, attrs, starts_on, ends_on, ended_at, ended_by, end_reason)
              values (${members[1]!.id}, 'committee_member', ${c2.id}, ${sql.json({ office: 'member' })}, '2024-01-01', ${lastDay}, now(), ${so.id}, '辞职')`;
    await sql`insert into memberships (user_id, role, community_id, attrs, starts_on, source) values (${members[2]!.id}, 'committee_member', ${c2.id}, ${sql.json({ office: 'member' })}, ${addDays(lastDay, 30)}, 'by-election:x')`;
    await sql`insert into memberships (user_id, role, community_id, attrs, starts_on) values (${members[3]!.id}, 'committee_member', ${c2.id}, ${sql.json({ office: 'director' })}, '2024-01-01')`;
    expect(await byElectionWarning(c2.id)).toBeNull();
    expect((await sql`select 1 from notify_outbox where community_id = ${c2.id}`).length).toBe(0);
  }, 90_000);
});
