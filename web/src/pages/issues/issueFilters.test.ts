import { describe, expect, it } from 'vitest';
import { listOfLabels, readIssueFilters, toSearch, withLabels } from './issueFilters';

const read = (query: string) => readIssueFilters(new URLSearchParams(query));

describe('issue list filters in the URL', () => {
  it('reads labels as a comma list, as repeated params and from the old single `label`', () => {
    expect(read('labels=bug,ui').labels).toEqual(['bug', 'ui']);
    expect(read('labels=bug&labels=ui').labels).toEqual(['bug', 'ui']);
    expect(read('label=bug').labels).toEqual(['bug']);
    expect(read('labels=bug,%20ui,,bug&label=ui').labels).toEqual(['bug', 'ui']);
    expect(read('labels=good%20first%20issue').labels).toEqual(['good first issue']);
    expect(read('')).toEqual({ state: 'OPEN', labels: [], search: '', assignee: '' });
    expect(read('state=closed&q=crash')).toEqual({
      state: 'CLOSED',
      labels: [],
      search: 'crash',
      assignee: '',
    });
    expect(read('assignee=alice').assignee).toBe('alice');
  });

  it('writes the comma form, keeps other params and drops the old `label`', () => {
    const params = new URLSearchParams('state=closed&label=bug&q=a,b');
    expect(toSearch(withLabels(params, ['bug', 'good first issue']))).toBe(
      '?state=closed&q=a,b&labels=bug,good+first+issue',
    );
    expect(toSearch(withLabels(params, []))).toBe('?state=closed&q=a,b');
    expect(toSearch(new URLSearchParams())).toBe('');
    // What is written reads back the same.
    const written = toSearch(withLabels(params, ['bug', 'ui']));
    expect(read(written.slice(1))).toEqual({
      state: 'CLOSED',
      labels: ['bug', 'ui'],
      search: 'a,b',
      assignee: '',
    });
  });

  it('names the selection for the "all of" hint', () => {
    expect(listOfLabels(['bug'])).toBe('bug');
    expect(listOfLabels(['bug', 'ui'])).toBe('bug and ui');
    expect(listOfLabels(['bug', 'ui', 'docs'])).toBe('bug, ui and docs');
  });
});
