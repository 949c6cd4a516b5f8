/** Calendar months as "YYYY-MM" strings (UTC), for the date archive and the monthly sitemaps. */

/** "YYYY-MM" of every month from the first instant's month to the last's, newest first. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let m = last.slice(0, 7);
  const stop = first.slice(0, 7);
  while (m >= stop) {
    months.push(m);
    m = previousMonth(m);
  }
  return months;
}

export function previousMonth(month: string): string {
  const [y, mo] = month.split("-").map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
}

/** The instant the month after "YYYY-MM" starts. */
export function nextMonth(month: string): string {
  const [y, mo] = month.split("-").map(Number) as [number, number];
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
  return `${next}-01T00:00:00.000Z`;
}
