/**
 * "Did you mean …?" for typos in keys and names (issue #3 "Bad input": a typo gets one clear
 * message). Edit distance with adjacent transpositions counted as one edit (optimal string
 * alignment), since `fualt` for `fault` is the commonest typo; the lists compared are a few dozen
 * short names at most.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The closest candidate, if close enough to be a plausible typo: within a third of the word's
 * length (1 to 3 edits; none for words under 3 characters, where everything is "close"), or
 * differing only in case, or else the one candidate that contains the word. Ties go to the
 * earlier candidate so the suggestion is deterministic.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length < 3 ? 0 : Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const list = [...candidates];
  for (const candidate of list) {
    if (candidate === word) return undefined;
    const distance =
      candidate.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, candidate);
    if (distance <= Math.max(limit, 0.5) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? onlyContaining(word, list);
}

/** `partition` → `network-partition`: a word that is part of exactly one candidate. */
function onlyContaining(word: string, candidates: readonly string[]): string | undefined {
  if (word.length < 4) return undefined;
  const lower = word.toLowerCase();
  const matches = candidates.filter((candidate) => candidate.toLowerCase().includes(lower));
  return matches.length === 1 ? matches[0] : undefined;
}

/** ` (did you mean 'fault'?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const suggestion = closestName(word, candidates);
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
}
