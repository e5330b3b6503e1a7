/** The auditor workspace's addresses and the ledger messages it signs (backquoted: message types, not i18n keys). */
export const auditPaths = {
  home: '/kerja/audit',
  trail: (id?: string) => (id ? `/kerja/audit/jejak?id=${encodeURIComponent(id)}` : '/kerja/audit/jejak'),
};

export const MSG = {
  triage: `complaint.triage`,
  answer: `complaint.answer`,
} as const;

export const OUTCOMES = ['substantiated', 'unsubstantiated', 'referred'] as const;
