import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(240_000);

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

describe('switching strategies at runtime', () => {
  it('moves every stored key through all five strategies and back', async () => {
    const { acked } = await writeKeys(svc.client, 's-', 300);
    await svc.client.request('mutation { delete(key: "s-0") }');
    acked.delete('s-0');
    for (const kind of ['CHECKPOINTING', 'REPLICATION', 'HYBRID', 'SQL', 'BASELINE']) {
      const data = await svc.client.request<{
        switchStrategy: { from: string; to: string; keysMoved: number };
      }>('mutation($k: StrategyKind!) { switchStrategy(kind: $k) { from to keysMoved } }', {
        k: kind,
      });
      expect(data.switchStrategy).toMatchObject({ to: kind, keysMoved: 299 });
      expect(await verifyKeys(svc.client, acked)).toEqual([]);
      expect(await svc.client.values(['s-0'])).toEqual([undefined]);
    }
  });

  it('SQL keeps every acknowledged write through a process crash', async () => {
    await svc.client.switchStrategy('SQL');
    const { acked } = await writeKeys(svc.client, 'sql-', 100, 4);
    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();
    expect((await svc.client.status()).strategy).toBe('SQL');
    const report = await svc.client.recover();
    expect(report.recoveredFrom).toBe('DATABASE');
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(await verifyKeys(svc.client, acked)).toEqual([]);
  });
});

describe('input and permissions', () => {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (err: { code?: string }) => err.code,
    );

  it('validates keys, values, batches and configuration', async () => {
    await svc.client.switchStrategy('BASELINE');
    expect(await code(svc.client.store('k'.repeat(257), 'v'))).toBe('BAD_USER_INPUT');
    expect(await code(svc.client.store('', 'v'))).toBe('BAD_USER_INPUT');
    expect(await code(svc.client.store('k', 'v'.repeat(64 * 1024 + 1)))).toBe('BAD_USER_INPUT');
    expect(await code(svc.client.store('k', 'v'.repeat(64 * 1024)))).toBe('OK');
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: `b${i}`, value: 'v' }));
    expect(await code(svc.client.storeBatch(tooMany))).toBe('BAD_USER_INPUT');
    expect(await code(svc.client.switchStrategy('REPLICATION', { replicas: 0 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code(svc.client.injectFailure('REPLICA_CRASH'))).toBe('BAD_USER_INPUT');
  });

  it('lets anyone read but only signed-in users write or operate', async () => {
    expect(await code(svc.anonymous.values(['k']))).toBe('OK');
    expect(await code(svc.anonymous.status())).toBe('OK');
    expect(await code(svc.anonymous.store('k', 'v'))).toBe('UNAUTHENTICATED');
    expect(await code(svc.anonymous.switchStrategy('CHECKPOINTING'))).toBe('UNAUTHENTICATED');
    expect(await code(svc.anonymous.injectFailure('MEMORY_WIPE'))).toBe('UNAUTHENTICATED');
    expect(await code(svc.anonymous.recover())).toBe('UNAUTHENTICATED');
  });
});
