/** The GraphQL operations behind the seed's REST API; they run through the gateway itself. */

const ISSUE = /* GraphQL */ `
  fragment RestIssue on Issue {
    id
    number
    title
    body
    state
    repository {
      fullName
    }
    author {
      login
    }
    createdAt
    updatedAt
    closedAt
    labels {
      name
    }
    commentCount
  }
`;

const COMMENT = /* GraphQL */ `
  fragment RestComment on Comment {
    id
    issue {
      id
    }
    author {
      login
    }
    body
    createdAt
  }
`;

export const REST_PAGE_SIZE = 100;

export const LIST_ISSUES = `query RestListIssues($repository: String, $state: IssueState) {
  issues(repository: $repository, state: $state, first: ${REST_PAGE_SIZE}) { nodes { ...RestIssue } }
}${ISSUE}`;

export const ISSUE_BY_ID = `query RestIssueById($id: ID!) {
  issueById(id: $id) { ...RestIssue }
}${ISSUE}`;

export const CREATE_ISSUE = `mutation RestCreateIssue($input: CreateIssueInput!) {
  createIssue(input: $input) { ...RestIssue }
}${ISSUE}`;

export const UPDATE_ISSUE = `mutation RestUpdateIssue($input: UpdateIssueInput!) {
  updateIssue(input: $input) { ...RestIssue }
}${ISSUE}`;

export const CLOSE_ISSUE = `mutation RestCloseIssue($input: CloseIssueInput!) {
  closeIssue(input: $input) { ...RestIssue }
}${ISSUE}`;

export const REOPEN_ISSUE = `mutation RestReopenIssue($input: ReopenIssueInput!) {
  reopenIssue(input: $input) { ...RestIssue }
}${ISSUE}`;

export const ISSUE_COMMENTS = `query RestIssueComments($id: ID!) {
  issueById(id: $id) { comments(first: ${REST_PAGE_SIZE}) { nodes { ...RestComment } } }
}${COMMENT}`;

export const ADD_COMMENT = `mutation RestAddComment($input: AddCommentInput!) {
  addComment(input: $input) { ...RestComment }
}${COMMENT}`;
