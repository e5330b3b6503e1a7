/**
 * One ledger action: what will be signed (the message and its fields, in words), the button that
 * signs it with the person's own key and relays it, and its progress to "recorded in block N".
 * Signing itself is the session's (lib/ledger/submit.ts); this only shows it.
 */
import { useId, useState, type ReactNode } from 'react';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { useLang } from '../../../lib/i18n';
import { TxProgress, useSubmitTx, type TxBody, type TxResult } from '../../../lib/ledger/submit';
import { useRecordedSetter } from './Recorded';

export interface SignedField {
  label: string;
  value: ReactNode;
}

export function SignAction({
  type,
  fields,
  build,
  label,
  disabled,
  onDone,
  children,
}: {
  /** `tender.<message>` */
  type: string;
  /** What the person is about to sign, in words. */
  fields: SignedField[];
  /** The body, built when the button is pressed (may do slow work, e.g. make a key); null = do not send. */
  build: () => Promise<TxBody | null> | TxBody | null;
  label: string;
  disabled?: boolean;
  onDone?: (r: TxResult) => void | Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useLang();
  const tx = useSubmitTx();
  const recorded = useRecordedSetter();
  const headingId = useId();
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const [prepError, setPrepError] = useState<unknown>(null);
  const [preparing, setPreparing] = useState(false);
  const go = async () => {
    setPrepError(null);
    let body: TxBody | null;
    setPreparing(true);
    try {
      body = await build();
    } catch (e) {
      setPrepError(e);
      return;
    } finally {
      setPreparing(false);
    }
    if (!body) return;
    try {
      const r = await tx.submit(type, body);
      recorded?.({ type, result: r });
      await onDone?.(r);
    } catch {
      // shown by TxProgress, in the person's language
    }
  };
  return (
    <div className="sign-action" aria-labelledby={headingId}>
      <p id={headingId} className="sign-action__what">
        {t('tenderWork.sign.willSign')} <code>{type}</code>
      </p>
      {fields.length > 0 && (
        <dl className="sign-action__fields">
          {fields.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {children}
      <button type="button" className="button" disabled={disabled || busy || preparing} onClick={() => void go()}>
        {label}
      </button>
      {prepError !== null && <ErrorNotice error={prepError} />}
      <TxProgress state={tx} />
    </div>
  );
}
