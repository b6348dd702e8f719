import type { LoginResult } from '../services/LoginService';
import { builder } from './builder';
import { UserRef } from './refs';

const LoginPayload = builder.objectRef<LoginResult>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'The session JWT: send it as "Authorization: Bearer <token>"',
    }),
    user: t.field({ type: UserRef, resolve: (r) => ({ login: r.user.login, record: r.user }) }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description:
      'Signs in with Gitea credentials (never stored). UNAUTHENTICATED when wrong; RATE_LIMITED after repeated failures',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => ctx.login.login(args.username, args.password, ctx.clientAddress),
  }),
}));
