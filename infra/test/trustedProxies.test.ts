import type { IncomingMessage } from 'node:http';
import { clientAddress, trustedProxiesVariable } from '@gitforge/server';
import { overlays, renderOverlay } from './support/manifests';
import { envValue, podTemplate, podTemplates } from './support/workloads';

/**
 * The repository subgraph counts sign-in failures per client address. Behind the gateway every
 * request comes from a gateway pod: unless the pod network is a trusted proxy, every user would
 * share one address (and one lockout); with it, the address the gateway forwards counts.
 */
describe.each(overlays)('overlay %s: the repository subgraph sees the real client', (overlay) => {
  it('trusts the gateway pods, so X-Forwarded-For names the client and a forged entry does not', () => {
    const repository = podTemplate(podTemplates(renderOverlay(overlay)), 'repository');
    const trusted = trustedProxiesVariable().parse(
      envValue(repository.spec.containers[0]!, 'TRUSTED_PROXIES'),
    );
    const fromGateway = (forwardedFor: string) =>
      ({
        socket: { remoteAddress: '10.244.1.17' }, // a gateway pod
        headers: { 'x-forwarded-for': forwardedFor },
      }) as unknown as IncomingMessage;
    // The ingress controller (a pod too) saw 203.0.113.9; the client forged 198.51.100.1.
    expect(clientAddress(fromGateway('198.51.100.1, 203.0.113.9, 10.244.2.5'), trusted)).toBe(
      '203.0.113.9',
    );
  });
});
