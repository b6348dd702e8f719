/**
 * What one resolution of a field costs, in points, by `Type.field` of the composed API schema.
 * A field not listed costs 1 (a column, a row the subgraph already loaded). Listed fields cause
 * upstream work: a Gitea call, a count over a table, an entity fetch that asks Gitea. The
 * figures are relative to that 1 and follow what each call costs Gitea (reading a file's
 * contents is the dearest; a listing walks a tree or a commit graph). The cost of everything
 * below a field with `first`/`last` is multiplied by that page size, so a list of repositories
 * each reading a blob pays for every blob. `fieldCosts.test.ts` checks that each key exists in
 * the subgraphs' schemas, so a renamed field cannot silently fall back to 1.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  // Repository subgraph → Gitea.
  'Query.repository': 5,
  'Query.repositories': 10,
  'Query.viewer': 1,
  'User.repositories': 10,
  'User.fullName': 5,
  'User.avatarUrl': 5,
  'Repository.blob': 50,
  'Repository.tree': 25,
  'Repository.commits': 25,
  'Repository.branches': 10,
  'Mutation.createRepository': 50,
  'Mutation.deleteRepository': 50,
  'Mutation.login': 50,
  // Organizations, teams and collaborators: Gitea listings, and one Gitea call per write.
  'Query.organization': 5,
  'Organization.members': 10,
  'Organization.teams': 10,
  'Organization.repositories': 10,
  'Team.members': 10,
  'Team.repositories': 10,
  // A listing plus each collaborator's level (a Gitea call each).
  'Repository.collaborators': 25,
  'Repository.assignableUsers': 10,
  // Counts and sums an owner's repositories (a Gitea listing) and asks the issues subgraph.
  'User.quota': 10,
  'Mutation.createOrganization': 50,
  'Mutation.createTeam': 50,
  'Mutation.addTeamMember': 50,
  'Mutation.removeTeamMember': 50,
  'Mutation.addTeamRepository': 50,
  'Mutation.removeTeamRepository': 50,
  'Mutation.addCollaborator': 50,
  'Mutation.removeCollaborator': 50,
  // Issues subgraph: a permission check (Gitea unless cached), then the database.
  'Query.issues': 5,
  'Query.issue': 5,
  'Query.issueById': 5,
  'Repository.issues': 5,
  // A COUNT per repository: across a repository list it is one count per repository.
  'Repository.openIssueCount': 5,
  // An entity fetch the repository subgraph answers from Gitea.
  'Issue.repository': 5,
  'Mutation.createIssue': 10,
  'Mutation.updateIssue': 10,
  'Mutation.closeIssue': 10,
  'Mutation.reopenIssue': 10,
  'Mutation.addComment': 10,
  'Mutation.updateComment': 10,
  'Mutation.deleteComment': 10,
  // A permission check and the assignee's level (Gitea unless cached), then the database.
  'Mutation.assignIssue': 10,
  'Mutation.unassignIssue': 10,
  'Mutation.setOwnerQuota': 10,
  'Mutation.resetOwnerQuota': 10,
};

/** The cost of one resolution of `typeName.fieldName`. */
export type FieldCost = (typeName: string, fieldName: string) => number;

/** Looks fields up in `table`; unlisted fields cost `fallback`. */
export function fieldCostFrom(
  table: Readonly<Record<string, number>> = FIELD_COSTS,
  fallback = 1,
): FieldCost {
  return (typeName, fieldName) => table[`${typeName}.${fieldName}`] ?? fallback;
}
