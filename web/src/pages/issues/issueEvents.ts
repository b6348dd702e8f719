import { graphql } from '../../gql';

/**
 * Live changes to a repository's issues. The API publishes CREATED, UPDATED, CLOSED, REOPENED
 * and COMMENTED; editing or deleting a comment publishes no event (yet).
 */
export const IssueEventsSubscription = graphql(`
  subscription IssueEvents($repository: String!) {
    issueEvents(repository: $repository) {
      id
      action
      actor {
        login
      }
      issue {
        id
        number
        title
        state
      }
      comment {
        id
      }
    }
  }
`);
