/**
 * The operations the suite measures. No type is shared by all three subgraphs (resilience
 * has no entity), so the nested query is one operation whose root fields hit all three:
 * issues (root), repository (entity joins: `Issue.repository`, `Issue.author`) and resilience
 * (root `value`).
 */
export const NESTED_QUERY = `query BenchNested($repository: String!, $key: String!) {
  issues(repository: $repository, first: 20) {
    totalCount
    nodes {
      id
      number
      title
      state
      createdAt
      commentCount
      labels { name color }
      author { login fullName avatarUrl }
      repository { fullName description defaultBranch private owner { login fullName } }
    }
  }
  value(key: $key) { key value strategy }
}`;

/** Only issues-subgraph fields: the gateway's plan is one fetch to that subgraph. */
export const SINGLE_SUBGRAPH_QUERY = `query BenchIssues($repository: String!) {
  issues(repository: $repository, first: 20) {
    totalCount
    nodes { id number title state createdAt commentCount labels { name color } }
  }
}`;

export const CREATE_ISSUE = `mutation BenchCreateIssue($input: CreateIssueInput!) {
  createIssue(input: $input) { id number repository { fullName } }
}`;

export const LOGIN = `mutation BenchLogin($username: String!, $password: String!) {
  login(username: $username, password: $password) { token }
}`;

export const CREATE_REPOSITORY = `mutation BenchCreateRepository($input: CreateRepositoryInput!) {
  createRepository(input: $input) { fullName }
}`;

export const STORE_VALUE = `mutation BenchStore($key: String!, $value: String!) {
  store(key: $key, value: $value) { key }
}`;
