import { BoundedLru } from '../../src/execution/BoundedLru';

describe('BoundedLru', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const lru = new BoundedLru<string>({ maxEntries: 2, maxBytes: 1000 });
    lru.set('a', 'A', 1);
    lru.set('b', 'B', 1);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 1);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.size).toBe(2);
  });

  it('keeps at most maxBytes, and never an entry larger than that', () => {
    const lru = new BoundedLru<string>({ maxEntries: 100, maxBytes: 10 });
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    lru.set('c', 'C', 4);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(8);
    lru.set('huge', 'H', 11);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.bytes).toBe(8);
  });

  it('replacing a key counts its new size only', () => {
    const lru = new BoundedLru<string>({ maxEntries: 10, maxBytes: 100 });
    lru.set('a', 'A', 30);
    lru.set('a', 'A2', 40);
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(40);
    lru.delete('a');
    expect(lru.bytes).toBe(0);
  });
});
