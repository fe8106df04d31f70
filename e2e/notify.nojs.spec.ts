/** Without JavaScript: the call list records a call with a plain form; the board subscription form refuses bad input in words. */
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, signInAs } from './helpers';
import { C, DIRECTOR_PHONE, openJointMeeting } from './notify-fixture';

test('the call list works as plain forms', async ({ page }) => {
  const { meetingId } = await openJointMeeting(`无脚本电话通知 ${Date.now() % 100000}`);
  await signInAs(page, 'e2e-secretary');
  await page.goto(`/c/${C}/notices/calls/${meetingId}`);
  await expect(page.getByRole('row', { name: /测试主任/ }).getByText(DIRECTOR_PHONE)).toBeVisible();
  await page.getByRole('button', { name: '测试主任：已打电话，无人接听' }).click();
  await expect(page.getByText('已记录。')).toBeVisible();
  await expect(page.getByRole('row', { name: /测试主任/ })).toContainText('已打电话，无人接听');
  await expectNoHorizontalScroll(page);
});

test('the board subscription says plainly when no channel is on, and offers no form that cannot work', async ({ page }) => {
  // The journeys' app has neither a mail server nor an SMS provider (app/notify.int.test.ts subscribes with both).
  await page.goto(`/p/${C}`);
  await page.getByRole('link', { name: '订阅公开栏通知（短信或邮件）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '订阅公开栏' })).toBeVisible();
  await expect(page.getByText('本社区暂未开通短信和电子邮件通知，暂时不能订阅。')).toBeVisible();
  await expect(page.getByRole('button', { name: '订阅' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});
