/**
 * Renders a Vega specification to SVG text synchronously and the same on every machine.
 *
 * - Text widths: Vega measures text with node-canvas when that package happens to be installed,
 *   and estimates from character counts otherwise; the estimate is forced here, so installing
 *   `canvas` (or a different font) never changes a chart.
 * - Ids: Vega numbers clip paths and gradients with process-wide counters; they are reset before
 *   each render, so a chart does not depend on how many were drawn before it.
 * - Synchronous: `View.run()` evaluates a dataflow whose data is all inline without waiting for
 *   anything (only data loading is asynchronous), and the string renderer is then called directly
 *   with the view's size and origin. The tests check that the result equals Vega's own
 *   asynchronous `view.toSVG()`, so an upgrade that broke this would fail loudly.
 */
import * as vega from 'vega';

interface StringRenderer {
  initialize(
    el: null,
    width: number,
    height: number,
    origin: readonly [number, number],
    scaleFactor?: number,
  ): StringRenderer;
  background(color: string | null): StringRenderer;
  render(scene: unknown): StringRenderer;
  svg(): string | null;
}

/** Parts of Vega's public exports that its typings do not declare. */
interface VegaExtras {
  readonly SVGStringRenderer: new (loader?: unknown) => StringRenderer;
  readonly textMetrics: { canvas(use: boolean): void };
}

const extras = vega as unknown as VegaExtras;

/** A view of the spec with its dataflow evaluated (renderer 'none': nothing is drawn yet). */
export function evaluatedView(spec: vega.Spec): vega.View {
  extras.textMetrics.canvas(false);
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  void view.run();
  return view;
}

/** The spec as SVG text; the spec must use autosize 'none', padding 0 and a numeric width/height. */
export function renderSvgSync(spec: vega.Spec): string {
  if (
    spec.autosize !== 'none' ||
    spec.padding !== 0 ||
    typeof spec.width !== 'number' ||
    typeof spec.height !== 'number'
  ) {
    throw new Error('renderSvgSync needs autosize "none", padding 0 and numeric width and height');
  }
  const view = evaluatedView(spec);
  const renderer = new extras.SVGStringRenderer(view.loader())
    .initialize(null, spec.width, spec.height, [0, 0], 1)
    .background(view.background());
  const svg = renderer.render((view.scenegraph() as unknown as { root: unknown }).root).svg();
  view.finalize();
  if (svg === null) throw new Error('Vega rendered nothing');
  return svg;
}
