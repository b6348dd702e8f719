import type { IncomingMessage } from 'node:http';
import { clientAddress, trustedProxiesVariable } from '@gitforge/server';
import { overlays, renderOverlay } from './support/manifests';
import { envValue, podTemplate, podTemplates } from './support/workloads';

/**
 * Sign-in limits (repository subgraph, git proxy) and cost budgets (gateway) count per client
 * address. Every request reaches them from a pod in front (ingress controller, gateway): unless
 * the pod network is a trusted proxy, every user would share one address and one lockout; with
 * it, the address forwarded in X-Forwarded-For counts.
 */
describe.each(overlays)('overlay %s: per-client limits see the real client', (overlay) => {
  it.each([
    ['repository', 'the gateway'],
    ['gateway', 'the ingress controller'],
    ['git-proxy', 'the ingress controller'],
  ])('%s trusts %s, so X-Forwarded-For names the client and a forged entry does not', (name) => {
    const pod = podTemplate(podTemplates(renderOverlay(overlay)), name);
    const trusted = trustedProxiesVariable().parse(
      envValue(pod.spec.containers[0]!, 'TRUSTED_PROXIES'),
    );
    const fromGateway = (forwardedFor: string) =>
      ({
        socket: { remoteAddress: '10.244.1.17' }, // the pod in front
        headers: { 'x-forwarded-for': forwardedFor },
      }) as unknown as IncomingMessage;
    // The ingress controller (a pod too) saw 203.0.113.9; the client forged 198.51.100.1.
    expect(clientAddress(fromGateway('198.51.100.1, 203.0.113.9, 10.244.2.5'), trusted)).toBe(
      '203.0.113.9',
    );
  });
});
