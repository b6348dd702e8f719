import type { ObjectRef } from '@pothos/core';
import { builder, type SchemaTypes } from './builder';

interface UserKey {
  login: string;
}

/** A GitForge user, owned by the repository subgraph; here only a reference by login. */
export const UserRef: ObjectRef<SchemaTypes, UserKey> = builder
  .externalRef('User', builder.keyDirective(builder.selection<UserKey>('login'), false))
  .implement({
    fields: (t) => ({ login: t.exposeString('login') }),
  });

export const userOf = (login: string): UserKey => ({ login });
