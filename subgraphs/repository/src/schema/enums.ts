import { builder } from './builder';

export const TreeEntryTypeEnum = builder.enumType('TreeEntryType', {
  values: {
    BLOB: { description: 'A file' },
    TREE: { description: 'A directory' },
    SUBMODULE: { description: 'A commit of another repository (gitlink)' },
    SYMLINK: { description: 'A symbolic link; its blob holds the target path' },
  } as const,
});

export const RepositoryPermissionEnum = builder.enumType('RepositoryPermission', {
  description:
    'Private: only the owner reads and writes. Public: everyone reads, the owner writes.',
  values: {
    ADMIN: { description: 'The owner: reads, pushes, deletes' },
    READ: { description: 'Reads and clones' },
  } as const,
});
