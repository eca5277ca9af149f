export { redactFinding, redactFindings, redactRef, Redactor, type FileTimeBound } from './redactor.js';
