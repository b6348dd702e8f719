export { startEmbeddedPostgres, type EmbeddedPostgres } from './startEmbeddedPostgres';
