/**
 * DescribeClusters / DescribeBackups filters (docs/behaviour.md §2.5): a map of filter name → accepted values.
 * Unknown filter names are CloudHsmInvalidRequestException (our choice; docs/fidelity.md).
 */
import { CloudHsmError } from './errors.js';

export function checkFilterNames(
  filters: Record<string, string[]> | undefined,
  allowed: readonly string[],
): void {
  for (const name of Object.keys(filters ?? {})) {
    if (!allowed.includes(name))
      throw new CloudHsmError(
        'CloudHsmInvalidRequestException',
        `Invalid filter ${name}. Valid filters are: ${allowed.join(', ')}.`,
      );
  }
}

/** True when `value` passes filter `name` (absent filter = everything passes). */
export function passes(
  filters: Record<string, string[]> | undefined,
  name: string,
  value: string,
): boolean {
  const accepted = filters?.[name];
  return accepted === undefined || accepted.includes(value);
}
