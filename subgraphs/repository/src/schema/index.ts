import { batchEntityResolution } from './batchedEntities';
import { builder } from './builder';
import './scalars';
import './enums';
import './user';
import './repository';
import './collaborator';
import './organization';
import './team';
import './commit';
import './tree';
import './login';
import './quota';

export const schema = batchEntityResolution(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' }),
);
