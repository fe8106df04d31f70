import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { signOut } from '~/auth.server';

export async function action({ request }: ActionFunctionArgs) {
  throw redirect('/', { headers: { 'Set-Cookie': await signOut(request) } });
}

export const loader = () => redirect('/');
