/**
 * After a ballot is cast the voting POST answers with a redirect, not a page (issue 15: a page render
 * costs more CPU than the ballot itself). The receipt code rides along in a short-lived HttpOnly
 * cookie scoped to the vote page, which the next GET reads once and clears.
 */
import { createCookie, redirect } from '@remix-run/node';
import { z } from 'zod';
import { publicUrlIsHttps } from './auth.server';

const RECEIPT = z.string().regex(/^[0-9 ]{1,40}$/);

const receiptCookie = (path: string) =>
  createCookie('minyi_receipt', { path, httpOnly: true, sameSite: 'lax', maxAge: 600, secure: publicUrlIsHttps() });

/** 303 back to the vote page, carrying the receipt for its next GET. */
export async function redirectWithReceipt(request: Request, receipt: string): Promise<Response> {
  const path = new URL(request.url).pathname;
  return redirect(path, { status: 303, headers: { 'Set-Cookie': await receiptCookie(path).serialize(receipt) } });
}

/** The receipt just cast from this browser (null if none), and the header that clears it. */
export async function takeReceipt(request: Request): Promise<{ receipt: string | null; headers: Headers }> {
  const path = new URL(request.url).pathname;
  const cookie = receiptCookie(path);
  const parsed = RECEIPT.safeParse(await cookie.parse(request.headers.get('Cookie')));
  const headers = new Headers();
  if (parsed.success) headers.set('Set-Cookie', await cookie.serialize('', { maxAge: 0 }));
  return { receipt: parsed.success ? parsed.data : null, headers };
}
