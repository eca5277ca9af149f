export { redactFinding, redactFindings, redactRef, Redactor } from './redactor.js';
