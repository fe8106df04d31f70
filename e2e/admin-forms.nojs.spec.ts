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
