import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Breadcrumbs } from './Breadcrumbs';

describe('Breadcrumbs', () => {
  it('links every directory up to the current item', () => {
    render(
      <MemoryRouter>
        <Breadcrumbs owner="demo" name="hello" path="src/lib/a b.ts" gitRef="dev" />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'hello' }).getAttribute('href')).toBe(
      '/demo/hello?ref=dev',
    );
    expect(screen.getByRole('link', { name: 'src' }).getAttribute('href')).toBe(
      '/demo/hello/tree/src?ref=dev',
    );
    expect(screen.getByRole('link', { name: 'lib' }).getAttribute('href')).toBe(
      '/demo/hello/tree/src/lib?ref=dev',
    );
    const current = screen.getByText('a b.ts');
    expect(current.getAttribute('aria-current')).toBe('page');
    expect(current.tagName).toBe('SPAN');
  });
});
