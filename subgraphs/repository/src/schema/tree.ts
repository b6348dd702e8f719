import { TreeEntryTypeEnum } from './enums';
import { BlobRef, TreeEntryRef } from './refs';

TreeEntryRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'From the repository root' }),
    type: t.field({ type: TreeEntryTypeEnum, resolve: (e) => e.type }),
    mode: t.exposeString('mode', { description: 'Git file mode, e.g. 100644, 100755, 040000' }),
    size: t.exposeInt('size', { nullable: true, description: 'Bytes; null for directories' }),
    oid: t.exposeString('oid'),
  }),
});

BlobRef.implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    text: t.exposeString('text', {
      nullable: true,
      description: 'UTF-8 text, cut at the size limit; null for binary content',
    }),
    isBinary: t.exposeBoolean('isBinary'),
    byteSize: t.exposeInt('byteSize'),
    truncated: t.exposeBoolean('truncated', {
      description: 'The file is larger than the text limit and `text` holds its beginning',
    }),
  }),
});
