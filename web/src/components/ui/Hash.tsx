import { shortHash } from '../../lib/format';

/** A hash or transaction id, shortened for the eye; the whole value is in the title and is copied when selected. */
export function Hash({ value, full }: { value: string; full?: boolean }) {
  return (
    <code className="hash" title={value}>
      {full ? value : shortHash(value.toLowerCase())}
    </code>
  );
}
