import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateSecret } from '@gitforge/env';
import { HealthChecks } from '@gitforge/health';
import { createLogger, type Logger } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import { startServiceServer } from '@gitforge/server';
import { createApiRoutes } from './api/createApiRoutes';
import { Authenticator } from './auth/authenticate';
import { runGit } from './git/runGit';
import { createGithostMetrics } from './githostMetrics';
import { Presenter } from './presentation/Presenter';
import { CollaboratorService } from './services/CollaboratorService';
import { createPullServices } from './services/createPullServices';
import { HookService } from './services/HookService';
import { OrgService } from './services/OrgService';
import { Permissions } from './services/Permissions';
import { RepositoryService } from './services/RepositoryService';
import { seedDemo } from './services/seedDemo';
import { UserService } from './services/UserService';
import { createSmartHttpRoute } from './smartHttp/createSmartHttpRoute';
import { installHooks } from './smartHttp/pushLog';
import { installPreReceiveHook } from './smartHttp/pushPolicy';
import { GithostStore } from './store/GithostStore';
import { PullStore } from './store/PullStore';
import { createWebRoutes } from './web/createWebRoutes';
import { AccessEvents } from './webhooks/AccessEvents';
import { PushEvents } from './webhooks/PushEvents';
import {
  DEFAULT_DELIVERY,
  WebhookDeliverer,
  type DeliveryOptions,
} from './webhooks/WebhookDeliverer';

const CLOSE_GRACE_MS = 3000;

export interface GithostOptions {
  /** GITFORGE_DATA_DIR; githost keeps everything under `<dataDir>/githost/`. */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Public base URL for links in responses; defaults to the address listened on. */
  rootUrl?: string;
  /** The demo user's password when it is created; generated when absent. */
  demoPassword?: string;
  /** Accepted by `POST /api/v1/admin/users`; generated into `<dataDir>/secrets/` when absent. */
  adminToken?: string;
  /** Creates `demo` and `demo/hello` on first start (default true). */
  seedDemo?: boolean;
  /** Path of git-http-backend; found next to git (`git --exec-path`) when absent. */
  gitHttpBackend?: string;
  webhookDelivery?: Partial<DeliveryOptions>;
  logger?: Logger;
}

export interface Githost {
  url: string;
  adminToken: string;
  /** Set when this start created the demo user. */
  demoPassword?: string;
  close(): Promise<void>;
}

async function findHttpBackend(configured: string | undefined): Promise<string> {
  const backend =
    configured ?? join((await runGit(['--exec-path'])).toString('utf8').trim(), 'git-http-backend');
  try {
    await access(backend, constants.X_OK);
  } catch {
    throw new Error(`git-http-backend not found at ${backend}: install git (with its core tools)`);
  }
  return backend;
}

/** The embedded git host: Gitea's API subset and smart HTTP over bare repositories. */
export async function createGithost(options: GithostOptions): Promise<Githost> {
  const logger = options.logger ?? createLogger('githost');
  const dataDir = resolve(options.dataDir);
  const githostDir = join(dataDir, 'githost');
  const reposDir = join(githostDir, 'repos');
  const tmpDir = join(githostDir, 'tmp');
  await mkdir(githostDir, { recursive: true, mode: 0o700 });
  await mkdir(reposDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  const backend = await findHttpBackend(options.gitHttpBackend);
  const hooksDir = await installHooks(githostDir);
  await installPreReceiveHook(hooksDir);
  const adminToken = options.adminToken ?? loadOrCreateSecret(dataDir, 'githost-admin-token');

  const store = await GithostStore.open(githostDir);
  const users = new UserService(store);
  const perms = new Permissions(store);
  const repos = new RepositoryService(store, reposDir, logger, perms);
  const hooks = new HookService(store);
  const orgs = new OrgService(store, perms);
  const collaborators = new CollaboratorService(store);
  const auth = new Authenticator(users, adminToken);
  let rootUrl = options.rootUrl?.replace(/\/+$/, '');
  const present = new Presenter(() => rootUrl ?? '', users, perms);
  const metrics = createMetrics('githost');
  const own = createGithostMetrics(metrics.registry);
  const deliverer = new WebhookDeliverer(
    logger,
    { ...DEFAULT_DELIVERY, ...options.webhookDelivery },
    (outcome) => own.webhookDeliveries.inc({ outcome }),
  );
  const pushEvents = new PushEvents(repos, hooks, present, deliverer, logger);
  const accessEvents = new AccessEvents(repos, hooks, present, deliverer, logger);
  const pullStore = await PullStore.open(githostDir);
  const pulls = createPullServices({
    store,
    pullStore,
    repos,
    perms,
    hooks,
    present,
    deliverer,
    logger,
    tmpDir,
  });
  // Refs githost moves itself (merges) are pushes too: webhooks, then pull requests catch up.
  const refsMoved = async (
    ref: Parameters<typeof pushEvents.handle>[0],
    updates: Parameters<typeof pushEvents.handle>[1],
    pusher: Parameters<typeof pushEvents.handle>[2],
  ) => {
    await pushEvents.handle(ref, updates, pusher);
    await pulls.afterPush(ref, updates, pusher);
  };
  pulls.merges.onRefsUpdated = refsMoved;
  present.pullFacts = {
    parentOf: (repo) => pulls.forks.parentOf(repo),
    forkCount: (repo) => pulls.forks.forksOf(repo).length,
    openPulls: (repo) =>
      pullStore.data.pulls.filter((p) => p.repoId === repo.id && p.state === 'open').length,
  };

  const seeded =
    options.seedDemo === false
      ? {}
      : await seedDemo(users, repos, githostDir, options.demoPassword);

  const health = new HealthChecks();
  health.add('repositories', () => access(reposDir, constants.R_OK | constants.W_OK));
  const server = await startServiceServer({
    service: 'githost',
    port: options.port ?? 0,
    host: options.host,
    logger,
    metrics,
    health,
    routes: [
      ...createApiRoutes({
        users,
        repos,
        hooks,
        orgs,
        collaborators,
        perms,
        accessEvents,
        pulls,
        present,
        auth,
        logger,
      }),
      createSmartHttpRoute({
        auth,
        users,
        repos,
        reposDir,
        hooksDir,
        tmpDir,
        backend,
        logger,
        metrics: own,
        onPush: refsMoved,
        pushPolicy: (ref, pusher) => pulls.pushPolicy(ref, pusher),
      }),
      ...createWebRoutes({ auth, users, repos }),
    ],
  });
  // A wildcard bind address is no address to link to.
  rootUrl ??= server.url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');

  return {
    url: server.url,
    adminToken,
    demoPassword: seeded.createdPassword,
    close: async () => {
      // Idle connections close at once; busy ones (a client that stopped reading a response)
      // get a grace period, then are cut so shutdown never hangs.
      const closing = server.close();
      const force = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      await closing;
      clearTimeout(force);
      await pushEvents.settle();
      await deliverer.close();
      await store.flush();
      await pullStore.flush();
    },
  };
}
