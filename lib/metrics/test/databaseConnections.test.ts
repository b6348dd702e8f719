import { createMetrics } from '../src';

describe('database_connections', () => {
  it('samples the pool on every scrape, with max and waiting when the pool tells them', async () => {
    const metrics = createMetrics('issues');
    let sample = { used: 3, idle: 1, max: 4, waiting: 0 };
    metrics.trackDatabasePool(() => sample);
    const read = async () =>
      (await metrics.registry.getSingleMetric('database_connections')!.get()).values
        .map((v) => `${v.labels.state}=${v.value}`)
        .sort();
    expect(await read()).toEqual(['idle=1', 'max=4', 'used=3', 'waiting=0']);
    sample = { used: 4, idle: 0, max: 4, waiting: 7 };
    expect(await read()).toEqual(['idle=0', 'max=4', 'used=4', 'waiting=7']);
  });

  it('reports only used and idle for a pool without a limit or a queue', async () => {
    const metrics = createMetrics('resilience');
    metrics.trackDatabasePool(() => ({ used: 0, idle: 0 }));
    const values = (await metrics.registry.getSingleMetric('database_connections')!.get()).values;
    expect(values.map((v) => v.labels.state).sort()).toEqual(['idle', 'used']);
  });
});
