import { builder } from './builder';
import './scalars';
import './enums';
import './user';
import './label';
import './repository';
import './issue';
import './comment';
import './issueEvent';

export const schema = builder.toSubGraphSchema({
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
});
