import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for web/ from the composed supergraph (web/src/gql/supergraph.graphql, written
// by web/scripts/printSupergraph.cjs). `npm run codegen:check` points these at a temp dir.
const schema = process.env.CODEGEN_SCHEMA ?? 'web/src/gql/supergraph.graphql';
const outDir = process.env.CODEGEN_OUT_DIR ?? 'web/src/gql/';

const config: CodegenConfig = {
  schema,
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**', '!web/src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    [outDir]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string' },
        skipTypename: false,
      },
    },
  },
  // Formatted with the repository's Prettier settings wherever the output goes (codegen:check uses /tmp).
  hooks: { afterAllFileWrite: ['prettier --write --config .prettierrc.json'] },
};

export default config;
