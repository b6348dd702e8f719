export interface BoundedLruLimits {
  /** Most entries kept. */
  maxEntries: number;
  /** Most (approximate) bytes kept, as the caller sizes each entry. */
  maxBytes: number;
}

interface Slot<V> {
  value: V;
  bytes: number;
}

/**
 * A least-recently-used map bounded by entry count and by approximate size: the oldest entries
 * go first when either bound is passed, and an entry larger than `maxBytes` is not kept.
 */
export class BoundedLru<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private totalBytes = 0;

  constructor(private readonly limits: BoundedLruLimits) {}

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    // Most recently used last: Map keeps insertion order, so the first key is the oldest.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    this.slots.set(key, { value, bytes });
    this.totalBytes += bytes;
    while (this.slots.size > this.limits.maxEntries || this.totalBytes > this.limits.maxBytes) {
      const oldest = this.slots.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.totalBytes -= slot.bytes;
  }

  clear(): void {
    this.slots.clear();
    this.totalBytes = 0;
  }
}
