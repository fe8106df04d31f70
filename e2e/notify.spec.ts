/**
 * 电话通知单: the party secretary opens the delivery status of a joint-meeting notice (SMS is not set
 * up here, and the page says so), prints the call list on A4 — full numbers only there — and records
 * a call. At 360 px and at doubled text size.
 */
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, shot, signInAs } from './helpers';
import { C, DIRECTOR_PHONE, MEMBER_PHONE, openJointMeeting } from './notify-fixture';

test('the call list of an open meeting is printed on A4 and a call is recorded', async ({ page }) => {
  const title = `电话通知 ${Date.now() % 100000}`;
  await openJointMeeting(title);
  await signInAs(page, 'e2e-secretary');
  await page.goto(`/c/${C}`);
  await page.getByRole('link', { name: '通知发送情况' }).click();
  await expect(page.getByText('短信通知未开通')).toBeVisible();
  const notice = page.getByRole('region', { name: `会议通知 · ${title}` });
  await expect(notice).toBeVisible();
  await expect(notice.getByText(/测试主任 · 短信 · 已取消（未开通此渠道）/)).toBeVisible();
  await expect(page.getByText(DIRECTOR_PHONE)).toHaveCount(0); // numbers only on the call list
  await notice.getByRole('link', { name: '打印电话通知单' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '电话通知单' })).toBeVisible();
  const director = page.getByRole('row', { name: /测试主任/ });
  await expect(director.getByRole('link', { name: DIRECTOR_PHONE })).toHaveAttribute('href', `tel:${DIRECTOR_PHONE}`);
  await expect(page.getByRole('row', { name: /委员一/ }).getByText(MEMBER_PHONE)).toBeVisible();
  await expect(page.getByRole('row', { name: /党委一/ }).getByText('无电话')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'notify-call-list-360');

  await page.getByRole('button', { name: '测试主任：已通话，会参加/投票' }).click();
  await expect(page.getByText('已记录。')).toBeVisible();
  await expect(page.getByRole('row', { name: /测试主任/ })).toContainText('已通话，会参加/投票');

  // Doubled text: still no sideways scrolling, buttons at least 44 px tall.
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
  await expectNoHorizontalScroll(page);
  const box = await page.getByRole('button', { name: '测试主任：已通话，会参加/投票' }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await page.evaluate(() => document.documentElement.style.removeProperty('font-size'));

  // Printed: the table with the numbers, without navigation or buttons, on A4.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '测试主任：已通话，会参加/投票' })).toBeHidden();
  await expect(page.getByRole('link', { name: '← 通知发送情况' })).toBeHidden();
  await expect(page.getByText(DIRECTOR_PHONE)).toBeVisible();
  await expect(page.getByText(/打印人：测试书记/)).toBeVisible();
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(1000);
});

test('people without a calling role do not get the call list', async ({ page }) => {
  const { meetingId } = await openJointMeeting(`电话通知拒绝 ${Date.now() % 100000}`);
  await signInAs(page, 'e2e-supervisor');
  const r = await page.goto(`/c/${C}/notices/calls/${meetingId}`);
  expect(r?.status()).toBe(403);
  await expect(page.getByText(DIRECTOR_PHONE)).toHaveCount(0);
});
