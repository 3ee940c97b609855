/**
 * "Did you mean …?" for typos in keys and names (issue #3 "Bad input": a typo gets one clear
 * message). Plain Levenshtein distance; the lists compared are a few dozen short names at most.
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: within a third of the
 * word's length (at least 1, at most 3 edits), or differing only in case, or else the one
 * candidate that contains the word. Ties go to the earlier candidate so the suggestion is
 * deterministic.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const list = [...candidates];
  for (const candidate of list) {
    if (candidate === word) return undefined;
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, candidate);
    if (distance <= limit && distance < bestDistance) {
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
