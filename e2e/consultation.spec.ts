/**
 * 协商 journeys at 360 px, on the practice community 演练社区 (`yanlian`, one day = one second,
 * seeded by db/seed-consultations.server.ts): the committee imports a catalogue (a bad file first),
 * the secretary approves it, the public reads it; a consultation runs from topic to published
 * outcome with a signed-in resident's opinion and a one-time-code opinion, and the public sees the
 * outcome with anonymous opinions.
 */
import { expect, test, type Page } from '@playwright/test';
import { connect } from '../db/client.server';
import { MotionDriver, fastSettings, waitForState, type TestCommunity } from '../workflows/motion.testkit';
import { expectNoHorizontalScroll, shot, signInAs, signOut } from './helpers';

const C = 'yanlian';

async function switchTo(page: Page, username: string) {
  if (await page.getByRole('button', { name: '退出登录' }).count()) await signOut(page);
  await signInAs(page, username);
}

/** Reloads until `button` appears (a period is running), at most `ms`. */
async function reloadUntil(page: Page, name: string, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await page.getByRole('button', { name }).count()) return;
    if (Date.now() > end) throw new Error(`button “${name}” did not appear`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}

async function largeText(page: Page, name: string) {
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await expectNoHorizontalScroll(page);
  await shot(page, name);
}


/** From an open opinion window to the published outcome, as the committee, a supervisor and the secretary. */
async function meetingToPublishedOutcome(page: Page, consultationUrl: string, partyName: string, opinions: number, shots = false) {
  await switchTo(page, 'director');
  await page.goto(consultationUrl);
  await reloadUntil(page, '确认安排协商会');
  await page.getByLabel('地点').fill('社区活动室');
  await page.getByRole('button', { name: '确认安排协商会' }).click();
  await expect(page.getByText('已安排协商会', { exact: true })).toBeVisible();
  await reloadUntil(page, '确认记录协商会');
  await page.getByLabel('到会人数').fill('18');
  await page.getByLabel(`${partyName}的意见`).fill('多数同意搬到车棚东侧，要求加装照明。');
  await page.getByLabel('一致意见', { exact: true }).fill('投放点搬到车棚东侧，加装照明。');
  await page.getByRole('button', { name: '确认记录协商会' }).click();
  await expect(page.getByText('已开协商会', { exact: true })).toBeVisible();
  for (let left = opinions; left > 0; left--) {
    await expect(page.getByLabel('答复这条意见')).toHaveCount(left);
    await page.getByLabel('答复这条意见').first().fill('已在协商会上讨论并采纳。');
    await page.getByRole('button', { name: '提交答复' }).first().click();
    await expect(page.getByLabel('答复这条意见')).toHaveCount(left - 1);
  }
  await page.getByLabel('协商结果', { exact: true }).fill('投放点搬到自行车棚东侧，加装照明；物业每天清运两次。');
  await page.getByRole('button', { name: '确认写协商结果' }).click();
  await expect(page.getByText('协商结果（第1稿，尚未公开）')).toBeVisible();
  if (shots) {
    await expectNoHorizontalScroll(page);
    await shot(page, 'consultation-committee-360');
  }
  await switchTo(page, 'supervisor');
  await page.goto(consultationUrl);
  await page.getByRole('button', { name: '确认审核协商结果' }).click();
  await expect(page.getByText('监督委员会审核：同意公开')).toBeVisible();
  await switchTo(page, 'secretary');
  await page.goto(consultationUrl);
  await page.getByRole('button', { name: '确认公开协商结果' }).click();
  await expect(page.getByText('已公开协商结果', { exact: true }).first()).toBeVisible();
}

