/** Only the fields given: `undefined` means "not sent", `null` means "clear it". */
export const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
