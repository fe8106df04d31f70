import { useTranslation } from 'react-i18next';
import { tk } from '../i18n/keys';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Renders a disclosure's public body. Features publish plain JSON; known fields (board.field.*) get
 * their words, numbers stay numbers, lists become lists. Nothing here is personal data: the
 * publisher already limited the body to what DOMAIN.md §6 lets the public see.
 */
export function DisclosureBody({ body }: { body: { [k: string]: Json } }) {
  return <Value value={body} depth={0} />;
}

function Value({ value, depth }: { value: Json; depth: number }) {
  const { t, i18n } = useTranslation();
  if (value === null) return <span>—</span>;
  if (typeof value === 'boolean') return <span>{value ? '✓' : '✗'}</span>;
  if (typeof value === 'number') return <span className="num">{value.toLocaleString(i18n.language)}</span>;
  if (typeof value === 'string') return <span className="prose">{value}</span>;
  if (Array.isArray(value)) {
    return (
      <ul className="plain-list">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  const label = (k: string) => (i18n.exists(`board.field.${k}`) ? tk(t, `board.field.${k}`) : k);
  return (
    <dl className={depth === 0 ? 'facts' : 'facts nested'}>
      {Object.entries(value).map(([k, v]) => (
        <div key={k}>
          <dt>{label(k)}</dt>
          <dd>
            <Value value={v} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
