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
    "Gitea's levels, each including the ones before it. Public repositories: everyone READs",
  values: {
    NONE: { description: 'Cannot see the repository (private)' },
    READ: { description: 'Sees and clones; opens issues and comments' },
    WRITE: { description: 'Also pushes, closes, labels and assigns any issue' },
    ADMIN: {
      description:
        'Also manages collaborators and settings, deletes the repository (owner, organization owners, site admins, ADMIN collaborators and teams)',
    },
  } as const,
});
