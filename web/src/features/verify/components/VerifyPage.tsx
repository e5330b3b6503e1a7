/**
 * Check a document: drop a file (or choose one, or paste its SHA-256). The file is hashed in the
 * browser; only the hash goes to the gateway, which says whether, when and by whom it was anchored.
 */
import { useId, useState, type DragEvent, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Hash } from '../../../components/ui/Hash';
import { formatBytes } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useVerification } from '../api/verify-hash';
import { isSha256, sha256OfFile } from '../sha256';
import { VerificationResult } from './VerificationResult';

interface Picked {
  name: string;
  size: number;
}

export function VerifyPage() {
  const { t, lang } = useLang();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const fromUrl = (params.get('sha256') ?? '').toLowerCase();
  const sha256 = isSha256(fromUrl) ? fromUrl : null;
  const [picked, setPicked] = useState<Picked | null>(null);
  const [hashing, setHashing] = useState(false);
  const [hashError, setHashError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState(false);
  const v = useVerification(sha256);

  const check = async (file: File | undefined) => {
    if (!file) return;
    setHashError(null);
    setHashing(true);
    setPicked({ name: file.name, size: file.size });
    try {
      const h = await sha256OfFile(file);
      setParams({ sha256: h }, { replace: false });
    } catch (e) {
      setHashError(e instanceof Error ? e.message : String(e));
    } finally {
      setHashing(false);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void check(e.dataTransfer.files[0]);
  };
  const onTyped = (e: FormEvent) => {
    e.preventDefault();
    const h = typed.trim().toLowerCase();
    if (!isSha256(h)) {
      setTypedError(true);
      return;
    }
    setTypedError(false);
    setPicked(null);
    setParams({ sha256: h });
  };

  return (
    <div className="page page--narrow">
      <PageTitle text={t('verify.title')} sub={<p className="lede">{t('verify.lede')}</p>} />
      <div
        className={dragging ? 'dropzone is-dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <p className="dropzone__title" aria-hidden="true">
          {t('verify.drop')}
        </p>
        <input id={`${id}-file`} className="visually-hidden file-input" type="file" onChange={(e) => void check(e.target.files?.[0])} data-testid="verify-file" />
        <label htmlFor={`${id}-file`} className="button">
          {t('verify.choose')}
        </label>
        <p className="dropzone__note">{t('verify.private')}</p>
      </div>

      <form className="hash-form" onSubmit={onTyped}>
        <label htmlFor={`${id}-hash`}>{t('verify.hashLabel')}</label>
        <div className="hash-form__row">
          <input id={`${id}-hash`} value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" placeholder="e3b0c442…" aria-invalid={typedError} aria-describedby={typedError ? `${id}-hash-error` : undefined} />
          <button type="submit" className="button button--secondary">
            {t('verify.check')}
          </button>
        </div>
        {typedError && (
          <p id={`${id}-hash-error`} className="field-error">
            {t('verify.hashInvalid')}
          </p>
        )}
      </form>

      <div aria-live="polite" className="verify-result" data-testid="verify-result">
        {hashing ? (
          <Loading label={t('verify.hashing')} />
        ) : hashError ? (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">{t('verify.hashFailed')}</p>
            <p>{hashError}</p>
          </div>
        ) : sha256 ? (
          <>
            <p className="fingerprint">
              {picked && (
                <>
                  <strong>{picked.name}</strong> ({formatBytes(picked.size, lang)}) —{' '}
                </>
              )}
              <span className="muted">SHA-256</span> <Hash value={sha256} full />
            </p>
            {v.isPending ? <Loading label={t('verify.asking')} /> : v.isError ? <ErrorNotice error={v.error} onRetry={() => void v.refetch()} /> : <VerificationResult result={v.data} />}
          </>
        ) : null}
      </div>
    </div>
  );
}
