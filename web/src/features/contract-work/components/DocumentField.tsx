/**
 * Choose a document: it is hashed here (WebCrypto), stored at the gateway (restricted to the
 * organization unless the person makes it public) and its SHA-256 goes into the transaction — the
 * ledger keeps only the hash.
 */
import { useId, useState } from 'react';
import { ApiProblem } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { Hash } from '../../../components/ui/Hash';
import { uploadDocument } from '../api/documents';

export function DocumentField({ label, help, onChange, multiple, name }: { label: string; help?: string; onChange: (hashes: string[]) => void; multiple?: boolean; name: string }) {
  const { t, lang } = useLang();
  const id = useId();
  const [docs, setDocs] = useState<Array<{ name: string; sha256: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [publicDoc, setPublicDoc] = useState(false);
  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const added: Array<{ name: string; sha256: string }> = [];
      for (const f of [...files]) added.push({ name: f.name, sha256: (await uploadDocument(f, publicDoc ? 'public' : 'restricted')).sha256 });
      const next = multiple ? [...docs, ...added.filter((a) => !docs.some((d) => d.sha256 === a.sha256))] : added.slice(0, 1);
      setDocs(next);
      onChange(next.map((d) => d.sha256));
    } catch (e) {
      setError(e instanceof ApiProblem ? (e.messages?.[lang] ?? e.code) : t('contractWork.document.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field cw-document" data-document={name}>
      <label htmlFor={id}>{label}</label>
      {help && <p className="field-help">{help}</p>}
      <input id={id} type="file" name={name} className="file-input" multiple={multiple} disabled={busy} onChange={(e) => void add(e.currentTarget.files)} />
      <label className="cw-check">
        <input type="checkbox" checked={publicDoc} onChange={(e) => setPublicDoc(e.currentTarget.checked)} /> {t('contractWork.document.public')}
      </label>
      {busy && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('contractWork.document.uploading')}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {docs.length > 0 && (
        <ul className="plain cw-document__list" aria-label={t('contractWork.document.chosen')}>
          {docs.map((d) => (
            <li key={d.sha256}>
              {d.name} — <Hash value={d.sha256} />{' '}
              <button
                type="button"
                className="button button--secondary cw-small"
                onClick={() => {
                  const next = docs.filter((x) => x.sha256 !== d.sha256);
                  setDocs(next);
                  onChange(next.map((x) => x.sha256));
                }}
              >
                {t('contractWork.document.remove', { name: d.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
