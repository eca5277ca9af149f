import { describe, expect, it } from '@jest/globals';
import { findRenderer } from '../../src/render/exec/binaries.js';

describe('the renderer tests use', () => {
  it('is the bundled kubectl, even when a kubectl is on PATH (the Jest setup pins it)', () => {
    expect(process.env.GITOPS_GUARD_RENDERER).toBe('bundled');
    expect(findRenderer({}, { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin' })?.from).toBe('bundled');
  });

  it('falls back to the bundled kubectl when PATH has none and nothing pins it', () => {
    expect(findRenderer({}, { PATH: '/nonexistent' })?.from).toBe('bundled');
  });
});
