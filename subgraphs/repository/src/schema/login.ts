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
      'Signs in with Gitea credentials (never stored). UNAUTHENTICATED when wrong; RATE_LIMITED after repeated failures from the same address, or while the account is being guessed from many',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => ctx.login.login(args.username, args.password, ctx.clientAddress),
  }),
  logout: t.boolean({
    description:
      'Ends the current session: its token is refused from now on and the Gitea token minted at its sign-in is deleted (git with either fails). UNAUTHENTICATED without a session',
    resolve: (_root, _args, ctx) => ctx.login.logout(ctx.viewer),
  }),
  logoutEverywhere: t.boolean({
    description:
      'Ends every session of the signed-in user, in every service and on every device, and deletes every Gitea token GitForge minted for them',
    resolve: (_root, _args, ctx) => ctx.login.logoutEverywhere(ctx.viewer),
  }),
}));
