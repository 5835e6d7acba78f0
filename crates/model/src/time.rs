//! Instants as the API writes them, without a clock.
//!
//! The model never reads the time: every operation that needs it is given `now_ms`, milliseconds
//! since the Unix epoch (devapi reads the system clock, the demo `Date.now()`, tests pick any
//! number). This module only turns such a number into the API's ISO 8601 text.

/// One second, in milliseconds.
pub const SECOND_MS: u64 = 1_000;
/// One minute, in milliseconds.
pub const MINUTE_MS: u64 = 60 * SECOND_MS;
/// One hour, in milliseconds.
pub const HOUR_MS: u64 = 60 * MINUTE_MS;
/// One day, in milliseconds.
pub const DAY_MS: u64 = 24 * HOUR_MS;

/// `ms` since the epoch as `2026-03-01T09:30:00.000Z` (UTC, millisecond precision), the form the
/// API's `created_at` fields take.
pub fn iso8601(ms: u64) -> String {
    let days = ms / DAY_MS;
    let in_day = ms % DAY_MS;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / HOUR_MS,
        (in_day % HOUR_MS) / MINUTE_MS,
        (in_day % MINUTE_MS) / SECOND_MS,
        in_day % SECOND_MS
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`,
/// restricted to dates after the epoch, which is all a `u64` of milliseconds can name).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01, so leap days fall at the end of each 400-year era.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(951_868_799_999), "2000-02-29T23:59:59.999Z");
        assert_eq!(iso8601(1_756_717_200_000), "2025-09-01T09:00:00.000Z");
        assert_eq!(iso8601(1_767_225_599_000), "2025-12-31T23:59:59.000Z");
        assert_eq!(iso8601(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso8601(4_107_542_400_000), "2100-03-01T00:00:00.000Z");
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        // 160 years of days, across the 2000 leap year and the non-leap year 2100.
        let mut previous = iso8601(0);
        for day in 1..(160 * 366) {
            let text = iso8601(day * DAY_MS);
            assert!(text > previous, "{text} after {previous}");
            assert!(text.ends_with("T00:00:00.000Z"), "{text}");
            previous = text;
        }
        assert!(previous.starts_with("2130-"), "{previous}");
    }
}
