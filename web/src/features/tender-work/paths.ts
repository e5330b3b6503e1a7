/** The tender workspace's addresses. */
export const tenderWorkPaths = {
  home: '/kerja/tender',
  pokja: '/kerja/pokja',
  create: '/kerja/tender/baru',
  tender: (id: string) => `/kerja/tender/${encodeURIComponent(id)}`,
};
