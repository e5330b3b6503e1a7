/**
 * A person replaces their own key: a new non-extractable key is made in this browser, the current
 * key signs identity.rotate_key for it, and once the ledger has committed it the new key becomes
 * the one this browser signs with (the old one can no longer sign: KEY_REVOKED).
 */
import { useState } from 'react';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { useSessionControl } from '../../../lib/session';
import { deleteKey, generateKeyPair, promoteNextKey, saveKey } from '../../../lib/ledger/keystore';
import { toHex } from '../../../lib/ledger/webcrypto';
import { TxProgress, useSubmitTx } from '../../../lib/ledger/submit';

export function KeyRotation() {
  const { t } = useLang();
  const { session, chainId, key, replaceKey } = useSessionControl();
  const tx = useSubmitTx();
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  if (!session || !chainId) return null;
  const memberId = session.memberId;

  async function rotate() {
    setConfirming(false);
    setFailed(null);
    const pair = await generateKeyPair();
    // Kept aside until the ledger registers it: a refused rotation leaves the current key in use.
    await saveKey(chainId!, memberId, pair, 'browser', 'next');
    try {
      await tx.submit('identity.rotate_key', { memberId, newPubKey: pair.publicKey });
    } catch {
      await deleteKey(chainId!, memberId, 'next');
      return;
    }
    const promoted = await promoteNextKey(chainId!, memberId);
    if (promoted) replaceKey(promoted);
  }

  return (
    <Section title={t('keys.title')}>
      <p>{t('keys.intro')}</p>
      {key ? (
        <p>
          {t('keys.current')} <span className="key-id">{toHex(key.publicKey).slice(0, 16)}…</span> ({key.origin === 'demo' ? t('keys.originDemo') : t('keys.originBrowser')})
        </p>
      ) : (
        <p className="notice notice--error">{t('keys.none')}</p>
      )}
      {!confirming ? (
        <button type="button" className="button button--secondary" disabled={!key || tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing'} onClick={() => setConfirming(true)}>
          {t('keys.rotate')}
        </button>
      ) : (
        <div className="notice" role="group" aria-label={t('keys.rotate')}>
          <p>{t('keys.confirm')}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => void rotate().catch(setFailed)}>
              {t('keys.rotateConfirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t('keys.cancel')}
            </button>
          </div>
        </div>
      )}
      <TxProgress state={tx} />
      {tx.phase === 'done' && <p role="status">{t('keys.rotated')}</p>}
      {failed !== null && <p className="notice notice--error">{t('keys.failed')}</p>}
    </Section>
  );
}
