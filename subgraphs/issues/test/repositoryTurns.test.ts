import { RepositoryTurns } from '../src/write/RepositoryTurns';

function held() {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const work = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.push(() => resolve(name));
    });
  return { started, finishers, work };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RepositoryTurns', () => {
  it('runs the work of one repository one at a time, in order, and repositories in parallel', async () => {
    const turns = new RepositoryTurns();
    const { started, finishers, work } = held();
    const a1 = turns.run('alice/a', work('a1'));
    const a2 = turns.run('alice/a', work('a2'));
    const b1 = turns.run('alice/b', work('b1'));
    await tick();
    expect(started).toEqual(['a1', 'b1']);
    finishers[0]!();
    expect(await a1).toBe('a1');
    await tick();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    finishers[1]!();
    finishers[2]!();
    expect(await Promise.all([b1, a2])).toEqual(['b1', 'a2']);
    expect(turns.size).toBe(0);
  });

  it('hands the turn on when a work fails', async () => {
    const turns = new RepositoryTurns();
    const failed = turns.run('alice/a', () => Promise.reject(new Error('boom')));
    const next = turns.run('alice/a', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect(turns.size).toBe(0);
  });
});
