import type { GitActor } from '../services/records';
import { builder } from './builder';
import { BranchRef, CommitRef } from './refs';

const GitActorRef = builder.objectRef<GitActor>('GitActor').implement({
  description: 'The author or committer recorded in a commit',
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    date: t.expose('date', { type: 'DateTime', nullable: true }),
  }),
});

CommitRef.implement({
  fields: (t) => ({
    oid: t.exposeString('oid', { description: 'The commit id (SHA)' }),
    abbreviatedOid: t.string({ resolve: (c) => c.oid.slice(0, 7) }),
    message: t.exposeString('message'),
    messageHeadline: t.string({ resolve: (c) => c.message.split('\n', 1)[0] ?? '' }),
    author: t.field({ type: GitActorRef, resolve: (c) => c.author }),
    committer: t.field({ type: GitActorRef, resolve: (c) => c.committer }),
    parentOids: t.exposeStringList('parentOids'),
  }),
});

BranchRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    isDefault: t.exposeBoolean('isDefault'),
    isProtected: t.exposeBoolean('isProtected'),
    headOid: t.exposeString('headOid', { nullable: true, description: 'The commit it points at' }),
  }),
});
