import { useId, type ReactNode } from 'react';

/** A titled part of a page: a landmark region named by its heading. */
export function Section({ id: anchor, title, children, actions, className }: { id?: string; title: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section id={anchor} className={['section', className].filter(Boolean).join(' ')} aria-labelledby={id}>
      <div className="section__head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
