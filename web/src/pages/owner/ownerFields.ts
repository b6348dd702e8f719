import { graphql } from '../../gql';

export const QuotaFieldsFragment = graphql(`
  fragment QuotaFields on OwnerQuota {
    maxRepositories
    maxSizeBytes
    repositoryCount
    sizeBytes
  }
`);

/** A repository row of an owner's or a team's list. */
export const RepositoryRowFragment = graphql(`
  fragment RepositoryRow on Repository {
    fullName
    name
    owner {
      login
    }
    description
    private
    updatedAt
  }
`);
