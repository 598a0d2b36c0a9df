/** Case-insensitive glob where `*` matches any run of characters (also none). */
export function globMatch(pattern: string, value: string): boolean {
  const p = pattern.toLocaleLowerCase('en-US');
  const v = value.toLocaleLowerCase('en-US');
  const parts = p.split('*');
  if (parts.length === 1) return p === v;
  if (!v.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = v.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return v.length - last.length >= at && v.endsWith(last);
}
