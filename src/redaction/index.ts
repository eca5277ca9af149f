export { redactFindings, redactRef, Redactor } from './redactor.js';
