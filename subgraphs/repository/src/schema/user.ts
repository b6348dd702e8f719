import type { RepositoryContext } from '../context';
import type { UserRecord } from '../services/records';
import { builder } from './builder';
import { RepositoryConnection, UserRef, type UserShape } from './refs';

const record = async (user: UserShape, ctx: RepositoryContext): Promise<UserRecord | null> =>
  user.record !== undefined ? user.record : ctx.users.find(user.login);

UserRef.implement({
  description: 'A Gitea user',
  fields: (t) => ({
    login: t.exposeString('login'),
    fullName: t.string({
      nullable: true,
      resolve: (user, _args, ctx) =>
        user.record !== undefined
          ? (user.record?.fullName ?? null)
          : record(user, ctx).then((found) => found?.fullName ?? null),
    }),
    avatarUrl: t.string({
      nullable: true,
      resolve: (user, _args, ctx) =>
        user.record !== undefined
          ? (user.record?.avatarUrl ?? null)
          : record(user, ctx).then((found) => found?.avatarUrl ?? null),
    }),
    repositories: t.field({
      type: RepositoryConnection,
      description: "The user's repositories the viewer may see, by name",
      args: {
        search: t.arg.string(),
        first: t.arg.int({ defaultValue: 20 }),
        after: t.arg.string(),
      },
      resolve: (user, args, ctx) => ctx.repositories.list({ ...args, owner: user.login }),
    }),
  }),
});

builder.asEntity(UserRef, {
  key: builder.selection<{ login: string }>('login'),
  // Issue authors are referenced by login alone; their details load only when asked for
  // (already known ones go along, so that their fields answer without a promise each).
  resolveReference: (ref, ctx) => {
    const known = ctx.users.peek(ref.login);
    return known ? { login: ref.login, record: known } : { login: ref.login };
  },
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user; null when anonymous',
    resolve: (_root, _args, ctx) => (ctx.viewer ? { login: ctx.viewer.login } : null),
  }),
}));
