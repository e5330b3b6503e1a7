/**
 * Complaint state:
 *   complaint/complaint/<complaintId> → Complaint
 */
import { decodeRecord, encodeRecord, key } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';

export const SUBJECT_KINDS = ['package', 'tender', 'contract'] as const;
export const OUTCOMES = ['substantiated', 'unsubstantiated', 'referred'] as const;

export interface Complaint {
  id: string;
  subject: { kind: (typeof SUBJECT_KINDS)[number]; id: string };
  subjectOrg: string; // the buying organization the complaint is about
  text: string;
  evidenceHashes: string[];
  filedBy: string; // member id, or public:<…> for someone from the public
  filedByOrg: string; // 'public' for the public
  filedMs: number;
  filedHeight: number;
  status: 'filed' | 'investigating' | 'answered';
  triage: { by: string; org: string; note: string; atMs: number } | null;
  answer: { by: string; org: string; text: string; outcome: (typeof OUTCOMES)[number]; atMs: number } | null;
}

export const complaintKeys = {
  complaint: (id: string) => key('complaint', 'complaint', id),
  prefix: () => key('complaint', 'complaint', ''),
};

export class ComplaintStore {
  constructor(protected readonly s: StateReader) {}
  complaint(id: string): Complaint | undefined {
    const v = this.s.get(complaintKeys.complaint(id));
    return v ? decodeRecord<Complaint>(v) : undefined;
  }
  complaints(): Complaint[] {
    return this.s.scan(complaintKeys.prefix()).map(([, v]) => decodeRecord<Complaint>(v));
  }
}

export class ComplaintWriter extends ComplaintStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  put(c: Complaint): void {
    this.w.set(complaintKeys.complaint(c.id), encodeRecord(c));
  }
}
