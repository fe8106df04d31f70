/**
 * 罢免 and 补选 from the roster (DOMAIN.md §4.8), in a real browser at phone width: the street office
 * sets up a community with a five-member committee, records a passed recall on the roles page, and
 * plans the by-election of the one vacant seat — a plan for more seats than are vacant is refused
 * in words, the plan for one seat is published and says the by-elected serve to the term's end.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, shot, signInAs } from './helpers';

test.describe.configure({ timeout: 4 * 60_000 });

const n = Date.now() % 1_000_000;
const COMMUNITY = `e2e-by-${n}`;
const NAMES = Array.from({ length: 9 }, (_, i) => `补选居民${i + 1}`);
const optionOf = (name: string) => {
  const i = NAMES.indexOf(name);
  return `${name} · 第${(i % 3) + 1}居民小组 · ${(i % 6) + 1}号楼`;
};
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

async function phone(browser: Browser, username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signInAs(page, username);
  return page;
}

const peopleCsv = () =>
  Buffer.from(['姓名,性别,出生年份,居民小组,楼栋,单元,手机号', ...NAMES.map((name, i) => `${name},${i % 2 ? '男' : '女'},${1960 + i},第${(i % 3) + 1}居民小组,${(i % 6) + 1}号楼,1单元,`)].join('\n'), 'utf8');

test('the street office records a recall and plans the by-election of the vacant seat', async ({ browser }) => {
  const so = await phone(browser, 'street-office');
  await so.getByRole('link', { name: '街道管理' }).click();
  const create = so.getByRole('region', { name: '新建社区', exact: true });
  await create.getByLabel('网址名（小写字母）').fill(COMMUNITY);
  await create.getByLabel('中文名称').fill('补选测试社区');
  await create.getByLabel('英文名称').fill('By-election Test');
  await create.getByRole('button', { name: '创建' }).click();
  await expect(so.getByRole('link', { name: /补选测试社区/ })).toBeVisible();

  await so.goto(`/c/${COMMUNITY}/people/import`);
  await so.getByLabel('文件').setInputFiles({ name: '居民信息.csv', mimeType: 'text/csv', buffer: peopleCsv() });
  await so.getByRole('button', { name: '上传并检查' }).click();
  await expect(async () => {
    await so.goto(`/c/${COMMUNITY}/people/import`);
    await expect(so.getByText(`已导入 ${NAMES.length} 人`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // The sitting committee: a director and four members.
  await so.goto(`/c/${COMMUNITY}/roles`);
  const grant = so.getByRole('region', { name: '授予身份', exact: true });
  for (const [i, office] of ['主任', '委员', '委员', '委员', '委员'].entries()) {
    await grant.getByLabel('居民', { exact: true }).selectOption({ label: optionOf(NAMES[i]!) });
    await grant.getByLabel('身份', { exact: true }).selectOption({ label: '居委会成员' });
    await grant.getByLabel('居委会职务').selectOption({ label: office });
    await grant.getByLabel('依据或原因').fill('上届选举产生');
    await grant.getByRole('button', { name: '授予' }).click();
    await expect(so.getByRole('status').filter({ hasText: '已授予' })).toBeVisible();
  }

  // 罢免: the residents' meeting removed 补选居民5; the street office records it.
  const recall = so.getByRole('region', { name: '罢免（居民会议决定）', exact: true });
  await recall.getByLabel('被要求罢免的成员').selectOption({ label: `${NAMES[4]} · 委员` });
  await recall.getByLabel('联名方式').selectOption({ label: '有选举权的居民' });
  await recall.getByLabel('联名人数（户数、小组数）').fill('300');
  await recall.getByLabel('总数（居民、户或小组）').fill('1200');
  await recall.getByLabel('被罢免人的申辩意见').fill('本人对群众反映的问题作出说明。');
  await recall.getByLabel('居民会议应到人数').fill('1200');
  await recall.getByLabel('到会人数').fill('700');
  await recall.getByLabel('同意罢免票数').fill('400');
  await recall.getByRole('button', { name: '登记罢免结果' }).click();
  await expect(so.getByRole('status').filter({ hasText: '罢免通过' })).toBeVisible();
  await expectNoHorizontalScroll(so);
  await shot(so, 'by-election-recall-360');

  // 补选: one member's seat is vacant; the plan offers it.
  await so.getByRole('link', { name: '补选空缺席位' }).click();
  await expect(so.getByRole('heading', { name: '补选居委会空缺成员' })).toBeVisible();
  await expect(so.getByText('现在空缺：主任 0 个，副主任 0 个，委员 1 个。')).toBeVisible();
  await so.getByLabel('选举名称').fill('补选测试社区居委会补选');
  await so.getByLabel('选举日').fill(inDays(60));
  await so.getByLabel('委员', { exact: true }).fill('2');
  await so.getByLabel('投票地点').fill('社区活动中心');
  for (const name of NAMES.slice(5, 8)) await so.getByLabel(new RegExp(`^${name}`)).check();
  await so.getByLabel('选举委员会主任').selectOption({ label: NAMES[5]! });
  await so.getByRole('button', { name: '公布补选方案，开始补选' }).click();
  await expect(so.getByRole('alert')).toContainText('补选2个席位，但现在只有1个空缺，补选只选空缺的席位。');
  await expectNoHorizontalScroll(so);
  await shot(so, 'by-election-plan-360');

  await so.getByLabel('委员', { exact: true }).fill('1');
  await so.getByRole('button', { name: '公布补选方案，开始补选' }).click();
  await expect(so).toHaveURL(new RegExp(`/c/${COMMUNITY}/elections/[0-9a-f-]{36}$`));
  await expect(so.getByRole('heading', { name: '补选测试社区居委会补选' })).toBeVisible();
});
