import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DemoNote, Done, ElectionNav, Key, Refusal, electionLinks, navItems } from '~/components/election/ui';
import {
  authorizeElection,
  communityPeople,
  db,
  enterPaperTotals,
  formatDigitCode,
  issuePaperBallot,
  issueVotingCode,
  pageBase,
  participationCounts,
  proxiesOf,
  recordProxy,
  searchVoters,
  sendElectionCommand,
  SCAN_TYPES,
  voterById,
} from '~/elections.server';
import type { Office } from '../../domain/election/plan';
import { fieldsOf, firstFieldError, firstIssue, formKey, idParam, readForm, type FileRule } from '~/forms.server';
import { confirmPaperSchema, paperTotalsFormSchema, proxySchema, voterPickSchema } from '../../domain/election/forms';
import { tk } from '../i18n/keys';
import { countingOpen, proxiesPhase, votingCodesPhase, votingOpen } from '../../domain/election/phases';

export const links = electionLinks;

/** The signed tally sheet 签字单: one photo or PDF, recognised by its content like every attachment (decision 007). */
const SCAN_FIELD: FileRule = { field: 'scan', kind: 'attachment', max: 1 };
export const meta: MetaFunction = () => [{ title: '投票站工作 · 民议' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  if (!access.onCommittee && !access.roles.includes('supervisor')) throw new Response('Forbidden', { status: 403 });
  const base = await pageBase(access);
  const e = access.election;
  const s = e.snapshot;
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const matches = access.onCommittee && q ? (await searchVoters(db(), e.id, { query: q, limit: 10 })).voters : [];
  const pick = async (id: string | null) => (id ? ((await voterById(db(), e.id, id)) ?? null) : null);
  const giver = await pick(url.searchParams.get('giver'));
  const holder = await pick(url.searchParams.get('holder'));
  const people = new Map((await communityPeople(db(), e.communityId)).map((p) => [p.userId, p.name]));
  const names = new Map((s.candidates ?? []).map((c) => [c.voterId, c.name]));
  const round = s.round;
  return {
    ...base,
    q,
    onlineVoting: e.plan.onlineVoting.enabled,
    proxiesOpen: access.onCommittee && proxiesPhase(e.phase) && Date.now() < s.schedule.proxyApplicationsCloseAt,
    codesOpen: access.onCommittee && e.plan.onlineVoting.enabled && votingCodesPhase(e.phase),
    voting: votingOpen(e.phase),
    counting: countingOpen(e.phase),
    matches: matches.map((m) => ({ id: m.id, name: m.name, group: m.group, householdId: m.householdId })),
    giver: giver ? { id: giver.id, name: giver.name } : null,
    holder: holder ? { id: holder.id, name: holder.name } : null,
    proxies: await proxiesOf(db(), e.id),
    counts: round ? await participationCounts(db(), e.id, round.no) : null,
    sections: round ? round.form.sections.map((x) => ({ office: x.office, candidates: x.candidateIds.map((id) => ({ id, name: names.get(id) ?? '—' })) })) : [],
    boxes: (round?.paper ?? []).map((p) => ({
      boxId: p.boxId,
      issued: p.issued,
      returned: p.returned,
      enteredBy: people.get(p.enteredBy) ?? '—',
      mine: p.enteredBy === access.user.id,
      confirmedBy: p.confirmedBy ? (people.get(p.confirmedBy) ?? '—') : null,
      scan: p.scanAttachmentId,
      votes: Object.entries(p.votes).flatMap(([office, byId]) => Object.entries(byId ?? {}).map(([id, n]) => ({ office, name: names.get(id) ?? '—', n }))),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Before a byte of the body is read: only the election committee and supervisors act on this page,
  // and only a committee member may send a file (the signed tally sheet).
  const gate = await authorizeElection(request, params.communityId, idParam(params.electionId), 'view');
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
  if (!gate.onCommittee && (multipart || !gate.roles.includes('supervisor'))) throw new Response('Forbidden', { status: 403 });
  const { formData: form, files, fileError } = await readForm(request, { files: SCAN_FIELD });
  const intent = String(form.get('intent') ?? '');
  const key = formKey(form);
  const back = (done: string, extra = '') => redirect(`${new URL(request.url).pathname}?done=${done}${extra}`);
  const refused = (r: { key: string; params?: Record<string, string | number> }) => data({ intent, refusal: { key: r.key, params: r.params }, code: null }, { status: 400 });
  if (intent === 'issueCode') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'issueVotingCode');
    const pick = voterPickSchema.safeParse(fieldsOf(form, 'voterId'));
    if (!pick.success) return refused(firstIssue(pick.error));
    const { voterId } = pick.data;
    const r = await issueVotingCode(db(), { electionId: access.election.id, actor: access.user.id, voterId });
    if (!r.ok) return refused(r);
    const v = await voterById(db(), access.election.id, voterId);
    // Shown once, in this response only: never in a URL, never stored in the clear.
    const url = new URL(`/p/${access.community.slug}/elections/${access.election.id}/vote`, request.url).toString();
    return { intent, refusal: null, code: { name: v?.name ?? '', code: formatDigitCode(r.code), url } };
  }
  if (intent === 'issuePaper' || intent === 'issueProxyBallot') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'issuePaperBallot');
    const pick = voterPickSchema.safeParse(fieldsOf(form, 'voterId'));
    if (!pick.success) return refused(firstIssue(pick.error));
    const r = await issuePaperBallot(db(), { electionId: access.election.id, actor: access.user.id, voterId: pick.data.voterId, viaProxy: intent === 'issueProxyBallot' });
    if (!r.ok) return refused(r);
    throw back(intent);
  }
  if (intent === 'recordProxy') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'recordProxy');
    const proxy = parseWithZod(form, { schema: proxySchema });
    if (proxy.status !== 'success') return refused(firstFieldError(proxy.error));
    const r = await recordProxy(db(), { electionId: access.election.id, actor: access.user.id, ...proxy.value });
    if (!r.ok) return refused(r);
    throw back(intent);
  }
  if (intent === 'enterPaper') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'enterPaperTotals');
    // The signed sheet is checked by its content before anything else: nothing is stored otherwise.
    if (fileError) return refused({ key: fileError === 'attachments.errors.tooLarge' ? 'election.errors.scanTooLarge' : 'forms.errors.scanType' });
    const scan = files[0];
    if (scan && !(SCAN_TYPES as readonly string[]).includes(scan.contentType)) return refused({ key: 'forms.errors.scanType' });
    const round = access.election.snapshot.round;
    if (!round) return refused({ key: 'election.errors.wrongPhase', params: { phase: access.election.phase } });
    const sheet = parseWithZod(form, { schema: paperTotalsFormSchema });
    if (sheet.status !== 'success') return refused(firstFieldError(sheet.error));
    const v = sheet.value;
    // The round's sections and candidates decide which numbers count; blanks are 0.
    const votes: Partial<Record<Office, Record<string, number>>> = {};
    const voidSections: Partial<Record<Office, number>> = {};
    for (const sec of round.form.sections) {
      votes[sec.office] = Object.fromEntries(sec.candidateIds.map((id) => [id, v.votes[sec.office]?.[id] ?? 0]));
      voidSections[sec.office] = v.void[sec.office] ?? 0;
    }
    const r = await enterPaperTotals({
      election: access.election,
      actor: access.actor,
      idempotencyKey: key,
      entry: { boxId: v.box, issued: v.issued, returned: v.returned, votes, voidSections },
      scan: scan ? { filename: scan.filename, contentType: scan.contentType, bytes: Buffer.from(scan.content) } : null,
    });
    if (!r.ok) return refused(r);
    throw back(intent);
  }
  if (intent === 'confirmPaper') {
    const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'confirmPaperTotals');
    const box = confirmPaperSchema.safeParse(fieldsOf(form, 'boxId'));
    if (!box.success) return refused(firstIssue(box.error));
    const r = await sendElectionCommand(access.election.id, access.actor, { action: 'confirmPaperTotals', boxId: box.data.boxId }, key);
    if (!r.ok) return refused(r);
    throw back(intent);
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Polling() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="polling" items={navItems(d)} />
      <h1>{t('electionUi.polling.title')}</h1>
      <DemoNote dayMs={d.dayMs} />
      <Done text={!result && params.get('done') ? t('electionUi.actions.done') : null} />
      {d.counts ? <p>{t('electionUi.round.ballots', d.counts)}</p> : null}

      {result?.code ? (
        <section className="card" aria-labelledby="code">
          <h2 id="code">{t('electionUi.polling.codeFor', { name: result.code.name })}</h2>
          <output className="el-code">{result.code.code}</output>
          <p className="el-id">{t('electionUi.polling.codeWhere', { url: result.code.url })}</p>
        </section>
      ) : null}

      {d.onCommittee && (d.codesOpen || d.voting || d.proxiesOpen) ? <VoterSearch d={d} result={result} /> : null}

      {d.proxiesOpen ? <Proxies d={d} result={result} /> : null}

      {d.counting ? <PaperTotals d={d} result={result} /> : null}
      {!d.counting && !d.proxiesOpen && !d.codesOpen ? <p>{t('electionUi.polling.notVoting')}</p> : null}
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionResult = ReturnType<typeof useActionData<typeof action>>;
type Part = { d: Data; result: ActionResult };

