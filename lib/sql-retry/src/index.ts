export { retrySerializable, sqlStateOf, type RetryOptions } from './retrySerializable';
