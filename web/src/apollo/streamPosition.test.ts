import { describe, expect, it } from 'vitest';
import { StreamPosition } from './streamPosition';

describe('StreamPosition', () => {
  it('remembers the cursor of the last event delivered', () => {
    const position = new StreamPosition();
    expect(position.lastCursor).toBeUndefined();
    expect(position.accept({ id: 'e1', cursor: 'c1' })).toBe(true);
    expect(position.accept({ id: 'e2', cursor: 'c2' })).toBe(true);
    expect(position.lastCursor).toBe('c2');
  });

  it('turns away an event seen before, by cursor or by id, without moving the cursor', () => {
    const position = new StreamPosition();
    position.accept({ id: 'e1', cursor: 'c1' });
    position.accept({ id: 'e2', cursor: 'c2' });
    expect(position.accept({ id: 'e1', cursor: 'c1' })).toBe(false);
    expect(position.accept({ id: 'e1-again', cursor: 'c1' })).toBe(false);
    expect(position.accept({ id: 'e2', cursor: 'c2-other' })).toBe(false);
    expect(position.lastCursor).toBe('c2');
  });

  it('passes events without cursor or id on untouched', () => {
    const position = new StreamPosition();
    expect(position.accept({})).toBe(true);
    expect(position.accept({})).toBe(true);
    expect(position.lastCursor).toBeUndefined();
  });

  it('forgets its cursor after expiry but still drops repeats', () => {
    const position = new StreamPosition();
    position.accept({ id: 'e1', cursor: 'c1' });
    position.forgetCursor();
    expect(position.lastCursor).toBeUndefined();
    expect(position.accept({ id: 'e1', cursor: 'c1' })).toBe(false);
    expect(position.accept({ id: 'e9', cursor: 'c9' })).toBe(true);
    expect(position.lastCursor).toBe('c9');
  });

  it('keeps a bounded memory: the oldest events are forgotten first', () => {
    const position = new StreamPosition();
    for (let n = 0; n < 1000; n += 1) position.accept({ id: `e${n}`, cursor: `c${n}` });
    // 512 keys remembered: the last 256 events (two keys each).
    expect(position.accept({ id: 'e999', cursor: 'c999' })).toBe(false);
    expect(position.accept({ id: 'e744', cursor: 'c744' })).toBe(false);
    expect(position.accept({ id: 'e0', cursor: 'c0' })).toBe(true);
  });
});