/** The refusal of the last submission, shown beside the form that sent it. */
function useErr({ d, result }: Part) {
  return (intent: string) => (result && result.intent === intent ? <Refusal refusal={result.refusal} dayMs={d.dayMs} /> : null);
}

/** Find a voter; issue a code, a paper or proxy ballot, or pick a proxy's giver and holder. */
function VoterSearch({ d, result }: Part) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const err = useErr({ d, result });
  const withParams = (extra: Record<string, string>) => `?${new URLSearchParams({ ...Object.fromEntries(params), ...extra })}`;
  return (
    <section className="card" aria-labelledby="find">
      <h2 id="find">{t('electionUi.polling.searchVoter')}</h2>
      {err('issueCode')}
      {err('issuePaper')}
      {err('issueProxyBallot')}
      <Form method="get" className="el-search" role="search">
        {d.giver ? <input type="hidden" name="giver" value={d.giver.id} /> : null}
        {d.holder ? <input type="hidden" name="holder" value={d.holder.id} /> : null}
        <label htmlFor="q" className="el-sr">
          {t('electionUi.polling.searchVoter')}
        </label>
        <input id="q" name="q" type="text" defaultValue={d.q} placeholder={t('electionUi.register.search')} />
        <button type="submit" className="secondary">
          {t('electionUi.register.searchButton')}
        </button>
      </Form>
      {d.codesOpen ? <p className="el-hint">{t('electionUi.polling.codesHint')}</p> : null}
      {d.voting ? <p className="el-hint">{t('electionUi.polling.paperHint')}</p> : null}
      <ul className="el-list">
        {d.matches.map((m) => (
          <li key={m.id}>
            <p>
              <strong>{m.name}</strong> <span className="el-muted">{m.group} · {m.householdId}</span>
            </p>
            <div className="el-row">
              {d.codesOpen ? (
                <Form method="post">
                  <Key value={d.key} />
                  <input type="hidden" name="voterId" value={m.id} />
                  <button type="submit" name="intent" value="issueCode" disabled={busy} aria-label={`${t('electionUi.polling.issueCode')} ${m.name}`}>
                    {t('electionUi.polling.issueCode')}
                  </button>
                </Form>
              ) : null}
              {d.voting ? (
                <Form method="post">
                  <Key value={d.key} />
                  <input type="hidden" name="voterId" value={m.id} />
                  <button type="submit" name="intent" value="issuePaper" className="secondary" disabled={busy}>
                    {t('electionUi.polling.issuePaper')}
                  </button>
                  <button type="submit" name="intent" value="issueProxyBallot" className="secondary" disabled={busy}>
                    {t('electionUi.polling.issueProxy')}
                  </button>
                </Form>
              ) : null}
              {d.proxiesOpen ? (
                <>
                  <Link to={withParams({ giver: m.id })} className="button secondary">
                    {t('electionUi.polling.giver')}
                  </Link>
                  <Link to={withParams({ holder: m.id })} className="button secondary">
                    {t('electionUi.polling.holder')}
                  </Link>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 委托投票: record a proxy between the picked giver and holder. */
function Proxies({ d, result }: Part) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const err = useErr({ d, result });
  return (
    <section className="card" aria-labelledby="proxies">
      <h2 id="proxies">{t('electionUi.polling.proxies')}</h2>
      <p className="el-hint">{t('electionUi.polling.proxyHint')}</p>
      {err('recordProxy')}
      <Form method="post" className="el-form">
        <Key value={d.key} />
        <p>
          {t('electionUi.polling.giver')}：<strong>{d.giver?.name ?? '—'}</strong>；{t('electionUi.polling.holder')}：<strong>{d.holder?.name ?? '—'}</strong>
        </p>
        <input type="hidden" name="giverVoterId" value={d.giver?.id ?? ''} />
        <input type="hidden" name="holderVoterId" value={d.holder?.id ?? ''} />
        <label htmlFor="relationship">{t('electionUi.polling.relationship')}</label>
        <input id="relationship" name="relationship" type="text" required />
        <label className="el-check">
          <input type="checkbox" name="written" /> {t('electionUi.polling.written')}
        </label>
        <button type="submit" name="intent" value="recordProxy" disabled={busy || !d.giver || !d.holder}>
          {t('electionUi.polling.recordProxy')}
        </button>
      </Form>
      <ul className="el-list">
        {d.proxies.map((p) => (
          <li key={p.giverVoterId}>{t('electionUi.register.proxyRow', { giver: p.giverName, holder: p.holderName, relationship: p.relationship })}</li>
        ))}
      </ul>
    </section>
  );
}

/** Paper totals per ballot box: entered with the signed sheet, confirmed by a second person. */
function PaperTotals({ d, result }: Part) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const err = useErr({ d, result });
  return (
    <section className="card" aria-labelledby="paper">
      <h2 id="paper">{t('electionUi.polling.paperTotals')}</h2>
      <p className="el-hint">{t('electionUi.polling.paperTotalsHint')}</p>
      {err('confirmPaper')}
      <h3>{t('electionUi.polling.boxes')}</h3>
      {d.boxes.length === 0 ? <p>{t('electionUi.polling.noBoxes')}</p> : null}
      <ul className="el-list">
        {d.boxes.map((b) => (
          <li key={b.boxId} className="stack">
            <p>
              <strong>{b.boxId}</strong>：{t('electionUi.polling.issuedCount')} {b.issued}，{t('electionUi.polling.returnedCount')} {b.returned}
            </p>
            <ul>
              {b.votes.map((v) => (
                <li key={`${v.office}-${v.name}`}>
                  {t('electionUi.polling.votesFor', { name: v.name, office: tk(t, `election.offices.${v.office}`) })}：{v.n}
                </li>
              ))}
            </ul>
            <p className="el-muted">
              {t('electionUi.polling.enteredBy', { name: b.enteredBy })} · {b.confirmedBy ? t('electionUi.polling.confirmedBy', { name: b.confirmedBy }) : t('electionUi.polling.unconfirmed')}
            </p>
            {b.scan ? (
              <p>
                <a href={`/c/${d.slug}/files/${b.scan}`}>{t('electionUi.polling.scanLink')}</a>
              </p>
            ) : null}
            {!b.confirmedBy && !b.mine ? (
              <Form method="post">
                <Key value={d.key} />
                <input type="hidden" name="boxId" value={b.boxId} />
                <button type="submit" name="intent" value="confirmPaper" className="el-full" disabled={busy}>
                  {t('electionUi.polling.confirm')}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {d.onCommittee ? (
        <Form method="post" encType="multipart/form-data" className="el-form el-action">
          <Key value={d.key} />
          {err('enterPaper')}
          <label htmlFor="box">{t('electionUi.polling.box')}</label>
          <input id="box" name="box" type="text" required />
          <div className="el-inline-fields">
            <div>
              <label htmlFor="issued">{t('electionUi.polling.issuedCount')}</label>
              <input id="issued" name="issued" type="number" min={0} inputMode="numeric" required />
            </div>
            <div>
              <label htmlFor="returned">{t('electionUi.polling.returnedCount')}</label>
              <input id="returned" name="returned" type="number" min={0} inputMode="numeric" required />
            </div>
          </div>
          {d.sections.map((sec) => (
            <fieldset key={sec.office} className="el-checks">
              <legend>{t(`election.offices.${sec.office}`)}</legend>
              {sec.candidates.map((c) => (
                <div key={c.id}>
                  <label htmlFor={`v-${sec.office}-${c.id}`}>{t('electionUi.polling.votesFor', { name: c.name, office: t(`election.offices.${sec.office}`) })}</label>
                  <input id={`v-${sec.office}-${c.id}`} name={`votes.${sec.office}.${c.id}`} type="number" min={0} inputMode="numeric" defaultValue={0} />
                </div>
              ))}
              <label htmlFor={`void-${sec.office}`}>{t('electionUi.polling.voidCount', { office: t(`election.offices.${sec.office}`) })}</label>
              <input id={`void-${sec.office}`} name={`void.${sec.office}`} type="number" min={0} inputMode="numeric" defaultValue={0} />
            </fieldset>
          ))}
          <label htmlFor="scan">{t('electionUi.polling.scan')}</label>
          <input id="scan" name="scan" type="file" accept="application/pdf,image/jpeg,image/png,image/webp" required />
          <button type="submit" name="intent" value="enterPaper" disabled={busy}>
            {t('electionUi.polling.enter')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
