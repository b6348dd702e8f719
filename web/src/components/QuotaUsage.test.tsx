import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeQuota, formatBytes, QuotaUsage } from './QuotaUsage';

describe('quota usage', () => {
  it('formats sizes in binary units, short', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12 * 1024 ** 2)).toBe('12 MB');
    expect(formatBytes(1024 ** 3)).toBe('1 GB');
    expect(formatBytes(250.4 * 1024 ** 3)).toBe('250 GB');
  });

  it('says "3 of 100 repositories, 12 MB of 1 GB" and shows nothing without a quota', () => {
    const quota = {
      repositoryCount: 3,
      maxRepositories: 100,
      sizeBytes: 12 * 1024 ** 2,
      maxSizeBytes: 1024 ** 3,
    };
    expect(describeQuota(quota)).toBe('3 of 100 repositories, 12 MB of 1 GB');
    const { unmount } = render(<QuotaUsage quota={quota} />);
    expect(screen.getByRole('meter', { name: 'Repositories' }).getAttribute('aria-valuenow')).toBe(
      '3',
    );
    unmount();
    const { container } = render(<QuotaUsage quota={null} />);
    expect(container.textContent).toBe('');
  });
});
