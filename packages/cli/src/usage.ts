/** Bad usage: wrong or missing arguments. The CLI exits with code 2. */
export class UsageError extends Error {
  name = 'UsageError';
}
