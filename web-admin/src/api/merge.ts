const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')
    : a === b;

/**
 * After someone else saved first: the form for the latest version, keeping each field the
 * colleague changed here and taking every other field from the latest version. A field they did
 * not touch must not carry the old value back over the other person's change.
 */
export function keepTypedChanges<F extends object>(typed: F, readBefore: F, latest: F): F {
  const merged = { ...latest };
  for (const key of Object.keys(typed) as (keyof F)[]) {
    if (!same(typed[key], readBefore[key])) merged[key] = typed[key];
  }
  return merged;
}
