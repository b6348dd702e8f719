import { Migration20261127000000 } from './Migration20261127000000';
import { Migration20261207000000 } from './Migration20261207000000';
import { Migration20261207120000 } from './Migration20261207120000';
import { Migration20261207160000 } from './Migration20261207160000';
import { Migration20261208000000 } from './Migration20261208000000';
import { Migration20261208000100 } from './Migration20261208000100';
import { Migration20261208010000 } from './Migration20261208010000';

/** Every migration, in order; listed explicitly so dist/ and ts-run tests need no file globbing. */
export const migrationsList = [
  { name: 'Migration20261127000000', class: Migration20261127000000 },
  { name: 'Migration20261207000000', class: Migration20261207000000 },
  { name: 'Migration20261207120000', class: Migration20261207120000 },
  { name: 'Migration20261207160000', class: Migration20261207160000 },
  { name: 'Migration20261208000000', class: Migration20261208000000 },
  { name: 'Migration20261208000100', class: Migration20261208000100 },
  { name: 'Migration20261208010000', class: Migration20261208010000 },
];
