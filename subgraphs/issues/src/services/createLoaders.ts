import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IssueSchema, type Issue, type Label } from '../db/entities';
import { labelsOfIssues } from './labelStore';

export interface Loaders {
  labelsByIssue: DataLoader<string, Label[]>;
  openIssueCount: DataLoader<string, number>;
  issueById: DataLoader<string, Issue | null>;
}

/** Per-request batching: a page of issues costs one statement per kind of data, not one per issue. */
export function createLoaders(root: EntityManager): Loaders {
  const em = root.fork();
  return {
    labelsByIssue: new DataLoader(async (ids) => {
      const byIssue = await labelsOfIssues(em, ids);
      return ids.map((id) => byIssue.get(id) ?? []);
    }),
    openIssueCount: new DataLoader(async (repositories) => {
      const rows = await em.execute<{ repository: string; open: string | number }[]>(
        `select repository, count(*) as open from issues
          where state = 'OPEN' and repository in (${repositories.map(() => '?').join(', ')})
          group by repository`,
        [...repositories],
      );
      const counts = new Map(rows.map((r) => [r.repository, Number(r.open)]));
      return repositories.map((r) => counts.get(r) ?? 0);
    }),
    issueById: new DataLoader(async (ids) => {
      const issues = await em.find(IssueSchema, { id: { $in: [...ids] } });
      const byId = new Map(issues.map((i) => [i.id, i]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
