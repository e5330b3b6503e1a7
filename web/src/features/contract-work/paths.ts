/** The contract workspace's addresses (Indonesian words, as the rest of the app). */
export const workPaths = {
  pa: '/kerja/pa',
  ppk: '/kerja/ppk',
  draft: (tenderId: string) => `/kerja/ppk/kontrak-baru/${encodeURIComponent(tenderId)}`,
  contract: (id: string) => `/kerja/ppk/kontrak/${encodeURIComponent(id)}`,
  verifications: '/kerja/verifikasi',
  verify: (contractId: string, milestoneId: string) => `/kerja/verifikasi/${encodeURIComponent(contractId)}/${encodeURIComponent(milestoneId)}`,
  treasury: '/kerja/bendahara',
  payment: (contractId: string, orderNo: number) => `/kerja/bendahara/${encodeURIComponent(contractId)}/${orderNo}`,
};
