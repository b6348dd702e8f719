import { builder } from './builder';
import './scalars';
import './enums';
import './config';
import './replica';
import './recoveryReport';
import './entry';
import './status';
import './admin';
import './events';
import './metrics';

export const schema = builder.toSubGraphSchema({
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
});
