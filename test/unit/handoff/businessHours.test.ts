import { parseBusinessHours, BusinessHoursError } from '../../../src/domain/businessHours';

// 2026-11-23 is a Monday. Dhaka is UTC+6 all year.
const dhaka = (isoLocal: string) => Date.parse(`${isoLocal}+06:00`);

describe('business hours', () => {
  const hours = parseBusinessHours('sat-thu 10:00-20:00; fri closed', 'Asia/Dhaka', ['2026-12-16']);

  it('is open inside the weekly hours and closed outside, on Fridays and holidays', () => {
    expect(hours.isOpen(dhaka('2026-11-23T10:00:00'))).toBe(true);
    expect(hours.isOpen(dhaka('2026-11-23T19:59:00'))).toBe(true);
    expect(hours.isOpen(dhaka('2026-11-23T20:00:00'))).toBe(false);
    expect(hours.isOpen(dhaka('2026-11-23T09:59:00'))).toBe(false);
    expect(hours.isOpen(dhaka('2026-11-27T12:00:00'))).toBe(false); // Friday
    expect(hours.isOpen(dhaka('2026-12-16T12:00:00'))).toBe(false); // Victory Day
  });

  it('says honestly when people are back, in both languages', () => {
    const lateMonday = dhaka('2026-11-23T22:15:00');
    const next = hours.nextOpening(lateMonday)!;
    expect(next).toBe(dhaka('2026-11-24T10:00:00'));
    expect(hours.describe(next, lateMonday, 'en')).toBe('tomorrow at 10:00');
    expect(hours.describe(next, lateMonday, 'bn')).toBe('আগামীকাল ১০:০০ টায়');
    const earlyMonday = dhaka('2026-11-23T07:00:00');
    expect(hours.describe(hours.nextOpening(earlyMonday)!, earlyMonday, 'en')).toBe('today at 10:00');
    const thursdayNight = dhaka('2026-11-26T21:00:00');
    expect(hours.nextOpening(thursdayNight)).toBe(dhaka('2026-11-28T10:00:00'));
    expect(hours.describe(hours.nextOpening(thursdayNight)!, thursdayNight, 'en')).toBe('on Saturday at 10:00');
    expect(hours.describe(dhaka('2026-12-17T10:00:00'), dhaka('2026-12-15T21:00:00'), 'bn')).toBe('বৃহস্পতিবার ১০:০০ টায়');
  });

  it('is always open for "always"', () => {
    const always = parseBusinessHours('always', 'Asia/Dhaka');
    expect(always.isOpen(dhaka('2026-11-27T03:00:00'))).toBe(true);
  });

  it('refuses unreadable settings with a clear message', () => {
    expect(() => parseBusinessHours('someday 10-20', 'Asia/Dhaka')).toThrow(BusinessHoursError);
    expect(() => parseBusinessHours('mon 18:00-09:00', 'Asia/Dhaka')).toThrow(/end after it starts/);
    expect(() => parseBusinessHours('always', 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => parseBusinessHours('always', 'Asia/Dhaka', ['16 Dec'])).toThrow(/holiday/);
  });
});
