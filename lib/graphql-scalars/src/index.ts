export { DateTimeScalar } from './dateTimeScalar';
