export {
  MASK,
  MIN_SECRET_RUN,
  maskKnownFormats,
  redactFinding,
  redactFindings,
  redactRef,
  Redactor,
} from './redactor.js';
export { secretValuesInText, secretValuesOf } from './secret-values.js';
