import { addDays, BusinessClock, isTimeZone } from '../../../src/reports/businessClock';

describe('BusinessClock', () => {
  it('gives the local date, hour and weekday in Dhaka (UTC+6)', () => {
    const clock = new BusinessClock('Asia/Dhaka');
    // 2024-03-03 18:00 UTC is Monday 2024-03-04 00:00 in Dhaka.
    expect(clock.local(Date.UTC(2024, 2, 3, 18, 0))).toEqual({ date: '2024-03-04', hour: 0, weekday: 1 });
    expect(clock.local(Date.UTC(2024, 2, 3, 17, 59, 59, 999))).toEqual({ date: '2024-03-03', hour: 23, weekday: 0 });
    expect(clock.startOfDay('2024-03-04')).toBe(Date.UTC(2024, 2, 3, 18, 0));
    expect(clock.datesBetween(Date.UTC(2024, 2, 3, 18), Date.UTC(2024, 2, 5, 18))).toEqual(['2024-03-04', '2024-03-05']);
  });

  it('follows a daylight-saving change (Europe/London, 31 March 2024)', () => {
    const clock = new BusinessClock('Europe/London');
    expect(clock.startOfDay('2024-03-31')).toBe(Date.UTC(2024, 2, 31, 0, 0));
    expect(clock.startOfDay('2024-04-01')).toBe(Date.UTC(2024, 2, 31, 23, 0));
    expect(clock.local(Date.UTC(2024, 2, 31, 0, 59)).hour).toBe(0);
    expect(clock.local(Date.UTC(2024, 2, 31, 1, 0)).hour).toBe(2);
    expect(clock.datesBetween(clock.startOfDay('2024-03-30'), clock.startOfDay('2024-04-02'))).toEqual(['2024-03-30', '2024-03-31', '2024-04-01']);
  });

  it('handles a quarter-hour offset (Asia/Kathmandu, UTC+5:45)', () => {
    const clock = new BusinessClock('Asia/Kathmandu');
    expect(clock.local(Date.UTC(2024, 0, 1, 18, 14))).toEqual({ date: '2024-01-01', hour: 23, weekday: 1 });
    expect(clock.local(Date.UTC(2024, 0, 1, 18, 15))).toEqual({ date: '2024-01-02', hour: 0, weekday: 2 });
  });

  it('does calendar arithmetic and knows zone names', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(isTimeZone('Asia/Dhaka')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
