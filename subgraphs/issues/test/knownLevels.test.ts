import { KnownRepositories } from '../src/permissions/KnownRepositories';

/*
 * KnownRepositories.levels (issue 16): users' levels learnt from checks decide without a call
 * only with the repository's facts, while the bus is live and within the max age; a change
 * message for the repository drops them at once, a lost bus drops all, and an answer asked
 * before either is not learnt.
 */

const facts = { owner: 'alice', private: true, giteaId: 1 };
const publicFacts = { owner: 'alice', private: false, giteaId: 2 };
let live = true;
let now = 1_000;
const known = () => new KnownRepositories({ live: () => live, now: () => now, maxAgeMs: 10_000 });
const viewer = (login: string) => ({ login });

beforeEach(() => {
  live = true;
  now = 1_000;
});

it('decides a learnt level, on private and public repositories', () => {
  const memory = known();
  memory.learn('alice/p', facts, memory.ticket('alice/p'));
  memory.learn('alice/o', publicFacts, memory.ticket('alice/o'));
  // Not learnt yet: a private repository asks; a public one is readable, its level unknown.
  expect(memory.decide(viewer('carol'), 'alice/p')).toBeUndefined();
  expect(memory.decide(viewer('carol'), 'alice/o')).toEqual({ visible: true, facts: publicFacts });
  memory.learnLevel('alice/p', 'Carol', 'write', memory.ticket('alice/p'));
  memory.learnLevel('alice/p', 'dave', 'none', memory.ticket('alice/p'));
  memory.learnLevel('alice/o', 'carol', 'admin', memory.ticket('alice/o'));
  expect(memory.decide(viewer('carol'), 'ALICE/p')).toEqual({
    visible: true,
    facts,
    level: 'write',
  });
  expect(memory.decide(viewer('dave'), 'alice/p')).toEqual({ visible: false });
  expect(memory.decide(viewer('carol'), 'alice/o')).toEqual({
    visible: true,
    facts: publicFacts,
    level: 'admin',
  });
  // The owner and anonymous callers need no learnt level.
  expect(memory.decide(viewer('alice'), 'alice/p')).toEqual({
    visible: true,
    facts,
    level: 'admin',
  });
  expect(memory.decide(null, 'alice/p')).toEqual({ visible: false });
  expect(memory.decide(null, 'alice/o')).toMatchObject({ level: 'read' });
});

it('a change message drops the repository’s levels at once, others stay', () => {
  const memory = known();
  for (const repository of ['alice/p', 'alice/q']) {
    memory.learn(repository, facts, memory.ticket(repository));
    memory.learnLevel(repository, 'carol', 'read', memory.ticket(repository));
  }
  const asked = memory.ticket('alice/p');
  memory.forget('alice/p');
  expect(memory.decide(viewer('carol'), 'alice/p')).toBeUndefined();
  expect(memory.decide(viewer('carol'), 'alice/q')).toMatchObject({ level: 'read' });
  // An answer asked before the change is not learnt.
  memory.learn('alice/p', facts, asked);
  memory.learnLevel('alice/p', 'carol', 'read', asked);
  expect(memory.decide(viewer('carol'), 'alice/p')).toBeUndefined();
  expect(memory.levelCount).toBe(1);
});

it('a lost bus drops every level; nothing is decided or learnt while not live', () => {
  const memory = known();
  memory.learn('alice/p', facts, memory.ticket('alice/p'));
  memory.learnLevel('alice/p', 'carol', 'write', memory.ticket('alice/p'));
  const asked = memory.ticket('alice/p');
  expect(memory.clear()).toEqual(['alice/p']);
  expect(memory.levelCount).toBe(0);
  memory.learnLevel('alice/p', 'carol', 'write', asked);
  expect(memory.levelCount).toBe(0);
  live = false;
  memory.learn('alice/p', facts, memory.ticket('alice/p'));
  memory.learnLevel('alice/p', 'carol', 'write', memory.ticket('alice/p'));
  expect(memory.levelCount).toBe(0);
  expect(memory.decide(viewer('alice'), 'alice/p')).toBeUndefined();
});

it('levels older than the max age are asked again', () => {
  const memory = known();
  memory.learn('alice/p', facts, memory.ticket('alice/p'));
  now += 5_000;
  memory.learnLevel('alice/p', 'carol', 'read', memory.ticket('alice/p'));
  now += 6_000;
  // The facts are too old now (learnt 11 s ago): nothing is decided.
  expect(memory.decide(viewer('carol'), 'alice/p')).toBeUndefined();
  memory.learn('alice/p', facts, memory.ticket('alice/p'));
  expect(memory.decide(viewer('carol'), 'alice/p')).toMatchObject({ level: 'read' });
  now += 5_000;
  // The level (learnt 11 s ago) is too old while the facts (5 s) are not.
  expect(memory.decide(viewer('carol'), 'alice/p')).toBeUndefined();
  expect(memory.levelCount).toBe(0);
});
