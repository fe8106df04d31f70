/**
 * 待审核的公开 (DOMAIN.md §3.7 item 3, decision 074): on the motion page, a disclosure waiting for the
 * supervision committee. Supervisors approve it or ask for a correction; the director or party
 * secretary sees the waiting state, resubmits after a correction request, and once 2 working days
 * passed without review may publish it unreviewed. Which form a person gets is the domain's
 * `nextActions` (the page's `actions`); each form posts to `…/do/<action>`, parsed there by the same
 * zod schema (conform + `useZodForm`), and works without JavaScript.
 */
import { getFormProps, type FieldMetadata } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CheckboxField, TextAreaField } from '~/components/FieldKit';
import { useZodForm } from '~/components/useZodForm';
import type { Lang } from '~/i18n/config';
import { formatShanghaiDate, formatShanghaiDateTime } from '../../../domain/calendar';
import type { DisclosureReview as Review } from '../../../domain/motion/review';
import {
  approveDisclosureSchema,
  publishUnreviewedSchema,
  requestDisclosureCorrectionSchema,
  resubmitDisclosureSchema,
} from '../../../domain/motion/schemas';

type Props = {
  kind: 'resolution' | 'result';
  review: Review;
  /** From when it may be published unreviewed (domain `motionDeadlines`), while pending. */
  reviewDueAt: number | undefined;
  actions: readonly string[];
  base: string;
  newKey: string;
  lang: Lang;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's own bound for a form's shape
type AnySchema = z.ZodType<any, Record<string, any>>;

/** One small form: its schema, one text area or checkbox, a submit button. */
function ReviewForm<S extends AnySchema>({
  id,
  schema,
  action,
  idempotencyKey,
  field,
  label,
  submit,
  checkbox = false,
  secondary = false,
}: {
  id: string;
  schema: S;
  action: string;
  idempotencyKey: string;
  field: string;
  label: string;
  submit: string;
  checkbox?: boolean;
  secondary?: boolean;
}) {
  const [form, fields] = useZodForm(schema, { id });
  const meta = (fields as unknown as Record<string, FieldMetadata<string>>)[field]!;
  return (
    <Form method="post" action={action} className="form" {...getFormProps(form)}>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {checkbox ? <CheckboxField meta={meta} label={label} /> : <TextAreaField meta={meta} label={label} maxLength={2000} />}
      <button type="submit" className={secondary ? 'secondary' : undefined}>
        {submit}
      </button>
    </Form>
  );
}

export function DisclosureReview({ kind, review, reviewDueAt, actions, base, newKey, lang }: Props) {
  const { t } = useTranslation();
  const has = (a: string) => actions.includes(a);
  const kindLabel = t(`motionReview.kind.${kind}`);
  return (
    <section className="card" aria-labelledby="review">
      <h2 id="review">{t('motionReview.title')}</h2>
      <p role="status">{t('motionReview.waiting', { kind: kindLabel, since: formatShanghaiDateTime(review.submittedAt, lang) })}</p>
      {review.status === 'correctionRequested' && review.correctionReason ? (
        <p className="notice">{t('motionReview.correctionAsked', { reason: review.correctionReason })}</p>
      ) : null}
      {review.status === 'pending' && review.resubmitNote ? <p>{t('motionReview.resubmitted', { note: review.resubmitNote })}</p> : null}
      {review.status === 'pending' && reviewDueAt !== undefined ? (
        <p className="muted">
          {has('publishUnreviewed') ? t('motionReview.mayPublishNow') : t('motionReview.mayPublishFrom', { from: formatShanghaiDate(reviewDueAt, lang) })}
        </p>
      ) : null}
      {has('approveDisclosure') ? (
        <ReviewForm
          id="approve-disclosure"
          schema={approveDisclosureSchema}
          action={`${base}/do/approveDisclosure`}
          idempotencyKey={`${newKey}-ra`}
          field="remark"
          label={t('motionUi.field.remark')}
          submit={t('motionReview.approve')}
        />
      ) : null}
      {has('requestDisclosureCorrection') ? (
        <ReviewForm
          id="request-correction"
          schema={requestDisclosureCorrectionSchema}
          action={`${base}/do/requestDisclosureCorrection`}
          idempotencyKey={`${newKey}-rc`}
          field="correctionReason"
          label={t('motionUi.field.correctionReason')}
          submit={t('motionReview.askCorrection')}
          secondary
        />
      ) : null}
      {has('resubmitDisclosure') ? (
        <ReviewForm
          id="resubmit-disclosure"
          schema={resubmitDisclosureSchema}
          action={`${base}/do/resubmitDisclosure`}
          idempotencyKey={`${newKey}-rr`}
          field="correctionNote"
          label={t('motionUi.field.correctionNote')}
          submit={t('motionReview.resubmit')}
        />
      ) : null}
      {has('publishUnreviewed') ? (
        <ReviewForm
          id="publish-unreviewed"
          schema={publishUnreviewedSchema}
          action={`${base}/do/publishUnreviewed`}
          idempotencyKey={`${newKey}-ru`}
          field="confirmed"
          label={t('motionReview.confirmUnreviewed')}
          submit={t('motionReview.publishUnreviewed')}
          checkbox
          secondary
        />
      ) : null}
    </section>
  );
}
