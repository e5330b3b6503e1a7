/** GET /api/v1/network/validators — each validator's institution, power and the last blocks it signed. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export function useValidators() {
  return useQuery({
    queryKey: ['network', 'validators'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/network/validators', { signal })),
    refetchInterval: 5_000,
    staleTime: 0,
  });
}
