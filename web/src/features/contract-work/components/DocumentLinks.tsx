/** Documents by hash: checked against the ledger (link to /verifikasi) and downloadable when stored here and the reader may. */
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiProblem } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { Hash } from '../../../components/ui/Hash';
import { downloadDocument, useDocumentInfo } from '../api/documents';

export function DocumentLinks({ hashes }: { hashes: string[] }) {
  const { t } = useLang();
  if (hashes.length === 0) return <span className="muted">{t('contractWork.document.none')}</span>;
  return (
    <ul className="plain cw-document__list">
      {hashes.map((h) => (
        <DocumentLink key={h} sha256={h} />
      ))}
    </ul>
  );
}

function DocumentLink({ sha256 }: { sha256: string }) {
  const { t, lang } = useLang();
  const info = useDocumentInfo(sha256);
  const [error, setError] = useState<string | null>(null);
  const stored = info.data?.stored.find((s) => !s.erased);
  return (
    <li>
      <Hash value={sha256} /> <Link to={`/verifikasi?sha256=${sha256}`}>{t('contractWork.document.check')}</Link>
      {stored && (
        <>
          {' · '}
          <button
            type="button"
            className="button button--secondary cw-small"
            onClick={() => {
              setError(null);
              downloadDocument(stored.id, `${sha256.slice(0, 12)}`).catch((e: unknown) => setError(e instanceof ApiProblem && e.code === 'NOT_FOUND' ? t('contractWork.document.notForYou') : e instanceof ApiProblem ? (e.messages?.[lang] ?? e.code) : t('contractWork.document.failed')));
            }}
          >
            {t('contractWork.document.download')}
          </button>
        </>
      )}
      {info.data && !stored && <span className="cell-sub">{t('contractWork.document.notStored')}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
