/** What the auditor workspace reads: complaints, refused transactions, a process or contract with its history, a record's proof. */
import { useQuery } from '@tanstack/react-query';
import { api, ApiProblem, unwrap } from '../../../lib/api';

export interface Complaint {
  id: string;
  subject: { kind: string; id: string };
  subjectOrg: string;
  text: string;
  evidenceHashes: string[];
  filedBy: string | null;
  filedByOrg: string;
  filedMs: number;
  filedHeight: number;
  status: string;
  triage: { by: string; org: string; note: string; atMs: number } | null;
  answer: { by: string; org: string; text: string; outcome: string; atMs: number } | null;
}

export interface RefusedTx {
  hash: string;
  height: number;
  type: string;
  signer: string;
  org: string;
  code: number;
  result: string;
  log: string;
  time: string;
}

export function useComplaintQueue(status: string) {
  return useQuery({
    queryKey: ['complaints', status] as const,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/complaints', { params: { query: { status: status || undefined } }, signal }))) as unknown as Complaint[],
  });
}

export function useRefused(limit: number) {
  return useQuery({ queryKey: ['refused', limit] as const, queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/refused', { params: { query: { limit } }, signal }))) as unknown as RefusedTx[] });
}

/** A process or a contract by id: whichever the ledger has. */
export type Subject = { kind: 'process'; data: Awaited<ReturnType<typeof getProcess>> } | { kind: 'contract'; data: Awaited<ReturnType<typeof getContract>> };
const getProcess = (id: string, signal: AbortSignal) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal }));
const getContract = (id: string, signal: AbortSignal) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal }));

export function useSubject(id: string) {
  return useQuery({
    queryKey: ['audit-subject', id] as const,
    enabled: id.length > 0,
    queryFn: async ({ signal }): Promise<Subject> => {
      try {
        return { kind: 'contract', data: await getContract(id, signal) };
      } catch (e) {
        if (!(e instanceof ApiProblem) || e.code !== 'NOT_FOUND') throw e;
      }
      return { kind: 'process', data: await getProcess(id, signal) };
    },
  });
}

export function useProof(key: string | null) {
  return useQuery({ queryKey: ['proof', key] as const, enabled: !!key, retry: false, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/proof', { params: { query: { key: key! } }, signal })) });
}
