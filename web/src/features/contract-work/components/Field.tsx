import { useId, type ReactNode } from 'react';

/** A labelled control; the label and help are tied to the control by id. */
export function Field({ label, help, wide, children }: { label: string; help?: string; wide?: boolean; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={wide ? 'field cw-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {help && <p className="field-help">{help}</p>}
    </div>
  );
}
