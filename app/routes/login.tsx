import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { getUser, signIn } from '~/auth.server';
import { Field, FormErrors } from '~/components/Field';
import { clientOf } from '~/client.server';
import { tOf } from '~/lang.server';
import { readForm } from '~/forms.server';
import { safeRedirect } from '~/safe-redirect';

const schema = z.object({
  username: z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(64, { error: 'form.tooLong' }),
  password: z.string({ error: 'form.required' }).min(1, { error: 'form.required' }).max(200, { error: 'form.tooLong' }),
  redirectTo: z.string().max(2048).optional(),
});

export const meta: MetaFunction = () => [{ title: '登录 · 民议' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod((await readForm(request)).formData, { schema });
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 });
  const { username, password, redirectTo } = submission.value;
  const result = await signIn(username, password, clientOf(context));
  if (result.ok) {
    throw redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': result.cookie } });
  }
  const t = await tOf(request);
  const message =
    result.reason === 'throttled'
      ? t('login.throttled', { seconds: result.retryAfterSeconds })
      : result.reason === 'phoneShared'
        ? t('security.signIn.phoneShared')
        : t('login.badCredentials');
  return data(submission.reply({ formErrors: [message], hideFields: ['password'] }), {
    status: result.reason === 'throttled' ? 429 : 401,
    headers: result.reason === 'throttled' ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined,
  });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useForm<z.input<typeof schema>>({
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  // A refused password is cleared, as it is when the page reloads without JavaScript.
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (lastResult?.status === 'error' && password.current) password.current.value = '';
  }, [lastResult]);
  return (
    <div className="card">
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field meta={fields.username} label={t('login.username')} autoComplete="username" autoCapitalize="none" />
        <Field
          meta={fields.password}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          inputRef={password}
        />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </Form>
    </div>
  );
}
