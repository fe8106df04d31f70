/**
 * Voting works without JavaScript (old phones): in the demo's open election the election committee
 * issues a voting code, and the voter casts a secret ballot screen by screen with plain forms,
 * confirms it in words, gets a receipt and checks it on the public page.
 */
import { expect, test } from '@playwright/test';
import { signInAs, signOut } from './helpers';

test('a voter without an account votes with a code, JavaScript off', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'election-committee');
  await page.goto('/c/chunhui/elections');
  await page.getByRole('link', { name: /2026年春晖社区居民委员会换届选举/ }).click();
  const electionPath = new URL(page.url()).pathname;
  await page.goto(`${electionPath}/polling`);
  await page.getByPlaceholder('按姓名、小组或户号查找').fill('汪德华');
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: '发投票码 汪德华' }).click();
  const code = (await page.locator('output.el-code').innerText()).trim();
  expect(code).toMatch(/^\d{4} \d{4} \d{4}$/);
  await signOut(page);

  await page.goto(`${electionPath.replace('/c/', '/p/')}/vote`);
  await page.getByLabel('投票码').fill(code);
  await page.getByRole('button', { name: '开始投票' }).click();
  await expect(page.getByRole('heading', { name: '选主任：最多选 1 人' })).toBeVisible();
  // Two "yes" for one seat: refused on the same screen, in words.
  const groups = page.getByRole('group');
  await groups.nth(0).getByLabel('赞成').check();
  await groups.nth(1).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('alert')).toHaveText('主任只选1人，您选了2人，请减少。');
  await page.getByRole('group').nth(1).getByLabel('反对').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('group').first().getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '上一步' }).click(); // back and forth keeps the marks
  await expect(page.getByRole('group').first().getByLabel('赞成')).toBeChecked();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('您选择了：')).toBeVisible();
  await expect(page.getByText(/^主任：反对 /)).toBeVisible();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { name: '投票成功，谢谢您！' })).toBeVisible();
  const receipt = (await page.locator('output.el-code').innerText()).trim();

  await page.getByRole('link', { name: '去查验回执码' }).click();
  await page.getByRole('textbox', { name: '回执码' }).fill(receipt);
  await page.getByRole('button', { name: '查验' }).click();
  await expect(page.getByRole('status')).toHaveText('已找到：这张选票已经收到，会在计票后计入结果。');

  // The same code cannot vote twice.
  await page.goto(`${electionPath.replace('/c/', '/p/')}/vote`);
  await page.getByLabel('投票码').fill(code);
  await page.getByRole('button', { name: '开始投票' }).click();
  await expect(page.getByRole('alert')).toHaveText('您已经投过票了，不能再投。');
});
