/** GET /api/v1/rulesets — the rule-sets the ledger checks, so a form checks the same numbers. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';
import type { RuleSet } from '../terms';

export const rulesetsQuery = queryOptions({
  queryKey: ['rulesets'] as const,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/rulesets', { signal })),
  staleTime: 60 * 60_000,
});

/** The rule-set with `id` (a process keeps the one it was created under), or the first one the ledger knows. */
export function useRuleSet(id?: string | null): { rules: RuleSet | undefined; isPending: boolean; error: unknown } {
  const q = useQuery(rulesetsQuery);
  const rules = q.data?.find((r) => r.id === id) ?? (id ? undefined : q.data?.[0]);
  return { rules, isPending: q.isPending, error: q.error };
}
