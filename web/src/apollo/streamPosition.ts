/** How many recent event keys a stream remembers to drop a repeated delivery. */
const REMEMBERED = 512;

/**
 * Where a resumable subscription stands: the cursor of the last event it delivered (what a
 * resubscription passes as `after`) and the keys (cursor and id) of recent events, so an event
 * delivered twice (replay overlapping live, a resubscription racing the old one) is applied once.
 */
export class StreamPosition {
  private cursor: string | undefined;
  private readonly recent = new Set<string>();

  /** The cursor to resume after; undefined before the first event. */
  get lastCursor(): string | undefined {
    return this.cursor;
  }

  /**
   * Records an event; false when it was seen already (the caller drops it). An event without a
   * cursor is passed on without bookkeeping.
   */
  accept(event: { cursor?: unknown; id?: unknown }): boolean {
    const cursor = typeof event.cursor === 'string' ? event.cursor : undefined;
    const id = typeof event.id === 'string' ? event.id : undefined;
    const keys = [cursor && `c:${cursor}`, id && `i:${id}`].filter((k): k is string => !!k);
    if (keys.some((key) => this.recent.has(key))) return false;
    for (const key of keys) {
      this.recent.add(key);
      if (this.recent.size > REMEMBERED) {
        const oldest = this.recent.values().next();
        if (!oldest.done) this.recent.delete(oldest.value);
      }
    }
    if (cursor) this.cursor = cursor;
    return true;
  }

  /** After CURSOR_EXPIRED: start again from live (the page reloads its data instead). */
  forgetCursor(): void {
    this.cursor = undefined;
  }
}
