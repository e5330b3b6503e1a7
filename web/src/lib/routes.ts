/** The app's addresses (Indonesian words, since they are read and shared). */
export const paths = {
  search: '/',
  contract: (id: string) => `/kontrak/${encodeURIComponent(id)}`,
  process: (id: string) => `/tender/${encodeURIComponent(id)}`,
  verify: '/verifikasi',
  network: '/jaringan',
};
