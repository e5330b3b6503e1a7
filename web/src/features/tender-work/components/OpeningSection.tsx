/**
 * The opening committee: each seat with its key and reveal, k of n; for the officer holding a seat,
 * registering a one-tender opening key made in this browser (while the tender is a draft) and,
 * after the bid deadline, revealing its secret half, which opens that seat's share of every bid
 * (ledger/modules/tender/README.md, "Opening"); for the Pokja, closing the opening after the grace
 * period or declaring the tender failed.
 */
import { useEffect, useState } from 'react';
import { Section } from '../../../components/ui/Section';
import { ApiProblem } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { forgetOpeningKey, loadOpeningKey, openingKeyFor, openingPublicKeyOf, sameKey, type OpeningKey } from '../../../lib/ledger/opening-keys';
import { openingKeyBytes, toHex } from '../../../lib/ledger/sealing';
import { useSessionControl } from '../../../lib/session';
import { DAY_MS, RULES, type Duty } from '../model';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { SignAction } from './SignAction';
import { TimeLeft } from './TimeLeft';

export function OpeningSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const { tender, me, now, duties } = ctx;
  const seat = tender.committee.find((s) => s.memberId === me.memberId) ?? null;
  const duty = (a: Duty['action']) => duties.find((d) => d.action === a);
  const revealedCount = tender.committee.filter((s) => s.revealed).length;
  const graceEnds = tender.bidDeadlineMs !== null ? tender.bidDeadlineMs + RULES.openingGraceDays * DAY_MS : null;
  const perOrg = new Map<string, number>();
  for (const s of tender.committee) perOrg.set(s.orgId, (perOrg.get(s.orgId) ?? 0) + 1);
  return (
    <Section id="pembukaan" title={t('tenderWork.opening.title')}>
      <p>{t('tenderWork.opening.kOfN', { k: tender.threshold, n: tender.committee.length, orgs: perOrg.size, most: Math.max(0, ...perOrg.values()) })}</p>
      <div className="table-wrap">
        <table className="table table--cards table--compact" data-testid="committee">
          <caption className="visually-hidden">{t('tenderWork.opening.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tenderWork.opening.seat')}</th>
              <th scope="col">{t('tenderWork.opening.officer')}</th>
              <th scope="col">{t('tenderWork.opening.key')}</th>
              <th scope="col">{t('tenderWork.opening.revealed')}</th>
            </tr>
          </thead>
          <tbody>
            {tender.committee.map((s, i) => (
              <tr key={s.memberId}>
                <th scope="row" data-label={t('tenderWork.opening.seat')}>
                  {i + 1}
                </th>
                <td data-label={t('tenderWork.opening.officer')}>
                  {ctx.memberName(s.memberId)} <span className="muted">— {ctx.orgName(s.orgId)}</span>
                </td>
                <td data-label={t('tenderWork.opening.key')}>{s.openingKey ? <code className="hash">{toHex(openingKeyBytes(s.openingKey)).slice(0, 16)}…</code> : t('tenderWork.opening.noKey')}</td>
                <td data-label={t('tenderWork.opening.revealed')}>{s.revealed ? t('tenderWork.opening.yes') : t('tenderWork.opening.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t('tenderWork.opening.progress', { revealed: revealedCount, k: tender.threshold, n: tender.committee.length })}
        {tender.bidDeadlineMs !== null && (
          <>
            {' '}
            {t('tenderWork.opening.deadline')} <TimeLeft atMs={tender.bidDeadlineMs} now={now} />
          </>
        )}
      </p>
      {seat && <MySeat ctx={ctx} registered={seat.openingKey} register={duty('register_opening_key')} reveal={duty('reveal_opening_key')} />}
      {duty('close_opening') && (
        <div className="work-action" data-testid="close-opening">
          <h3>{t('tenderWork.opening.closeTitle')}</h3>
          <p>
            <DutyText duty={duty('close_opening')!} now={now} />
          </p>
          <p className="field-help">{t('tenderWork.opening.closeHelp', { days: RULES.openingGraceDays })}</p>
          {duty('close_opening')!.ready && <SignAction type="tender.close_opening" label={t('tenderWork.opening.closeSubmit')} fields={[{ label: t('tenderWork.tender'), value: <code>{tender.id}</code> }]} build={() => ({ tenderId: tender.id })} />}
        </div>
      )}
      {graceEnds !== null && tender.status === 'opening' && !duty('close_opening') && (
        <p className="muted">
          {t('tenderWork.opening.graceEnds')} <TimeLeft atMs={graceEnds} now={now} />
        </p>
      )}
    </Section>
  );
}

function MySeat({ ctx, registered, register, reveal }: { ctx: WorkContext; registered: string | null; register?: Duty; reveal?: Duty }) {
  const { t } = useLang();
  const { chainId } = useSessionControl();
  const { tender, me, now } = ctx;
  const [kept, setKept] = useState<OpeningKey | null | undefined>(undefined);
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => {
    let live = true;
    if (!chainId) return;
    void loadOpeningKey(chainId, tender.id, me.memberId).then(async (k) => {
      if (!live) return;
      setKept(k);
      setMismatch(!!k && !!registered && !sameKey(await openingPublicKeyOf(k.secretKey), openingKeyBytes(registered)));
    });
    return () => {
      live = false;
    };
  }, [chainId, tender.id, me.memberId, registered]);

  return (
    <div className="work-action" data-testid="my-seat">
      <h3>{t('tenderWork.opening.mySeat')}</h3>
      {kept === undefined || tender.committee.find((s) => s.memberId === me.memberId)?.revealed ? null : kept ? (
        <p>{t('tenderWork.opening.keptHere', { at: kept.createdAt.slice(0, 10) })}</p>
      ) : registered ? (
        <p className={tender.status === 'announced' || tender.status === 'opening' ? 'field-error' : undefined}>{t('tenderWork.opening.notHere')}</p>
      ) : null}
      {register && (
        <>
          <p>{t('tenderWork.opening.registerHelp')}</p>
          <SignAction
            type="tender.register_opening_key"
            label={t('tenderWork.opening.registerSubmit')}
            fields={[
              { label: t('tenderWork.tender'), value: <code>{tender.id}</code> },
              { label: t('tenderWork.opening.publicKey'), value: kept ? <code className="hash">{toHex(kept.publicKey)}</code> : t('tenderWork.opening.madeOnSign') },
            ]}
            build={async () => {
              if (!chainId) throw new ApiProblem('NO_KEY', 0, null);
              const k = await openingKeyFor(chainId, tender.id, me.memberId);
              setKept(k);
              return { tenderId: tender.id, publicKey: k.publicKey };
            }}
          />
          {kept && (
            <p className="field-help">
              {t('tenderWork.opening.keyInUseHelp')}{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  if (!chainId) return;
                  void forgetOpeningKey(chainId, tender.id, me.memberId).then(() => setKept(null));
                }}
              >
                {t('tenderWork.opening.newKey')}
              </button>
            </p>
          )}
        </>
      )}
      {reveal && (
        <>
          <p>
            <DutyText duty={reveal} now={now} />
          </p>
          <p className="field-help">{t('tenderWork.opening.revealHelp')}</p>
          {mismatch && <p className="field-error">{t('tenderWork.opening.mismatch')}</p>}
          {reveal.ready && kept && !mismatch && (
            <SignAction
              type="tender.reveal_opening_key"
              label={t('tenderWork.opening.revealSubmit')}
              fields={[
                { label: t('tenderWork.tender'), value: <code>{tender.id}</code> },
                { label: t('tenderWork.opening.secret'), value: t('tenderWork.opening.secretWords') },
              ]}
              build={() => ({ tenderId: tender.id, secretKey: kept.secretKey })}
              onDone={async () => {
                // The secret is on the ledger now; nothing is lost by forgetting it here.
                if (chainId) await forgetOpeningKey(chainId, tender.id, me.memberId);
              }}
            />
          )}
          {reveal.ready && !kept && kept !== undefined && <p className="field-error">{t('tenderWork.opening.cannotReveal')}</p>}
        </>
      )}
      {!register && !reveal && registered && <p className="muted">{tender.committee.find((s) => s.memberId === me.memberId)?.revealed ? t('tenderWork.opening.youRevealed') : t('tenderWork.opening.keyRegistered')}</p>}
    </div>
  );
}
