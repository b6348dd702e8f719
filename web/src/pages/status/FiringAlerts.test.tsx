import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FiringAlerts } from './FiringAlerts';

describe('FiringAlerts', () => {
  it('lists the firing alerts with severity and summary', () => {
    render(
      <FiringAlerts
        alerts={{
          ok: true,
          firing: [
            {
              name: 'GitForgeServiceDown',
              severity: 'critical',
              summary: 'Every githost replica is down',
              since: '2026-12-07T19:00:00.000Z',
            },
            { name: 'GitForgeSubgraphSlow', severity: 'warning', summary: 'slow', since: null },
          ],
        }}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      'critical alert GitForgeServiceDown',
      'warning alert GitForgeSubgraphSlow',
    ]);
    expect(items[0]!.textContent).toContain('Every githost replica is down');
    expect(items[0]!.textContent).toContain('since');
    expect(items[1]!.textContent).not.toContain('since');
  });

  it('says so when nothing fires', () => {
    render(<FiringAlerts alerts={{ ok: true, firing: [] }} />);
    expect(screen.getByText('No alerts firing.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the alerts are unknown when Prometheus cannot be read, never "none firing"', () => {
    render(
      <FiringAlerts
        alerts={{ ok: false, firing: [], detail: 'Prometheus unreachable (ECONNREFUSED)' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Alerts are unknown: Prometheus unreachable (ECONNREFUSED).',
    );
    expect(screen.queryByText('No alerts firing.')).toBeNull();
  });
});
