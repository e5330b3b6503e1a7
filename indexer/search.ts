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

/** Query words, each matched as a prefix of a word (people type as they search); at most 8. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokens(q))].slice(0, 8);
}
