/**
 * This browser's desk: a name kept in the browser, so each desk's "my cards" holds only the people
 * registered here (an operator may move between desks; the desk, not the account, follows the card).
 */
export function deskId(): string {
  const KEY = 'cardgate.desk';
  let id = localStorage.getItem(KEY);
  if (!id || !/^[A-Za-z0-9_-]{1,40}$/.test(id)) {
    id = `desk-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
    localStorage.setItem(KEY, id);
  }
  return id;
}
