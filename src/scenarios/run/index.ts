/**
 * scenarios/run/: running a loaded scenario (issue #3 §3-4): its world built through the real
 * APIs, then timeline steps, workload calls and background load fired at their virtual times
 * inside a VirtualTimeDriver run, with real SDK clients retrying as configured; or served over the
 * wire to clients in other processes (issue #9).
 *
 *   runner.ts              entry point: runScenario, from world building to the ScenarioResult
 *   served-scenario.ts     the same scenario played over the wire (serve --scenario, exec)
 *   external-clients.ts    the SimEndpoint external clients reach: clients named by access key
 *   scenario-events.ts     state observations and timeline steps on the kernel (run and serve)
 *   scenario-settings.ts   a scenario's duration, metrics window, and limits as Simulator options
 *   world-builder.ts       the declared world, built through the real APIs before time 0
 *   operator.ts            the operator's SDK clients (one attempt each) and control actions
 *   operator-wire.ts       the operator's requests before time 0, straight to the simulator
 *   diagnosis-operator.ts  the operator of an action step while diagnosis is captured
 *   timeline-steps.ts      one timeline step: a fault injected or healed, or an operator action
 *   clients.ts             the clients under test, with the scenario's retry settings
 *   workload-calls.ts      a workload's operation as an SDK command, and its fixtures
 *   background-load.ts     the `load` section as running load generators (src/load/)
 *   scenario-names.ts      logical scenario names → the real ids the world gave them
 *
 * What the run observed is judged in ../check/; diagnosis capture is ../../report/diagnosis-capture.ts.
 */
export { runScenario, workloadTimes, type ScenarioResult, type RunOptions } from './runner.js';
export { Operator } from './operator.js';
export { ScenarioNames } from './scenario-names.js';
export { WorldBuildError } from './world-builder.js';
export { ServedScenario, type ServedResult, type WorldNames } from './served-scenario.js';
