/**
 * A spreadsheet bomb uploaded through the pages, on the app as `npm start` runs it: the catalogue
 * import reads in the web process (the Remix build), the voter-register import in the Temporal
 * worker process (`node --import tsx worker/main.ts`). Each is refused with its reason in words, on
 * a 360-px phone, and nothing is imported.
 */
import { expect, test } from '@playwright/test';
import { connect } from '../db/client.server';
import { runElectionUntil, syntheticVoters } from '../db/seed-elections.server';
import { bombXlsx } from '../db/spreadsheet.fixtures';
import { expectNoHorizontalScroll, signInAs, signOut } from './helpers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tag = Math.random().toString(36).slice(2, 8);
const slug = `e2e-sheet-${tag}`;
const member = `sheet-member-${tag}`;
const clerk = `sheet-clerk-${tag}`;

test('a zip bomb is refused with its reason by the catalogue import and by the voter-register import', async ({ page }) => {
  test.setTimeout(180_000);
  const sql = connect(process.env.DATABASE_URL!, 2);
  let electionId = '';
  try {
    const [street] = await sql<{ id: string }[]>`select id from street_offices where slug = 'heping'`;
    const [demo] = await sql<{ hash: string }[]>`select password_hash as hash from users where username = 'secretary'`;
    const [c] = await sql<{ id: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en) values (${street!.id}, ${slug}, '试表社区', 'Sheet Community') returning id`;
    const add = async (username: string, role: string) => {
      const id = crypto.randomUUID();
      await sql`insert into users (id, username, display_name, password_hash) values (${id}, ${username}, ${username}, ${demo!.hash})`;
      await sql`insert into memberships (user_id, role, community_id) values (${id}, ${role}, ${c!.id})`;
      return id;
    };
    await add(member, 'committee_member');
    const starter = await add(`sheet-sec-${tag}`, 'party_secretary');
    const committee = [await add(clerk, 'resident'), await add(`sheet-b-${tag}`, 'resident'), await add(`sheet-c-${tag}`, 'resident')];
    const run = await runElectionUntil(
      {
        sql,
        communityId: c!.id,
        starter: { userId: starter, roles: ['party_secretary'] },
        committee,
        clerk: { userId: committee[0]!, roles: ['resident', 'election_committee'] },
        voters: syntheticVoters(5),
        nominations: () => [],
        dayMs: 600,
        onlineVoting: false, // the community has no street-office approval for online voting
        taskQueue: process.env.MINYI_TASK_QUEUE ?? 'minyi-e2e',
      },
      'registration',
    );
    electionId = run.electionId;
  } finally {
    await sql.end();
  }
  const bomb = await bombXlsx(200);

  // The catalogue: read by the web process.
  await signInAs(page, member);
  await page.goto(`/c/${slug}/catalogue`);
  await page.getByLabel('选择文件').setInputFiles({ name: '目录.xlsx', mimeType: XLSX, buffer: bomb });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('这个文件解压后超过 64 MB，不能导入。');
  await expectNoHorizontalScroll(page);
  await signOut(page);

  // The voter register: read by the worker's import activity.
  await signInAs(page, clerk);
  await page.goto(`/c/${slug}/elections/${electionId}/register`);
  await page.getByLabel('选择文件').setInputFiles({ name: '选民名单.xlsx', mimeType: XLSX, buffer: bomb });
  await page.getByRole('button', { name: '上传并检查' }).click();
  await expect(page.getByText('这个文件解压后超过 64 MB，不能导入。')).toBeVisible({ timeout: 30_000 });
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: '回到选民名单' }).click();
  await expect(page.getByRole('heading', { name: '共 5 人' })).toBeVisible(); // only the set-up's five
});
