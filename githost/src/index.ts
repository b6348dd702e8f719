export { createGithost, type Githost, type GithostOptions } from './createGithost';
export { apiRoutes } from './api/createApiRoutes';
export { signPayload } from './webhooks/WebhookDeliverer';
