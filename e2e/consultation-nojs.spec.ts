/**
 * Without JavaScript (old phones): the catalogue item form refuses bad input with a plain-words
 * reason and keeps what was typed, then saves; the public catalogue and consultation pages read fine.
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test.describe('consultation pages without JavaScript', () => {
  test('a committee member adds a catalogue item to a draft with plain forms', async ({ page }) => {
    await signInAs(page, 'director');
    await page.goto('/c/yanlian/catalogue/item?year=2027');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('添加协商事项');
    await page.getByLabel('编号').fill('OTH-01');
    await page.getByLabel('事项名称').fill('修订居民公约');
    await page.getByLabel('类别').selectOption({ label: '其他' });
    await page.getByRole('checkbox', { name: '议事协商会', exact: true }).check();
    await page.getByRole('button', { name: '保存到草稿' }).click();
    // No consulting party chosen: refused, nothing saved, the typed values kept.
    await expect(page.getByText('至少要有一个协商主体。')).toBeVisible();
    await expect(page.getByLabel('事项名称')).toHaveValue('修订居民公约');
    await page.getByRole('checkbox', { name: '居民代表', exact: true }).check();
    await page.getByRole('checkbox', { name: '议事协商会', exact: true }).check();
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await expect(page.getByRole('status')).toHaveText('已保存。');
    await expect(page.getByRole('heading', { name: 'OTH-01 修订居民公约' })).toBeVisible();
    // The same code again in the same year is refused with the reason.
    await page.goto('/c/yanlian/catalogue/item?year=2027');
    await page.getByLabel('编号').fill('oth-01');
    await page.getByLabel('事项名称').fill('另一个事项');
    await page.getByLabel('类别').selectOption({ label: '其他' });
    await page.getByRole('checkbox', { name: '居民代表', exact: true }).check();
    await page.getByRole('checkbox', { name: '议事协商会', exact: true }).check();
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await expect(page.getByText('编号“OTH-01”重复了，同一年的目录里每个编号只能用一次。')).toBeVisible();
  });

  test('the catalogue import without a file is refused beside the file field', async ({ page }) => {
    await signInAs(page, 'director');
    await page.goto('/c/yanlian/catalogue?year=2027');
    const form = page.getByRole('region', { name: '从表格导入' });
    await form.getByLabel('把表格里的事项加到草稿里').check();
    await form.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByLabel('选择文件')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('请选择要导入的文件。')).toBeVisible();
    await expect(page.getByRole('region', { name: '从表格导入' }).getByLabel('把表格里的事项加到草稿里')).toBeChecked(); // the choice made stays
    expect(page.url()).not.toContain('done=');
  });

  test('the public reads the seeded consultation and the catalogue', async ({ page }) => {
    await page.goto('/p/chunhui/consultations');
    await page.getByRole('link', { name: '3号楼垃圾分类投放点搬迁' }).click();
    await expect(page.getByRole('heading', { name: '协商结果' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /居民意见（2条/ })).toBeVisible();
    await page.goto('/p/chunhui/catalogue');
    await expect(page.getByRole('heading', { name: '现行第1版' })).toBeVisible();
  });
});