// ENV-01 asks for 15 days (15 s here) of opinions: a resident signed in, a code and its second use fit on a busy machine.
const HEADER = '编号,事项名称,类别,范围,协商主体,协商形式,是否必须协商,是否需四议两公开,最少征求意见天数,来源';
const GOOD = [
  HEADER,
  'ENV-01,垃圾分类投放点设置与调整,环境卫生,居民小组,"利益相关居民、居民小组、物业服务企业","楼院协商、民情恳谈会",是,否,15,参照盘锦市指导目录',
  'FAC-01,老旧楼道照明改造,公共设施与亮化绿化,楼栋,"利益相关居民、物业服务企业",网上议事,否,否,7,社区自定',
  'FUN-01,社区惠民资金年度项目安排,公益资金与项目,全社区,"居民代表、社会组织",居民代表会议,是,是,10,社区自定',
].join('\n');
const BAD = [HEADER, 'ENV-01,垃圾分类投放点设置与调整,烟花爆竹,居民小组,利益相关居民,楼院协商,是,否,7,', 'ENV-02,楼道堆物清理,环境卫生,全社区,,议事协商会,否,否,7,'].join('\n');

test('a catalogue is imported, approved and public; a consultation runs to its published outcome', async ({ page }) => {
  test.setTimeout(240_000);

  // 1. A committee member imports the catalogue: a bad file is refused row by row, nothing imported.
  await signInAs(page, 'director');
  await page.goto(`/c/${C}/catalogue`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('年度协商事项目录');
  await page.getByLabel('选择文件').setInputFiles({ name: '目录.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('表格里有2处问题，什么也没有导入');
  await expect(page.getByText('第2行 · 类别：没有“烟花爆竹”这个类别')).toBeVisible();
  await expect(page.getByText('第3行 · 协商主体：至少要有一个协商主体。')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'catalogue-import-errors-360');
  await page.getByLabel('选择文件').setInputFiles({ name: '目录.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('已把3个事项导入草稿。请检查后提交书记批准。');
  await expect(page.getByRole('heading', { name: 'ENV-01 垃圾分类投放点设置与调整' })).toBeVisible();
  await page.getByRole('button', { name: '提交书记批准' }).click();
  await expect(page.getByRole('status')).toHaveText('已提交，等待书记批准。');
  await shot(page, 'catalogue-draft-360');

  // 2. The party secretary approves: version 1 is published.
  await switchTo(page, 'secretary');
  await page.goto(`/c/${C}/catalogue`);
  await page.getByRole('button', { name: '批准并公开为新版本' }).click();
  await expect(page.getByRole('status')).toHaveText('已公开第1版。');
  await expect(page.getByRole('heading', { name: '现行第1版' })).toBeVisible();

  // 3. The secretary proposes a topic on ENV-01, fixes the parties, publishes it, makes a code, opens opinions.
  await page.goto(`/c/${C}/consultations/new`);
  await page.getByLabel('议题').fill('3号楼垃圾投放点搬迁');
  await page.getByLabel('说明（背景、打算怎么做）').fill('投放点离一楼住户窗户太近，拟搬到自行车棚东侧。');
  await page.getByLabel('属于目录中的哪个事项').selectOption({ label: 'ENV-01 垃圾分类投放点设置与调整' });
  await page.getByRole('button', { name: '提出议题' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('3号楼垃圾投放点搬迁');
  await expect(page.getByText('已提出议题')).toBeVisible();
  await page.getByLabel('利益相关居民（含外来居住人员）的名称').fill('3号楼居民');
  await page.getByLabel('物业服务企业的名称').fill('春晖物业');
  await page.getByRole('button', { name: '确认确定参加协商的各方' }).click();
  await expect(page.getByRole('status')).toHaveText('已办理。');
  await page.getByRole('button', { name: '确认公开议题' }).click();
  await expect(page.getByText('已公开议题')).toBeVisible();
  await page.getByLabel('发放数量').fill('1');
  await page.getByRole('button', { name: '生成意见码' }).click();
  const code = (await page.locator('.code-list code').first().textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expectNoHorizontalScroll(page);
  await shot(page, 'consultation-codes-360');
  await page.getByRole('button', { name: '确认开始征求意见' }).click();
  await expect(page.getByText('正在征求意见', { exact: true })).toBeVisible();
  const consultationUrl = new URL(page.url()).pathname;
  const publicUrl = consultationUrl.replace(`/c/${C}/`, `/p/${C}/`);

  // 4. A resident leaves an opinion signed in (with a phone number, masked publicly).
  await switchTo(page, 'resident');
  await page.goto(consultationUrl);
  await page.getByRole('textbox', { name: '您的意见' }).fill('同意搬迁，晚上要有灯。有事打我电话13912345678。');
  await page.getByRole('button', { name: '提交意见' }).click();
  await expect(page.getByRole('status')).toHaveText('已收到您的意见，谢谢！居委会会逐条答复。');
  await expectNoHorizontalScroll(page);
  await shot(page, 'consultation-resident-360');
  await signOut(page);

  // 5. A resident without an account uses the one-time code on the public page; it works once.
  await page.goto(publicUrl);
  await page.getByRole('textbox', { name: '意见码' }).fill(code.toLowerCase());
  await page.getByRole('textbox', { name: '您的意见' }).fill('希望物业每天清运两次。');
  await page.getByRole('button', { name: '提交意见' }).click();
  await expect(page.getByRole('status')).toHaveText('已收到您的意见，谢谢！居委会会逐条答复。');
  await page.getByRole('textbox', { name: '意见码' }).fill(code);
  await page.getByRole('textbox', { name: '您的意见' }).fill('再提一次');
  await page.getByRole('button', { name: '提交意见' }).click();
  await expect(page.getByRole('alert')).toHaveText('意见码不对，或者已经用过了。');
  await expect(page.getByRole('heading', { name: '居民意见（2条，不公开姓名）' })).toBeVisible();
  await expect(page.getByText('周玉珍')).toHaveCount(0);
  await expect(page.getByText('13912345678')).toHaveCount(0);
  await shot(page, 'consultation-public-collecting-360');

  // 6–7. After the opinion window: meeting, answers, outcome; a supervisor approves; the secretary publishes.
  await meetingToPublishedOutcome(page, consultationUrl, '3号楼居民', 2, true);
  await signOut(page);

  // 8. The public sees topic, meeting, outcome and anonymous opinions with answers; and the catalogue.
  await page.goto(publicUrl);
  await expect(page.getByRole('heading', { name: '协商结果' })).toBeVisible();
  await expect(page.getByText('投放点搬到自行车棚东侧，加装照明；物业每天清运两次。')).toBeVisible();
  await expect(page.getByText('已经居务监督委员会审核')).toBeVisible();
  await expect(page.getByText('第1条', { exact: false })).toBeVisible();
  await expect(page.getByText('139****5678')).toBeVisible();
  await expect(page.getByText('周玉珍')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: '意见码' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await shot(page, 'consultation-public-outcome-360');
  await largeText(page, 'consultation-public-outcome-large-text-360');
  await page.goto(`/p/${C}/catalogue`);
  await expect(page.getByRole('heading', { name: '现行第1版' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'FUN-01 社区惠民资金年度项目安排' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'catalogue-public-360');
  await largeText(page, 'catalogue-public-large-text-360');

  // 9. A motion on the mandatory item ENV-01 is held in 协商 until its consultation's outcome is out.
  //    (The motion's earlier steps are the motion feature's own journeys; here they are driven
  //    through app/motions.server.ts against the same worker.)
  const sql = connect(process.env.DATABASE_URL!, 2);
  try {
    const motionId = await motionInConsulting(sql);
    await signInAs(page, 'secretary');
    await page.goto(`/c/${C}/motions/${motionId}`);
    await expect(page.getByText('这个议题要先征求居民意见，协商结果公布后才能进入党员大会审议。')).toBeVisible();
    await shot(page, 'motion-held-for-consultation-360');
    await page.getByRole('link', { name: '开始征求意见' }).click();
    await expect(page.getByText('协商结果公开后议案才能提交党员大会审议')).toBeVisible();
    await expect(page.getByText('协商事项：ENV-01 垃圾分类投放点设置与调整（按议案所属事项）')).toBeVisible();
    await page.getByLabel('说明（背景、打算怎么做）').fill('按协商目录，这个议案要先协商。');
    await page.getByRole('button', { name: '提出议题' }).click();
    await expect(page.getByText('已提出议题')).toBeVisible();
    const linkedUrl = new URL(page.url()).pathname;
    await page.goto(`/c/${C}/motions/${motionId}`);
    await expect(page.getByRole('link', { name: '查看协商' })).toHaveAttribute('href', linkedUrl);
    await page.goto(linkedUrl);
    await page.getByLabel('利益相关居民（含外来居住人员）的名称').fill('3号楼居民');
    await page.getByRole('button', { name: '确认确定参加协商的各方' }).click();
    await page.getByRole('button', { name: '确认公开议题' }).click();
    await page.getByRole('button', { name: '确认开始征求意见' }).click();
    await expect(page.getByText('正在征求意见', { exact: true })).toBeVisible();
    await meetingToPublishedOutcome(page, linkedUrl, '3号楼居民', 0);
    await waitForState(sql, motionId, 'party_review', 30_000);
    await page.goto(`/c/${C}/motions/${motionId}`);
    await expect(page.getByText('党员大会审议中').first()).toBeVisible();
    await expect(page.getByText('这个议题要先征求居民意见')).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await shot(page, 'motion-released-360');
  } finally {
    await sql.end();
  }
});

/** A motion of 演练社区 on ENV-01, taken through 提议 and 商议 into 协商 with the demo people. */
async function motionInConsulting(sql: ReturnType<typeof connect>): Promise<string> {
  const [community] = await sql<{ id: string; streetId: string }[]>`
    select id, street_office_id as "streetId" from communities where slug = ${C}`;
  const users = await sql<{ id: string; username: string; displayName: string }[]>`
    select id, username, display_name as "displayName" from users
    where username in ('secretary', 'director', 'supervisor', 'resident', 'representative')`;
  const person = (username: string, roles: string[]) => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, caller: { userId: u.id, displayName: u.displayName, roles: roles as never, communityId: community!.id } };
  };
  const secretary = person('secretary', ['party_secretary']);
  const director = person('director', ['committee_member']);
  const c: TestCommunity = {
    id: community!.id,
    slug: C,
    streetId: community!.streetId,
    secretary,
    partyCommittee: [],
    director,
    committee: [],
    representatives: [person('representative', ['resident_representative'])],
    partyMembers: [secretary],
    resident: person('resident', ['resident']),
    supervisor: person('supervisor', ['supervisor']),
    street: secretary,
    voters: [director],
  };
  const [item] = await sql<{ id: string }[]>`
    select id from catalogue_items where community_id = ${c.id} and code = 'ENV-01' order by year desc limit 1`;
  const d = new MotionDriver(sql, c, process.env.MINYI_TASK_QUEUE ?? 'minyi-e2e', fastSettings(1000));
  d.quickNotices = true;
  const motionId = await d.create({ catalogueItemId: item!.id, title: '3号楼垃圾投放点搬迁（议案）', majorReasons: ['public_project'] });
  await d.propose(1);
  await d.holdJoint('agree');
  await waitForState(sql, motionId, 'consulting');
  return motionId;
}

test('the seeded 春晖 consultation is public with its outcome, and the catalogue shows its versions', async ({ page }) => {
  await page.goto('/p/chunhui/consultations');
  await page.getByRole('link', { name: '3号楼垃圾分类投放点搬迁' }).click();
  await expect(page.getByRole('heading', { name: '协商结果' })).toBeVisible();
  await expect(page.getByText('春晖物业服务有限公司').first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.goto('/p/chunhui/catalogue');
  await expect(page.getByRole('heading', { name: '现行第1版' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'HOU-01 征收片区居民过渡安置和搬迁服务安排' })).toBeVisible();
  await largeText(page, 'catalogue-chunhui-large-text-360');
  // Internal pages are not public.
  const r = await page.goto('/c/chunhui/catalogue');
  expect(page.url()).toContain('/login');
  expect(r?.status()).toBe(200);
});
