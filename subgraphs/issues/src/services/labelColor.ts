import { createHash } from 'node:crypto';

/** A stable colour for a label created implicitly by name (hex, no `#`). */
export function labelColor(name: string): string {
  return createHash('sha1').update(name.toLowerCase()).digest('hex').slice(0, 6);
}
