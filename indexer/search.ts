/**
 * Full-text search tokens. The same tokenizer runs on both backends (an inverted index in the
 * `search_token` table), so SQLite and PostgreSQL give identical answers: words lower-cased,
 * diacritics removed, split on anything that is not a letter or digit.
 */
const MAX_TOKENS = 64;

export function tokens(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 40);
  return [...new Set(words)].slice(0, MAX_TOKENS);
}

/** Query words: the last one is matched as a prefix (people type as they search). */
export function queryTerms(q: string): { exact: string[]; prefix: string | null } {
  const endsWithSpace = /\s$/.test(q);
  const t = q
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 1)
    .slice(0, 8);
  if (t.length === 0) return { exact: [], prefix: null };
  if (endsWithSpace) return { exact: [...new Set(t)], prefix: null };
  const last = t[t.length - 1]!;
  return { exact: [...new Set(t.slice(0, -1))], prefix: last };
}
