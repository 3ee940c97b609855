/**
 * The answer to one out-of-band control action (`POST /_sim/actions`, `sim.runAction`). It lives
 * here, below both control/ (which produces it) and transport/ (which serves it), so neither has to
 * import the other (the layer table: test/conventions/import-direction.test.ts).
 */
export type ControlResult =
  | { readonly ok: true; readonly [member: string]: unknown }
  | { readonly ok: false; readonly message: string };
