import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import Markdown from './Markdown';

const hostile = [
  '# Title',
  '<script>window.pwned = true</script>',
  '<img src="x" onerror="window.pwned = true">',
  '[click](javascript:window.pwned=true)',
  '[data](data:text/html,<script>alert(1)</script>)',
  '<a href="javascript:alert(1)">raw link</a>',
  '<iframe src="https://example.com"></iframe>',
  '| a | b |\n|---|---|\n| 1 | 2 |',
].join('\n\n');

describe('Markdown', () => {
  it('renders Markdown and GFM tables', () => {
    const { container } = render(<Markdown source={hostile} />);
    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.querySelector('table')).not.toBeNull();
  });

  it('never produces script, event handlers, frames or script URLs', () => {
    const { container } = render(<Markdown source={hostile} />);
    expect(container.querySelector('script, iframe, object, embed')).toBeNull();
    for (const element of container.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name.startsWith('on')).toBe(false);
        expect(attribute.value).not.toMatch(/^\s*(javascript|vbscript|data):/i);
      }
    }
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
    // Raw HTML shows up as text, not as elements.
    expect(container.textContent).toContain('<script>');
  });

  it('opens links without handing over window.opener', () => {
    const { container } = render(<Markdown source="[site](https://example.com)" />);
    expect(container.querySelector('a')?.getAttribute('rel')).toContain('noopener');
  });
});
