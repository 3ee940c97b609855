/**
 * The operator a timeline action step uses while diagnosis is captured (issue #5 §1): real SDK
 * clients (one attempt each) whose every request and answer also reaches
 * DiagnosisCapture.operatorCall, so the runbook shows the AWS CLI command a person would type and
 * what the service returned. Faults and heals use the plain operator: they make no API requests.
 */
import type { WireRequest, WireResponse } from '../../protocol/wire.js';
import type { DiagnosisCapture } from '../../report/diagnosis-capture.js';
import type { Simulator } from '../../simulator.js';
import type { SimEndpoint } from '../../transport/sim-endpoint.js';
import { durationMs } from '../duration.js';
import type { TimelineStep } from '../scenario.js';
import { Operator } from './operator.js';

/** The simulator as the operator's clients see it, handing each exchange of step `index` to the capture. */
function recordingEndpoint(sim: Simulator, capture: DiagnosisCapture, index: number): SimEndpoint {
  return {
    region: sim.region,
    accountId: sim.accountId,
    get nowMs() {
      return sim.nowMs;
    },
    handleWire: async (request: WireRequest): Promise<WireResponse> => {
      const response = await sim.handleWire(request);
      capture.operatorCall(index, request, response);
      return response;
    },
    connectionFault: (request) => sim.connectionFault(request),
    advanceMs: (deltaMs) => sim.advanceMs(deltaMs),
    advanceToMs: (targetMs) => sim.advanceToMs(targetMs),
    advanceToMsBounded: (targetMs, maxEvents) => sim.advanceToMsBounded(targetMs, maxEvents),
    worldSnapshot: () => sim.worldSnapshot(),
    runAction: (request) => sim.runAction(request),
    traceJsonLines: () => sim.traceJsonLines(),
    tracePage: (after, limit) => sim.tracePage(after, limit),
  };
}

/** Step `index` starts: the capture traces it, and an action step gets a recording operator. */
export function operatorForStep(
  sim: Simulator,
  capture: DiagnosisCapture,
  index: number,
  step: TimelineStep,
  fallback: Operator,
): Operator {
  capture.stepStarting(index, step, durationMs(step.at));
  if (step.action === undefined) return fallback;
  return new Operator(sim, recordingEndpoint(sim, capture, index));
}
