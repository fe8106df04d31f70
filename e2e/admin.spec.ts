/**
 * A real community sets itself up (issue 11), in a real browser at phone width: the platform
 * administrator creates a street office and its staff account; the staff create a community,
 * import 30 people from an XLSX file, grant the secretary, the committee and 10 representatives;
 * a setting below the law is refused with its source; the secretary gets a sign-in and enters;
 * the audit log shows who did what.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signInAs } from './helpers';

test.describe.configure({ timeout: 5 * 60_000 });

const n = Date.now() % 1_000_000;
const STREET = `e2e-st-${n}`;
const COMMUNITY = `e2e-c-${n}`;
const STAFF = `e2e-so-${n}`;
const PASSWORD = 'e2e-password-1';
const NAMES = Array.from({ length: 30 }, (_, i) => `新居民${String(i + 1).padStart(2, '0')}`);
/** How the grant form's person list names someone: name · group · building. */
const optionOf = (name: string) => {
  const i = NAMES.indexOf(name);
  return `${name} · 第${(i % 3) + 1}居民小组 · ${(i % 6) + 1}号楼`;
};

async function as(browser: Browser, username: string, password?: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signInAs(page, username, password);
  return page;
}

async function peopleXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息');
  ws.addRow(['姓名', '性别', '出生年份', '居民小组', '楼栋', '单元', '手机号']);
  NAMES.forEach((name, i) => ws.addRow([name, i % 2 === 0 ? '女' : '男', 1950 + i, `第${(i % 3) + 1}居民小组`, `${(i % 6) + 1}号楼`, '1单元', `136${String(n).padStart(6, '0')}${String(i).padStart(2, '0')}`]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function grant(page: Page, o: { person: string; role: string; office?: string; constituency?: string; reason: string }) {
  const form = page.getByRole('region', { name: '授予身份', exact: true });
  await form.getByLabel('居民', { exact: true }).selectOption({ label: optionOf(o.person) });
  await form.getByLabel('身份', { exact: true }).selectOption({ label: o.role });
  if (o.office) await form.getByLabel('居委会职务').selectOption({ label: o.office });
  if (o.constituency) await form.getByLabel('选区（居民小组/楼栋）').fill(o.constituency);
  await form.getByLabel('依据或原因').fill(o.reason);
  await form.getByRole('button', { name: '授予' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已授予' })).toBeVisible();
}

test('a street office sets up a community from nothing and keeps its people current', async ({ browser }) => {
  // 平台管理: a street office and its staff.
  const admin = await as(browser, 'admin');
  await admin.getByRole('link', { name: '平台管理' }).click();
  const street = admin.getByRole('region', { name: '新建街道办事处', exact: true });
  await street.getByLabel('网址名（小写字母）').fill(STREET);
  await street.getByLabel('中文名称').fill('测试新街道');
  await street.getByLabel('英文名称').fill('New Test Street');
  await street.getByRole('button', { name: '创建' }).click();
  await expect(admin.getByRole('region', { name: '街道办事处', exact: true }).getByText('测试新街道')).toBeVisible();
  const staff = admin.getByRole('region', { name: '新建街道工作人员账号', exact: true });
  await staff.getByLabel('街道').selectOption({ label: '测试新街道' });
  await staff.getByLabel('用户名').fill(STAFF);
  await staff.getByLabel('姓名').fill('新街道员');
  await staff.getByLabel('初始密码（至少 10 位）').fill(PASSWORD);
  await staff.getByRole('button', { name: '创建' }).click();
  await expect(admin.getByRole('status')).toContainText('已创建');
  await expect(staff.getByLabel('初始密码（至少 10 位）')).toHaveValue(''); // the typed password does not stay on screen

  // 街道管理: the community.
  const so = await as(browser, STAFF, PASSWORD);
  await so.getByRole('link', { name: '街道管理' }).click();
  const form = so.getByRole('region', { name: '新建社区', exact: true });
  await form.getByLabel('网址名（小写字母）').fill(COMMUNITY);
  await form.getByLabel('中文名称').fill('新建测试社区');
  await form.getByLabel('英文名称').fill('New Test Community');
  await form.getByLabel('户数').fill('420');
  await form.getByRole('button', { name: '创建' }).click();
  await so.getByRole('link', { name: /新建测试社区/ }).click();
  await expect(so).toHaveURL(new RegExp(`/c/${COMMUNITY}$`));

  // 居民信息: import 30 people from an XLSX file.
  await so.getByRole('link', { name: '居民信息' }).click();
  await so.getByRole('link', { name: '从表格导入' }).click();
  await so.getByLabel('文件').setInputFiles({ name: '居民信息.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await peopleXlsx() });
  await so.getByRole('button', { name: '上传并检查' }).click();
  await expect(async () => {
    await so.goto(`/c/${COMMUNITY}/people/import`);
    await expect(so.getByText('已导入 30 人')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await so.goto(`/c/${COMMUNITY}/people`);
  await expect(so.getByText('共 30 人')).toBeVisible();
  await expect(so.getByText(/^136\*{4}\d{4}$/).first()).toBeVisible();
  expect(await so.content()).not.toMatch(/136\d{8}/);

  // 组织与身份: secretary, director + 4 members, 10 representatives.
  await so.goto(`/c/${COMMUNITY}/roles`);
  await grant(so, { person: NAMES[0]!, role: '党组织书记', reason: '党委任命' });
  await grant(so, { person: NAMES[1]!, role: '居委会成员', office: '主任', reason: '上届选举产生' });
  for (const p of NAMES.slice(2, 6)) await grant(so, { person: p, role: '居委会成员', office: '委员', reason: '上届选举产生' });
  for (const [i, p] of NAMES.slice(6, 16).entries()) await grant(so, { person: p, role: '居民代表', constituency: `第${(i % 3) + 1}居民小组`, reason: '居民小组推选' });
  const roster = so.getByRole('region', { name: '居民代表名册', exact: true });
  await expect(roster.getByText(/今年出席代表会议 0 \/ 0 次/)).toHaveCount(10);
  await expect(roster.getByText('居民代表只有 10 人，占代表会议组成人员 15 人的不到五分之四')).toBeVisible();
  // A second director at the same time is refused, naming the office.
  await so.getByRole('region', { name: '授予身份', exact: true }).getByLabel('居民', { exact: true }).selectOption({ label: optionOf(NAMES[20]!) });
  await so.getByRole('region', { name: '授予身份', exact: true }).getByLabel('身份', { exact: true }).selectOption({ label: '居委会成员' });
  await so.getByRole('region', { name: '授予身份', exact: true }).getByLabel('居委会职务').selectOption({ label: '主任' });
  await so.getByRole('region', { name: '授予身份', exact: true }).getByLabel('依据或原因').fill('重复');
  await so.getByRole('region', { name: '授予身份', exact: true }).getByRole('button', { name: '授予' }).click();
  await expect(so.getByRole('alert')).toContainText('这段时间里已经有人担任这个职务（主任）');

  // 社区设置: below the statutory floor → refused with its source.
  await so.goto(`/c/${COMMUNITY}/settings`);
  await so.getByLabel('决议和结果公开（天）').fill('5');
  await so.getByLabel('修改原因').fill('缩短公开期');
  await so.getByRole('button', { name: '保存设置' }).click();
  await expect(so.getByText('“决议和结果公开（天）”不能低于 7（依据：《四议两公开流程图》：公开不少于 7 天）')).toBeVisible(); // beside its field
  await expect(so.getByLabel('决议和结果公开（天）')).toHaveAttribute('aria-invalid', 'true');

  // The secretary gets a sign-in and enters the community as 书记.
  await so.goto(`/c/${COMMUNITY}/people`);
  await so.getByRole('link', { name: NAMES[0]!, exact: true }).click();
  const signInForm = so.getByRole('region', { name: '登录账号', exact: true });
  await signInForm.getByLabel('用户名').fill(`e2e-sec-${n}`);
  await signInForm.getByLabel('初始密码（至少 10 位）').fill(PASSWORD);
  await signInForm.getByRole('button', { name: '设置登录账号' }).click();
  await expect(so.getByRole('status')).toContainText('登录账号已设置');
  const secretary = await as(browser, `e2e-sec-${n}`, PASSWORD);
  await expect(secretary.getByRole('region', { name: '新建测试社区', exact: true }).getByText('党组织书记')).toBeVisible();

  // 操作记录: the street office reads who did what.
  await so.goto(`/c/${COMMUNITY}/audit`);
  await expect(so.getByText('导入居民').first()).toBeVisible();
  await expect(so.getByText('授予身份').first()).toBeVisible();
  await expect(so.getByText('新建社区').first()).toBeVisible();
});
