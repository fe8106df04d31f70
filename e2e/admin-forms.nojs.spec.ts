/**
 * The register's one-person form without JavaScript (conform on the server): a malformed email is
 * refused beside its field in plain words, what was typed stays and nobody is added; a good one
 * adds the person, and the list shows the address only masked.
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('a committee member registers a person with an email, without JavaScript', async ({ page }) => {
  const name = `邮箱测试${Date.now() % 100000}`;
  await signInAs(page, 'director');
  await page.goto('/c/chunhui/people');
  const add = page.getByRole('region', { name: '登记居民' });
  await add.getByLabel('姓名', { exact: true }).fill(name);
  await add.getByLabel('楼栋', { exact: true }).fill('7号楼');
  await add.getByLabel('电子邮箱').fill('li.hua@');
  await add.getByRole('button', { name: '登记居民' }).click();
  await expect(page.getByText('电子邮箱格式不正确')).toBeVisible();
  await expect(page.getByLabel('电子邮箱')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('楼栋', { exact: true })).toHaveValue('7号楼');
  await page.goto(`/c/chunhui/people?q=${encodeURIComponent(name)}`);
  await expect(page.getByText('共 0 人')).toBeVisible();

  await page.goto('/c/chunhui/people');
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('电子邮箱').fill('li.hua@example.com');
  await page.getByRole('button', { name: '登记居民' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.goto(`/c/chunhui/people?q=${encodeURIComponent(name)}`);
  await expect(page.getByText('l***@example.com')).toBeVisible();
  await expect(page.getByText('li.hua@example.com')).toHaveCount(0);
});

test('the roles, settings and import forms refuse beside the field, without JavaScript, and change nothing', async ({ page }) => {
  await signInAs(page, 'director');
  // 组织与身份: a representative needs a constituency.
  await page.goto('/c/chunhui/roles');
  const grant = page.getByRole('region', { name: '授予身份', exact: true });
  await grant.getByLabel('居民', { exact: true }).selectOption({ index: 1 });
  await grant.getByLabel('身份', { exact: true }).selectOption({ label: '居民代表' });
  await grant.getByLabel('依据或原因').fill('无选区测试');
  await grant.getByRole('button', { name: '授予' }).click();
  const constituency = page.getByRole('region', { name: '授予身份', exact: true }).getByLabel('选区（居民小组/楼栋）');
  await expect(constituency).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('请填写居民代表的选区（居民小组或楼栋）')).toBeVisible();
  await expect(page.getByRole('region', { name: '授予身份', exact: true }).getByLabel('依据或原因')).toHaveValue('无选区测试');
  await expect(page.getByText('无选区测试')).toHaveCount(0); // no grant recorded with that reason

  // 社区设置: below the statutory floor, beside the field, with its source; the value typed stays.
  await page.goto('/c/chunhui/settings');
  const before = await page.getByRole('region', { name: '修改记录' }).getByRole('listitem').count();
  await page.getByLabel('决议和结果公开（天）').fill('5');
  await page.getByLabel('修改原因').fill('缩短公开期');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('“决议和结果公开（天）”不能低于 7（依据：《四议两公开流程图》：公开不少于 7 天）')).toBeVisible();
  await expect(page.getByLabel('决议和结果公开（天）')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('决议和结果公开（天）')).toHaveValue('5');
  await expect(page.getByRole('region', { name: '修改记录' }).getByRole('listitem')).toHaveCount(before);

  // 导入居民: a file whose name does not match its content is refused beside the file field; nothing is queued.
  await page.goto('/c/chunhui/people/import');
  const imports = await page.getByRole('region', { name: '导入记录' }).getByRole('listitem').count();
  await page.getByLabel('文件').setInputFiles({ name: '居民.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await page.getByLabel('楼栋', { exact: true }).fill('楼号');
  await page.getByRole('button', { name: '上传并检查' }).click();
  await expect(page.getByLabel('文件')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('文件名的后缀和文件内容不一致')).toBeVisible();
  await expect(page.getByLabel('楼栋', { exact: true })).toHaveValue('楼号');
  await expect(page.getByRole('region', { name: '导入记录' }).getByRole('listitem')).toHaveCount(imports);
});
