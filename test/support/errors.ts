/** Asserts that `fn` throws a ValidationError naming `prop`, optionally with a message fragment. */
export function expectInvalid(fn: () => unknown, prop: string, fragment?: string): void {
  let thrown: any;
  try { fn(); } catch (e) { thrown = e; }
  expect(thrown).toBeDefined();
  expect(thrown?.name).toBe('ValidationError');
  expect(thrown.prop).toBe(prop);
  expect(thrown.message).toContain(`invalid ${prop}:`);
  if (fragment) { expect(thrown.message).toContain(fragment); }
}
