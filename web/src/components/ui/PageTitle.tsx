import { useEffect, type ReactNode } from 'react';

/** The page's h1, and the browser tab's title to match. */
export function PageTitle({ children, text, sub }: { children?: ReactNode; text: string; sub?: ReactNode }) {
  useEffect(() => {
    document.title = `${text} · Prasasti`;
  }, [text]);
  return (
    <header className="page-title">
      <h1>{children ?? text}</h1>
      {sub && <div className="page-title__sub">{sub}</div>}
    </header>
  );
}
