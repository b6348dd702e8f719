import { graphql } from '../../gql';

/** A team as the teams tab and the team page show it. */
export const TeamSummaryFragment = graphql(`
  fragment TeamSummary on Team {
    id
    name
    description
    permission
    includesAllRepositories
  }
`);
