export { Errors } from './validation-error';
