// Every query defaults to errorPolicy 'all' (see createApolloClient): a federated answer may be
// partial, and pages render what arrived next to the error. Declared here for the types.
// Apollo's declaration merging point is a namespace.
/* eslint-disable @typescript-eslint/no-namespace */
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}

export {};
