/**
 * The search as the address bar holds it (so a search can be shared and the back button works),
 * and as the API's list query takes it.
 */
export type SearchKind = 'kontrak' | 'tender';

export interface ListFilter {
  q?: string;
  buyer?: string;
  status?: string;
  method?: string;
  minValue?: number;
  maxValue?: number;
  sort?: 'recent' | 'value_desc' | 'value_asc';
}

export interface SearchState {
  kind: SearchKind;
  filter: ListFilter;
}

const digits = (s: string | null) => {
  const d = (s ?? '').replace(/\D/g, '');
  return d ? Number(d) : undefined;
};
const word = (s: string | null) => (s && /^[a-z_]+$/.test(s) ? s : undefined);

export function readSearch(params: URLSearchParams): SearchState {
  const sort = params.get('urut');
  return {
    kind: params.get('jenis') === 'tender' ? 'tender' : 'kontrak',
    filter: {
      q: params.get('q')?.trim() || undefined,
      buyer: params.get('instansi') || undefined,
      status: word(params.get('status')),
      method: word(params.get('metode')),
      minValue: digits(params.get('min')),
      maxValue: digits(params.get('maks')),
      sort: sort === 'nilai-tertinggi' ? 'value_desc' : sort === 'nilai-terendah' ? 'value_asc' : undefined,
    },
  };
}

export function writeSearch(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.kind === 'tender') p.set('jenis', 'tender');
  const f = s.filter;
  if (f.q) p.set('q', f.q);
  if (f.buyer) p.set('instansi', f.buyer);
  if (f.status) p.set('status', f.status);
  if (f.method) p.set('metode', f.method);
  if (f.minValue !== undefined) p.set('min', String(f.minValue));
  if (f.maxValue !== undefined) p.set('maks', String(f.maxValue));
  if (f.sort === 'value_desc') p.set('urut', 'nilai-tertinggi');
  if (f.sort === 'value_asc') p.set('urut', 'nilai-terendah');
  return p;
}

/** Query values the API accepts: no empty strings. */
export function apiFilter(f: ListFilter): ListFilter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as ListFilter;
}

export const CONTRACT_STATUSES = ['draft', 'active', 'handover_requested', 'maintenance', 'closed', 'terminated'] as const;
export const PROCESS_STATUSES = ['draft', 'announced', 'opening', 'evaluation', 'award_pending_pa', 'awarded', 'sppbj', 'failed'] as const;
export const METHODS = ['tender', 'tender_cepat', 'seleksi', 'pengadaan_langsung', 'penunjukan_langsung', 'e_purchasing'] as const;
