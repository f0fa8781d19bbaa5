/**
 * The `name` of an error from an AWS SDK v3 call (`ValidationException`, `ThrottlingException`…),
 * read structurally: the user's SDK copy may differ from ours, so never `instanceof`.
 * Undefined when the value is not an object or has no string `name`.
 */
export function awsErrorName(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const name = (error as { readonly name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}
