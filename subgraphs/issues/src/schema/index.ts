import { builder } from './builder';
import { refuseFeedTokenElsewhere } from './feedToken';
import './scalars';
import './enums';
import './user';
import './label';
import './repository';
import './issue';
import './assignees';
import './comment';
import './issueEvent';
import './quota';

export const schema = refuseFeedTokenElsewhere(
  builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
  }),
);
