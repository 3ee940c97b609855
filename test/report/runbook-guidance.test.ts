import { describe, expect, it } from 'vitest';
import { KEY_STATE_CHANGES } from '../../src/report/runbook-guidance.js';
import { KEY_STATE_CHANGE_OPERATIONS } from '../../src/world/request-quotas.js';

describe('report: runbook guidance', () => {
  it("names the same hot-key operations as the world's quota (the report may not import it)", () => {
    expect([...KEY_STATE_CHANGES].sort()).toEqual([...KEY_STATE_CHANGE_OPERATIONS].sort());
  });
});
