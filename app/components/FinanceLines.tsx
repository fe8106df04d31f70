import { useTranslation } from 'react-i18next';

type Line = { date: string; direction: 'income' | 'expense'; item: string; amountYuan: number; counterparty: string | null };

/** A quarter's income and expense lines as a table that scrolls inside its card on a phone. */
export function FinanceLines({ lines }: { lines: readonly Line[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" role="region" aria-label={t('finance.linesTable')} tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('finance.field.date')}</th>
            <th scope="col">{t('finance.field.direction')}</th>
            <th scope="col">{t('finance.field.item')}</th>
            <th scope="col">{t('finance.field.amountYuan')}</th>
            <th scope="col">{t('finance.field.counterparty')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>{l.date}</td>
              <td>{t(`finance.direction.${l.direction}`)}</td>
              <td>{l.item}</td>
              <td className="num">{l.amountYuan.toFixed(2)}</td>
              <td>{l.counterparty ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type FinanceBody = {
  period: { first: string; last: string };
  openingYuan: number;
  incomeYuan: number;
  expenseYuan: number;
  closingYuan: number;
  reviewedBySupervisors: boolean;
  lines: { date: string; direction: 'income' | 'expense'; item: string; amountYuan: number; counterparty: string | null }[];
};

export function FinanceDisclosure({ body }: { body: FinanceBody }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <p>
        {body.period.first} – {body.period.last}
      </p>
      <p>{t('finance.totals', { opening: body.openingYuan, income: body.incomeYuan, expense: body.expenseYuan, closing: body.closingYuan })}</p>
      <p className="tags">
        <span className="tag">{body.reviewedBySupervisors ? t('finance.reviewedLabel') : t('finance.unreviewedLabel')}</span>
      </p>
      <FinanceLines lines={body.lines} />
    </section>
  );
}
