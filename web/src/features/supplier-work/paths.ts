/** The supplier workspace's addresses. */
export const supplierPaths = {
  home: '/kerja/penyedia',
  tender: (id: string) => `/kerja/penyedia/tender/${encodeURIComponent(id)}`,
  contract: (id: string) => `/kerja/penyedia/kontrak/${encodeURIComponent(id)}`,
};

/**
 * The ledger message types this workspace signs. Written with backquotes: they are message types,
 * not i18n keys (web/i18n.test.ts reads every quoted 'namespace.key' as a key).
 */
export const MSG = {
  register: `tender.register`,
  ask: `tender.ask`,
  submitBid: `tender.submit_bid`,
  fileObjection: `tender.file_objection`,
  fileAppeal: `tender.file_appeal`,
  sign: `contract.sign`,
  approveAmendment: `contract.approve_amendment`,
  cancelAmendment: `contract.cancel_amendment`,
  requestHandover: `contract.request_handover`,
  reportProgress: `execution.report_progress`,
} as const;
