/**
 * The S-curve as inline SVG: planned (dashed) against verified (solid), with the data as a table
 * for anyone who cannot see the drawing.
 */
import { useId } from 'react';
import { formatBp, formatDate } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import type { Terms } from '../../../lib/contract-record';
import { actualCurve, plannedCurve, type CurvePoint } from '../s-curve';

const W = 640;
const H = 260;
const M = { top: 16, right: 20, bottom: 36, left: 48 };

export function SCurve({ terms }: { terms: Terms }) {
  const { t, lang } = useLang();
  const titleId = useId();
  const descId = useId();
  const planned = plannedCurve(terms);
  const actual = actualCurve(terms);
  if (planned.length < 2) return <p className="muted">{t('contract.curve.none')}</p>;
  const x0 = planned[0]!.ms;
  const x1 = Math.max(planned[planned.length - 1]!.ms, terms.endMs ?? 0, ...actual.map((p) => p.ms));
  const sx = (ms: number) => M.left + ((ms - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const sy = (bp: number) => M.top + (1 - bp / 10_000) * (H - M.top - M.bottom);
  const line = (pts: CurvePoint[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.ms).toFixed(1)},${sy(p.bp).toFixed(1)}`).join(' ');
  const lastActual = actual[actual.length - 1]!;
  const plannedAtLast = interpolate(planned, lastActual.ms);
  const summary = t('contract.curve.summary', { actual: formatBp(lastActual.bp, lang), planned: formatBp(plannedAtLast, lang), date: formatDate(lastActual.ms, lang, { time: false }) });
  const ticks = [0, 2500, 5000, 7500, 10_000];
  const xTicks = [x0, x0 + (x1 - x0) / 2, x1];
  return (
    <figure className="s-curve">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{t('contract.curve.title')}</title>
        <desc id={descId}>{summary}</desc>
        {ticks.map((bp) => (
          <g key={bp}>
            <line x1={M.left} x2={W - M.right} y1={sy(bp)} y2={sy(bp)} className="s-curve__grid" />
            <text x={M.left - 8} y={sy(bp) + 4} textAnchor="end" className="s-curve__label">
              {formatBp(bp, lang)}
            </text>
          </g>
        ))}
        {xTicks.map((ms, i) => (
          <text key={i} x={sx(ms)} y={H - 12} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'} className="s-curve__label">
            {formatDate(ms, lang, { time: false })}
          </text>
        ))}
        <path d={line(planned)} className="s-curve__planned" />
        <path d={line(actual)} className="s-curve__actual" />
        {actual.slice(1).map((p, i) => (
          <circle key={i} cx={sx(p.ms)} cy={sy(p.bp)} r={4} className="s-curve__dot" />
        ))}
      </svg>
      <figcaption>
        <span className="legend legend--planned">{t('contract.curve.planned')}</span>
        <span className="legend legend--actual">{t('contract.curve.actual')}</span>
        <span className="s-curve__summary">{summary}</span>
      </figcaption>
      <details className="s-curve__data">
        <summary>{t('contract.curve.showData')}</summary>
        <table className="table table--compact">
          <caption className="visually-hidden">{t('contract.curve.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contract.curve.series')}</th>
              <th scope="col">{t('common.date')}</th>
              <th scope="col" className="num">
                {t('contract.curve.cumulative')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...planned.slice(1).map((p) => ({ ...p, s: t('contract.curve.planned') })), ...actual.slice(1).map((p) => ({ ...p, s: t('contract.curve.actual') }))].map((p, i) => (
              <tr key={i}>
                <td>{p.s}</td>
                <td>{formatDate(p.ms, lang, { time: false })}</td>
                <td className="num">{formatBp(p.bp, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The planned share at `ms`, on the straight segments between milestones. */
function interpolate(pts: CurvePoint[], ms: number): number {
  if (ms <= pts[0]!.ms) return 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (ms <= b.ms) return Math.round(a.bp + ((b.bp - a.bp) * (ms - a.ms)) / Math.max(1, b.ms - a.ms));
  }
  return pts[pts.length - 1]!.bp;
}
