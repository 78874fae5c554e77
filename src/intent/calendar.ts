/**
 * Calendar facts of a session for purchase-intent features: month (UCI spelling), weekday, hour, and the UCI
 * "SpecialDay" closeness value. Pure, runs in Node.
 */


/** Which clock the calendar features read: the shopper's local time (browser default) or UTC. */
export type TimeZoneChoice = 'local' | 'utc';

export interface CalendarParts {
  year: number;
  /** 0 = January. */
  month: number;
  day: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
}

export function calendarParts(time: number, zone: TimeZoneChoice): CalendarParts {
  const d = new Date(time);
  const utc = zone === 'utc';
  const jsDay = utc ? d.getUTCDay() : d.getDay();
  return {
    year: utc ? d.getUTCFullYear() : d.getFullYear(),
    month: utc ? d.getUTCMonth() : d.getMonth(),
    day: utc ? d.getUTCDate() : d.getDate(),
    weekday: (jsDay + 6) % 7,
    hour: utc ? d.getUTCHours() : d.getHours(),
  };
}

const DAY_MS = 86_400_000;

/** A special day as month (1–12) and day of month, e.g. Valentine's Day `{ month: 2, day: 14 }`. */
export interface SpecialDate {
  month: number;
  day: number;
}

/** Valentine's Day and Mother's Day (second Sunday of May), the two the UCI data marks. */
export function defaultSpecialDates(year: number): SpecialDate[] {
  const firstMay = new Date(Date.UTC(year, 4, 1)).getUTCDay(); // 0 = Sunday
  const firstSunday = 1 + ((7 - firstMay) % 7);
  return [{ month: 2, day: 14 }, { month: 5, day: firstSunday + 7 }];
}

/**
 * UCI "SpecialDay": how close the visit is to a special day, in steps of 0.2. Our reading of Sakar et al. (2018):
 * for Valentine's Day it is non-zero from Feb 2 to Feb 12 and peaks at 1 on Feb 8, i.e. it rises linearly from
 * 12 days before to 1 at 6 days before (delivery time), then falls to 0 at 2 days before; it is 0 otherwise.
 */
export function specialDayCloseness(parts: CalendarParts, dates: readonly SpecialDate[]): number {
  const today = Date.UTC(parts.year, parts.month, parts.day);
  let best = 0;
  for (const date of dates) {
    for (const year of [parts.year, parts.year + 1]) {
      const before = Math.round((Date.UTC(year, date.month - 1, date.day) - today) / DAY_MS);
      if (before < 2 || before > 12) continue;
      const raw = before >= 6 ? 1 - (before - 6) / 6 : 1 - (6 - before) / 4;
      best = Math.max(best, Math.round(raw * 5) / 5);
    }
  }
  return best;
}
