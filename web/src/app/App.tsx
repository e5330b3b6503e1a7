/** Providers and routes. */
import { useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { createQueryClient } from '../lib/query-client';
import { SessionProvider } from '../lib/session';
import { useLiveLedger } from '../lib/live';
import { createRouter } from './router';

export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(() => createRouter(client));
  return (
    <QueryClientProvider client={client}>
      <SessionProvider>
        <LiveLedger />
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  );
}

/** Pages on screen follow new blocks (lib/live.ts). */
function LiveLedger() {
  useLiveLedger();
  return null;
}
