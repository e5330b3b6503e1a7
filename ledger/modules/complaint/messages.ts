/**
 * Complaint messages: anyone — a member or someone from the public with a key of their own —
 * files a complaint about a package, tender or contract, with evidence hashes; an APIP auditor
 * triages and answers it. Everything is recorded. Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { documentHashes, identifier, publicText } from '../fields.js';
import { isApipAuditor } from '../access.js';
import { PlanStore } from '../plan/state.js';
import { TenderStore } from '../tender/state.js';
import { ContractStore } from '../contract/state.js';
import { ComplaintStore, ComplaintWriter, OUTCOMES, SUBJECT_KINDS, type Complaint } from './state.js';

const id = identifier;

export const FileComplaint = z.strictObject({ complaintId: id, subject: z.strictObject({ kind: z.enum(SUBJECT_KINDS), id }), text: publicText(10, 4000), evidenceHashes: documentHashes });
export const Triage = z.strictObject({ complaintId: id, note: publicText(3, 2000) });
export const AnswerComplaint = z.strictObject({ complaintId: id, outcome: z.enum(OUTCOMES), text: publicText(3, 4000) });

function subjectOrg(ctx: TxContext, s: Complaint['subject']): string {
  const org = s.kind === 'package' ? new PlanStore(ctx.state).pkg(s.id)?.orgId : s.kind === 'tender' ? new TenderStore(ctx.state).tender(s.id)?.orgId : new ContractStore(ctx.state).contract(s.id)?.buyerOrg;
  return org ?? fail('NOT_FOUND', `${s.kind} ${s.id}`);
}

function requireApip(ctx: TxContext, what: string): void {
  if (!isApipAuditor(ctx)) fail('UNAUTHORIZED', `${what}: needs an APIP auditor`);
}

export const complaintModule: LedgerModule = {
  name: 'complaint',
  publicMessages: ['file'],
  messages: {
    file: defineMessage(FileComplaint, (ctx, b) => {
      const w = new ComplaintWriter(ctx.state);
      if (w.complaint(b.complaintId)) fail('ALREADY_EXISTS', `complaint ${b.complaintId}`);
      const org = subjectOrg(ctx, b.subject);
      w.put({ id: b.complaintId, subject: b.subject, subjectOrg: org, text: b.text, evidenceHashes: b.evidenceHashes, filedBy: ctx.signer.memberId, filedByOrg: ctx.signer.orgId, filedMs: ctx.timeMs, filedHeight: ctx.height, status: 'filed', triage: null, answer: null });
      ctx.emit('complaint.filed', { complaint: b.complaintId, subject: `${b.subject.kind}/${b.subject.id}`, org }, ['complaint', 'subject', 'org']);
    }),
    triage: defineMessage(Triage, (ctx, b) => {
      const w = new ComplaintWriter(ctx.state);
      const c = w.complaint(b.complaintId) ?? fail('NOT_FOUND', `complaint ${b.complaintId}`);
      requireApip(ctx, 'triaging a complaint');
      if (c.status !== 'filed') fail('INVALID_STATE', `complaint ${c.id} is ${c.status}`);
      c.status = 'investigating';
      c.triage = { by: ctx.signer.memberId, org: ctx.signer.orgId, note: b.note, atMs: ctx.timeMs };
      w.put(c);
      ctx.emit('complaint.triaged', { complaint: c.id, by: ctx.signer.memberId }, ['complaint']);
    }),
    answer: defineMessage(AnswerComplaint, (ctx, b) => {
      const w = new ComplaintWriter(ctx.state);
      const c = w.complaint(b.complaintId) ?? fail('NOT_FOUND', `complaint ${b.complaintId}`);
      requireApip(ctx, 'answering a complaint');
      if (c.status === 'answered') fail('INVALID_STATE', `complaint ${c.id} is answered`);
      c.status = 'answered';
      c.answer = { by: ctx.signer.memberId, org: ctx.signer.orgId, text: b.text, outcome: b.outcome, atMs: ctx.timeMs };
      w.put(c);
      ctx.emit('complaint.answered', { complaint: c.id, outcome: b.outcome, by: ctx.signer.memberId }, ['complaint']);
    }),
  },
  query(state, path) {
    const s = new ComplaintStore(state);
    const [what, arg] = path;
    if (what === 'complaints') return s.complaints().filter((c) => !arg || c.subject.id === arg || c.subjectOrg === arg);
    if (what === 'complaint') return (arg ? s.complaint(arg) : undefined) ?? fail('NOT_FOUND', `complaint ${arg ?? ''}`);
    return fail('BAD_QUERY', `unknown complaint query ${what ?? ''}`);
  },
};
